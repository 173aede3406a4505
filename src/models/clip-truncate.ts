/**
 * Bounds the tokeniser's work by CLIP's token budget: a caption of any length is cut before it is tokenised, so
 * that a 10 MB caption costs what a 10 kB one does, and the first 75 content tokens (all that survive truncation
 * to 77 with start- and end-of-text) are exactly those of the whole caption. What is cut is the caption as the
 * paper's tokenizer cleans it (text-clean.ts); {@link prepareClipText} cleans and cuts, and bounds the cleaning too.
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

import { nextSegmentEnd } from './text-clean-ftfy.js'
import { cleanClipText } from './text-clean.js'

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

/** Returns the longest prefix of `text` ending before ASCII whitespace, at a doubling limit, with 75 tokens; or null. */
function tokenPrefix(text: string, countTokens: (text: string) => number): string | null {
  for (let limit = CUT_START; limit < text.length; limit *= 2) {
    const prefix = prefixAtSpace(text, limit)
    if (prefix !== '' && countTokens(prefix) >= CONTENT_TOKENS) return prefix
  }
  return null
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
  // Every word of the capped text is at most WORD_CAP long, so from limit > WORD_CAP on a prefix is found and grows.
  const capped = capWords(text)
  return tokenPrefix(capped, countTokens) ?? capped
}

/** Raw captions longer than this are cleaned one ftfy segment run at a time, only as far as tokens are needed. */
const CLEAN_STEP = 1_000_000

/**
 * Returns what to tokenise for a raw caption: its text cleaned as the paper's tokenizer cleans it (text-clean.ts),
 * cut by {@link cutForTokens}. A caption longer than 1,000,000 characters is cleaned only as far as needed: ftfy
 * fixes a text in independent segments (lines, and runs of at most 1,000,000 code points), so cleaning the raw
 * prefix that ends where a segment ends gives a prefix of the cleaned whole, except at its very end (a cut word,
 * whitespace stripped, a final sigma); a 75-token prefix that ends before whitespace inside it is therefore that of
 * the whole. The prefix doubles until such a prefix exists (special tokens written in the caption split it into
 * pieces with segments of their own: up to the first one only).
 * @param text a raw caption
 * @param countTokens the content tokens of a text, by the model's tokenizer
 * @returns the cleaned text to tokenise
 * @example prepareClipText('A &amp; B', count) // 'a & b'
 */
export function prepareClipText(text: string, countTokens: (text: string) => number): string {
  if (text.length > CLEAN_STEP) {
    const special = Math.min(...['<|startoftext|>', '<|endoftext|>'].map((s) => text.indexOf(s)).filter((i) => i >= 0), text.length)
    // The prefix doubles each time, so a caption whose segments clean to almost nothing costs at most twice its length.
    for (let end = 0, target = CLEAN_STEP; ; target = 2 * end) {
      while (end < target && end < special) end = nextSegmentEnd(text, end)
      if (end >= special) break
      const cleaned = cleanClipText(text.slice(0, end))
      const prefix = cleaned.length > CUT_START ? tokenPrefix(capWords(cleaned), countTokens) : null
      if (prefix !== null) return prefix
    }
  }
  return cutForTokens(cleanClipText(text), countTokens)
}
