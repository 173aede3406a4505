/**
 * Bounds the tokeniser's work by CLIP's token budget: a caption of any length is cut before it is tokenised, so
 * that a 10 MB caption costs what a 10 kB one does, and the first 75 content tokens (all that survive truncation
 * to 77 with start- and end-of-text) are exactly those of the whole caption.
 *
 * Why the cut keeps them (CLIP's tokenizer.json, run by transformers.js):
 * 1. Added tokens (<|startoftext|>, <|endoftext|>) are matched in the raw text; neither contains whitespace.
 * 2. The normaliser is NFC, then every \s+ run becomes one space, then lowercase. NFC composes and reorders only
 *    within a starter and the non-starters after it, and whitespace is a starter, so NFC of a prefix that ends
 *    right before a whitespace character is the prefix of NFC of the whole; the other two steps are per run or
 *    per character.
 * 3. The pre-tokeniser splits at whitespace and removes it ([\p{L}]+, [\p{N}], [^\s\p{L}\p{N}]+, contractions,
 *    then ByteLevel's split inside each piece): no piece crosses whitespace, so the pieces of such a prefix are the
 *    first pieces of the whole.
 * 4. BPE runs on each piece separately (merge ranks and the tie-break by position inside the piece), so the
 *    prefix's tokens are the first tokens of the whole.
 * Hence if a prefix ending before an ASCII whitespace character (space, tab, line feed, carriage return, form feed,
 * vertical tab: whitespace for JavaScript's \s and Unicode's White_Space alike) has at least 75 content tokens, it
 * tokenises, after truncation to 77, to the same ids as the whole caption. The prefix is checked, not guessed: its
 * tokens are counted, and a prefix that falls short is doubled (a CLIP token covers at most 32 bytes, so
 * 4096 characters of words are normally plenty).
 *
 * One case has no whitespace to cut at: a single "word" longer than WORD_CAP characters (a 10 MB run of letters),
 * which BPE would otherwise process whole (a heap node per character). It is cut at WORD_CAP. A cut inside a piece
 * changes only merges near its end; at WORD_CAP = 8192 characters (at least ~190 tokens of up to 32 bytes) the first
 * 75 tokens lie far from it. This step is verified rather than proven: test/models/clip-truncate.test.ts compares
 * the ids with those of the uncut word on repeated letters, random letters, syllables, digits and emoji.
 */

/** Content tokens that survive truncation to 77 (start- and end-of-text take the other two). */
const CONTENT_TOKENS = 75

/** Captions up to this many characters are tokenised as they are; longer ones start from a prefix this long. */
const CUT_START = 4096

/** The longest run without ASCII whitespace that is tokenised whole. */
const WORD_CAP = 8192

const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13)

/** Returns `text` with every run of non-ASCII-whitespace characters longer than `cap` cut to `cap` (unchanged if none). */
export function capWords(text: string, cap = WORD_CAP): string {
  let out = ''
  let kept = 0 // text[0, kept) is already in out
  let run = 0
  for (let i = 0; i < text.length; i++) {
    if (isAsciiSpace(text.charCodeAt(i))) { run = 0; continue }
    if (++run === cap + 1) {
      out += text.slice(kept, i)
      let j = i
      while (j < text.length && !isAsciiSpace(text.charCodeAt(j))) j++
      kept = j
      i = j - 1
      run = 0
    }
  }
  return kept === 0 ? text : out + text.slice(kept)
}

/**
 * Returns the longest prefix of `text` of at most `limit` characters that ends right before an ASCII whitespace
 * character, or '' when there is none.
 */
export function prefixAtSpace(text: string, limit: number): string {
  for (let i = Math.min(limit, text.length - 1); i > 0; i--) if (isAsciiSpace(text.charCodeAt(i))) return text.slice(0, i)
  return ''
}

/**
 * Returns a prefix of `text` (words longer than {@link WORD_CAP} cut) whose first 75 content tokens are those of
 * the whole caption, or `text` itself when it is short.
 * @param text a caption
 * @param countTokens the content tokens of a text (without start- and end-of-text), by the model's tokenizer
 * @returns the text to tokenise
 * @example cutForTokens('a photo of a cat', count) // 'a photo of a cat' (short: unchanged)
 */
export function cutForTokens(text: string, countTokens: (text: string) => number): string {
  if (text.length <= CUT_START) return text
  const capped = capWords(text)
  // Every word of `capped` is at most WORD_CAP long, so from limit > WORD_CAP on a prefix is found and grows.
  for (let limit = CUT_START; ; limit *= 2) {
    if (limit >= capped.length) return capped
    const prefix = prefixAtSpace(capped, limit)
    if (prefix !== '' && countTokens(prefix) >= CONTENT_TOKENS) return prefix
  }
}
