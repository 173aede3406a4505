/**
 * Python's `string.punctuation`: the 32 ASCII punctuation characters the authors turn into spaces
 * (`str.maketrans(string.punctuation, ' ' * 32)` in their `laion_utils.transform_text`).
 */
export const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'

const PUNCT_RE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g
const PUNCT_TEST_RE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/
const SPACE_RUN_RE = /[ \t\n\r\f\v]+/g

/**
 * Returns a caption normalised as the paper does: every ASCII punctuation character becomes a space and
 * one space is added at both ends, so a lemma `' ai '` cannot match inside `' paid '`. Nothing else
 * changes: case is kept, tabs stay tabs, runs of spaces stay runs. With `collapse`, runs of ASCII
 * whitespace become one space (extended mode).
 * @param text the raw caption
 * @param options.collapse collapse whitespace runs to one space. Default: false (the paper's behaviour).
 * @returns the padded, normalised caption
 * @example normalizeCaption("Jack-o'-lantern!") // " Jack o  lantern  "
 */
export function normalizeCaption(text: string, { collapse = false }: { collapse?: boolean } = {}): string {
  const spaced = text.replace(PUNCT_RE, ' ')
  return ' ' + (collapse ? spaced.replace(SPACE_RUN_RE, ' ') : spaced) + ' '
}

/**
 * Returns a lemma normalised exactly like a caption in extended mode (punctuation to spaces, whitespace
 * runs collapsed), without the padding and trimmed, e.g. `T-shirt` to `T shirt`, `jack-o'-lantern` to
 * `jack o lantern`. Paper mode never calls this: there, lemmas keep their punctuation and cannot match.
 * @param lemma a WordNet lemma with spaces for underscores
 * @returns the lemma as it appears in a normalised caption
 * @example normalizeLemma("jack-o'-lantern") // "jack o lantern"
 */
export function normalizeLemma(lemma: string): string {
  return lemma.replace(PUNCT_RE, ' ').replace(SPACE_RUN_RE, ' ').trim()
}

/** True when `text` holds at least one ASCII punctuation character (a paper-mode lemma that never matches). */
export function hasAsciiPunctuation(text: string): boolean {
  return PUNCT_TEST_RE.test(text)
}
