/**
 * The text cleaning of the paper's CLIP tokenizer, applied before transformers.js tokenises a caption.
 *
 * The authors embed captions with transformers' slow `CLIPTokenizer` (transformers 4.27, ftfy 6.1), whose
 * `_tokenize` is `whitespace_clean(ftfy.fix_text(text)).lower()`, then a regex split and byte-level BPE. CLIP's
 * tokenizer.json, which transformers.js runs, only does NFC, whitespace and lower case, so mojibake, HTML entities,
 * curly quotes, ligatures and full-width letters gave other ids (on 0.25-0.6% of real captions). Feeding
 * transformers.js the cleaned text gives the slow tokenizer's ids: its own normalisation is then a no-op (the text
 * is NFC, single-spaced and lower case), and its split and BPE are the slow tokenizer's on such text.
 *
 * Two details of the slow tokenizer are kept:
 * - Special tokens written in the caption (`<|endoftext|>`, exactly) are split off first, and ftfy cleans each piece
 *   between them on its own (PreTrainedTokenizer.tokenize).
 * - A special token that only appears after cleaning (`<|EndOfText|>`, `&lt;|endoftext|&gt;`) is a special token
 *   for the slow tokenizer only where its regex split finds it, which it does not after punctuation ("!!<|end...");
 *   transformers.js would find it anywhere. Such a piece is passed as the slow tokenizer's split, space-separated,
 *   which transformers.js splits back into the same pieces.
 */
import { fixText } from './text-clean-ftfy.js'
import { REGEX_SPACE_CLASS, STR_SPACE_CLASS } from './text-clean-tables.js'

/** Captions with only these characters are unchanged by ftfy: printable ASCII (no '&', no '<'), tab, LF, FF, CR. */
const FAST = /^[\t\n\f\r\x20-\x25\x27-\x3b\x3d-\x7e]*$/

/** Exact special tokens in the raw caption: the slow tokenizer's added-token split. */
const SPECIAL_SPLIT = /(<\|startoftext\|>|<\|endoftext\|>)/

const SPACE_RUNS = new RegExp(`[${REGEX_SPACE_CLASS}]+`, 'gu')
const STRIP = new RegExp(`^[${STR_SPACE_CLASS}]+|[${STR_SPACE_CLASS}]+$`, 'gu')

/** The slow CLIPTokenizer's split pattern (compiled with re.IGNORECASE, on lower-cased text). */
const SLOW_SPLIT = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu

/** CLIPTokenizer's whitespace_clean: every whitespace run becomes one space, then the ends are stripped. */
function whitespaceClean(text: string): string {
  return text.replace(SPACE_RUNS, ' ').replace(STRIP, '')
}

/** One piece between special tokens, as the slow tokenizer's `_tokenize` sees it before the split. */
function cleanPiece(piece: string): string {
  const clean = whitespaceClean(fixText(piece)).toLowerCase()
  if (!clean.includes('<|startoftext|>') && !clean.includes('<|endoftext|>')) return clean
  return (clean.match(SLOW_SPLIT) ?? []).join(' ')
}

/**
 * Returns the caption as the paper's CLIP tokenizer cleans it before BPE: ftfy 6.3's `fix_text`, whitespace runs
 * collapsed, lower-cased (special tokens written in the caption kept). Tokenising the result with CLIP's
 * tokenizer.json gives the slow `CLIPTokenizer`'s ids.
 * @param text a caption or synset text
 * @returns the cleaned text
 * @example cleanClipText('CafÃ© &amp; “Bar”') // 'café & "bar"'
 */
export function cleanClipText(text: string): string {
  if (FAST.test(text)) return text.replace(/[\t\n\f\r ]+/g, ' ').trim().toLowerCase()
  const parts = text.split(SPECIAL_SPLIT)
  // Odd indices are the special tokens themselves; the pieces between them are cleaned one by one.
  return parts.map((p, i) => (i % 2 === 1 ? p : cleanPiece(p))).join('')
}
