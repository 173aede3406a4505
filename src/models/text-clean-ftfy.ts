/**
 * ftfy 6.3's `fix_text` with its default configuration, ported from ftfy/__init__.py and fixes.py: the cleaning
 * that transformers' slow CLIPTokenizer (the tokenizer of the paper's code) applies to every caption before BPE.
 * Each fixer keeps ftfy's name; the order, the per-line segments, the "auto" HTML rule and the loop until nothing
 * changes are ftfy's.
 */
import { fixC1Controls, fixEncoding } from './text-clean-encoding.js'
import { HTML_ENTITIES, INVALID_CHARREFS, INVALID_CODEPOINTS, LIGATURES, WIDTH_MAP } from './text-clean-tables.js'

const INVALID = new Set(INVALID_CODEPOINTS)
const LIGATURE_MAP = new Map(LIGATURES)
const WIDTH = new Map(WIDTH_MAP)

/** What Python's html.unescape makes of one complete numeric reference `&#...;` (its _replace_charref). */
function charref(num: number): string {
  const fixed = INVALID_CHARREFS[String(num)]
  if (fixed !== undefined) return fixed
  if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd'
  if (INVALID.has(num)) return ''
  return String.fromCodePoint(num)
}

/** fixes._unescape_fixup: one `&...;` match replaced when it is a known entity or a complete numeric reference. */
function unescapeOne(m: string): string {
  const named = HTML_ENTITIES[m]
  if (named !== undefined) return named
  // html.unescape on "&#...;" replaces only a reference that runs to the semicolon; anything else keeps a ';'
  // in its result, which ftfy rejects. A reference to ';' itself is rejected the same way.
  const num = /^&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));$/.exec(m)
  if (!num) return m
  const value = num[1] !== undefined ? Number(num[1]) : parseInt(num[2], 16)
  const text = charref(value)
  return text.includes(';') ? m : text
}

/** fixes.unescape_html: HTML entities and numeric references that end in a semicolon, decoded. */
function unescapeHtml(text: string): string {
  return text.replace(/&#?[0-9A-Za-z]{1,24};/g, unescapeOne)
}

/** fixes.remove_terminal_escapes: ANSI colour codes dropped (Python's \d is any decimal digit). */
function removeTerminalEscapes(text: string): string {
  // eslint-disable-next-line no-control-regex -- ESC starts the sequence
  return text.replace(/\x1b\[((?:\p{Nd}|;)*)([a-zA-Z])/gu, '')
}

/** Applies a translation table to each code point (Python's str.translate). */
function translate(text: string, table: Map<number, string>, test: RegExp): string {
  if (!test.test(text)) return text
  let out = ''
  for (const ch of text) out += table.get(ch.codePointAt(0)!) ?? ch
  return out
}

const HAS_LIGATURE = new RegExp(`[${LIGATURES.map(([c]) => `\\u{${c.toString(16)}}`).join('')}]`, 'u')
const HAS_WIDTH = /[\u3000\uff01-\uffef]/

/** fixes.uncurl_quotes: curly quotes straightened. */
function uncurlQuotes(text: string): string {
  return text.replace(/[\u201c-\u201f]/g, '"').replace(/[\u02bc\u2018-\u201b]/g, "'")
}

/** fixes.fix_line_breaks: CRLF, CR, U+2028, U+2029 and U+85 become \n. */
function fixLineBreaks(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[\r\u2028\u2029\u0085]/g, '\n')
}

/**
 * fixes.fix_surrogates. In Python a surrogate pair can stand as two code points; in JavaScript a well-formed pair is
 * already the character it encodes, so what is left are lone surrogates, which ftfy replaces with U+FFFD.
 */
function fixSurrogates(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

/** fixes.remove_control_chars: control characters with no visible effect dropped (tab, LF, FF, CR kept). */
function removeControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex -- these are the control characters ftfy removes
  return text.replace(/[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g, '')
}

/** ftfy.fix_and_explain without the explanation: the fixers in ftfy's order, repeated until nothing changes. */
function fixSegment(text: string, unescape: boolean): string {
  // ftfy loops until stable; each round can only undo one layer of damage, so 64 rounds bound the work.
  for (let round = 0; round < 64; round++) {
    const orig = text
    if (unescape) text = unescapeHtml(text)
    text = fixEncoding(text)
    text = fixC1Controls(text)
    text = translate(text, LIGATURE_MAP, HAS_LIGATURE)
    text = translate(text, WIDTH, HAS_WIDTH)
    text = uncurlQuotes(text)
    text = fixLineBreaks(text)
    text = fixSurrogates(text)
    text = removeTerminalEscapes(text)
    text = removeControlChars(text)
    text = text.normalize('NFC')
    if (text === orig) return text
  }
  return text
}

/** ftfy's max_decode_length: a segment without line breaks is cut after this many code points. */
const MAX_DECODE_LENGTH = 1_000_000

/**
 * Returns where the fix_text segment that starts at `pos` ends: after the next line feed, or after ftfy's
 * max_decode_length (1,000,000) code points, or at the end. Segments are fixed independently.
 */
export function nextSegmentEnd(text: string, pos: number): number {
  let end = text.indexOf('\n', pos) + 1
  if (end === 0) end = text.length
  if (end - pos <= MAX_DECODE_LENGTH) return end
  let i = pos // Python counts code points: a surrogate pair is one
  for (let n = 0; n < MAX_DECODE_LENGTH && i < end; n++) {
    const c = text.charCodeAt(i)
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1
  }
  return i
}

/**
 * Returns `text` as ftfy 6.3's `fix_text(text)` (default configuration) returns it: mojibake repaired, HTML
 * entities decoded (unless a '<' says the text is HTML), ligatures and full-width letters replaced, curly quotes
 * straightened, line breaks unified, control characters removed, NFC.
 * @param text any string
 * @returns the fixed text
 * @example fixText('CafÃ© &amp; “bar”') // 'Café & "bar"'
 */
export function fixText(text: string): string {
  let out = ''
  let unescape = true
  for (let pos = 0; pos < text.length;) {
    const end = nextSegmentEnd(text, pos)
    const segment = text.slice(pos, end)
    // ftfy's "auto": once a segment holds '<', entities stay as they are in it and in every later segment.
    if (unescape && segment.includes('<')) unescape = false
    out += fixSegment(segment, unescape)
    pos = end
  }
  return out
}
