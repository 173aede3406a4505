/**
 * ftfy 6.3's mojibake repair (`fix_encoding` with its default options), ported line by line from ftfy/__init__.py,
 * fixes.py, chardata.py and bad_codecs/: text that was UTF-8 but decoded in a single-byte code page ("CafÃ©") is
 * encoded back to bytes and decoded as UTF-8, when ftfy's badness heuristic says it looks like mojibake.
 *
 * Bytes are held as "binary strings" (one char per byte, 0..255), so ftfy's bytes regexes run as JavaScript
 * regexes without flag u. Python's str is a sequence of code points; a JavaScript string's surrogate pairs are one
 * code point, so every text regex here has flag u.
 */
import { BADNESS_SOURCE, CHARMAP_ENCODINGS, UTF8_DETECTOR_SOURCE, WINDOWS_1252 } from './text-clean-tables.js'

const BADNESS_RE = new RegExp(BADNESS_SOURCE, 'u')
const UTF8_DETECTOR_RE = new RegExp(UTF8_DETECTOR_SOURCE, 'gu')
const UTF8_DETECTOR_TEST = new RegExp(UTF8_DETECTOR_SOURCE, 'u')

/** One single-byte encoding: char -> byte for encoding, byte -> char for decoding. */
interface Charmap { name: string, encode: Map<number, number>, decode: string[] }

const CHARMAPS: Charmap[] = CHARMAP_ENCODINGS.map(([name, high]) => {
  const decode = Array.from({ length: 256 }, (_, b) => (b >= 0x80 ? high[b - 0x80] : b === 0x1a ? high[128] : String.fromCharCode(b)))
  return { name, decode, encode: new Map(decode.map((c, b) => [c.charCodeAt(0), b])) }
})
const SLOPPY_1252 = CHARMAPS.find((c) => c.name === 'sloppy-windows-1252')!

/** Returns true when the text looks like it contains mojibake (ftfy.badness.is_bad). */
function isBad(text: string): boolean {
  return BADNESS_RE.test(text)
}

/** `text` encoded in `map` as a binary string, or null when a character has no byte there (chardata.possible_encoding). */
function encodeCharmap(text: string, map: Charmap): string | null {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const b = map.encode.get(text.charCodeAt(i))
    if (b === undefined) return null // astral characters (two UTF-16 units) are never found: no such byte
    out += String.fromCharCode(b)
  }
  return out
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Python's strict bytes.decode('utf-8') of a binary string, or null on a decoding error. */
function decodeUtf8(bytes: string): string | null {
  try {
    return utf8.decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
}

/**
 * ftfy's 'utf-8-variants' codec (bad_codecs/utf8_variants.py): strict UTF-8, plus Java's C0 80 for U+0000 and
 * CESU-8 surrogate pairs. Python's bytes regex `$` also matches before a final b'\n': kept, as ftfy has it.
 */
function decodeUtf8Variants(b: string): string | null {
  const n = b.length
  const at = (i: number) => (i < n ? b.charCodeAt(i) : -1)
  const isEnd = (i: number) => i === n || (i === n - 1 && at(i) === 0x0a)
  const cont = (i: number, lo: number, hi: number) => at(i) >= lo && at(i) <= hi
  // SPECIAL_BYTES_RE = NULL_EXPR | CESU8_EXPR | SURROGATE_EXPR; CESU8 is a special case of SURROGATE for its start.
  const special = (p: number) => (at(p) === 0xc0 && (at(p + 1) === 0x80 || isEnd(p + 1))) ||
    (at(p) === 0xed && ((cont(p + 1, 0xa0, 0xbf) && (cont(p + 2, 0x80, 0xbf) || isEnd(p + 2))) || isEnd(p + 1)))
  let out = ''
  let pos = 0
  while (pos < n) {
    let cut = pos
    while (cut < n && !special(cut)) cut++
    if (cut > pos) {
      const plain = decodeUtf8(b.slice(pos, cut))
      if (plain === null) return null
      out += plain
      pos = cut
      continue
    }
    const rest = n - pos
    if (at(pos) === 0xc0) {
      if (rest < 2) return null
      out += '\u0000'
      pos += 2
      continue
    }
    if (rest < 6) return null // the real decoder fails on a lone surrogate or a truncated sequence
    const cesu = cont(pos + 1, 0xa0, 0xaf) && cont(pos + 2, 0x80, 0xbf) && at(pos + 3) === 0xed && cont(pos + 4, 0xb0, 0xbf) &&
      (cont(pos + 5, 0x80, 0xbf) || isEnd(pos + 5))
    if (!cesu) return null // ED A0..BF is a surrogate: strict UTF-8 rejects it
    const cp = ((at(pos + 1) & 0x0f) << 16) + ((at(pos + 2) & 0x3f) << 10) + ((at(pos + 4) & 0x0f) << 6) + (at(pos + 5) & 0x3f) + 0x10000
    out += String.fromCodePoint(cp)
    pos += 6
  }
  return out
}

// fixes.py / chardata.py byte patterns, on binary strings.
const A_GRAVE_WORD_RE = /\xc3 (?! |quele|quela|quilo|s )/g
const ALTERED_UTF8_RE = /[\xc2\xc3\xc5\xce\xd0\xd9][ ]|[\xe2\xe3][ ][\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf][ ]|[\xf0][ ][\x80-\xbf][\x80-\xbf]|[\xf0][\x80-\xbf][ ][\x80-\xbf]|[\xf0][\x80-\xbf][\x80-\xbf][ ]/g
// eslint-disable-next-line no-control-regex -- byte 1A stands for a lost byte in ftfy's sloppy codecs
const LOSSY_UTF8_RE = /[\xc2-\xdf][\x1a]|[\xc2-\xc3][?]|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]|\x1a/g
const C1_CONTROL_RE = /[\x80-\x9f]/g
const C1_CONTROL_TEST = /[\x80-\x9f]/
const ALTERED_UTF8_TEST = new RegExp(ALTERED_UTF8_RE.source)

/** fixes.restore_byte_a0: a space that stands where UTF-8 needs byte A0 becomes A0. */
function restoreByteA0(b: string): string {
  return b.replace(A_GRAVE_WORD_RE, '\xc3\xa0 ').replace(ALTERED_UTF8_RE, (m) => m.replaceAll(' ', '\xa0'))
}

/** fixes.fix_c1_controls: C1 controls read as their Windows-1252 characters, as browsers do. */
export function fixC1Controls(text: string): string {
  return text.replace(C1_CONTROL_RE, (c) => SLOPPY_1252.decode[c.charCodeAt(0)])
}

/** fixes.decode_inconsistent_utf8: UTF-8 mojibake embedded in other text, fixed piece by piece. */
function decodeInconsistentUtf8(text: string): string {
  return text.replace(UTF8_DETECTOR_RE, (sub) => (sub.length < text.length && isBad(sub) ? fixEncoding(sub) : sub))
}

/** True when every character is ASCII (chardata.possible_encoding(text, 'ascii')). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false
  return true
}

/** One step of ftfy's _fix_encoding_one_step_and_explain (default configuration): the text, fixed or unchanged. */
function fixEncodingStep(text: string): string {
  if (text.length === 0 || isAscii(text) || !isBad(text)) return text
  const possible = new Set<string>()
  for (const map of CHARMAPS) {
    let bytes = encodeCharmap(text, map)
    if (bytes === null) continue
    possible.add(map.name)
    if (map.name !== 'macroman' && ALTERED_UTF8_TEST.test(bytes)) bytes = restoreByteA0(bytes)
    if (map.name.startsWith('sloppy')) bytes = bytes.replace(LOSSY_UTF8_RE, '\xef\xbf\xbd')
    const variants = bytes.includes('\xed') || bytes.includes('\xc0')
    const fixed = variants ? decodeUtf8Variants(bytes) : decodeUtf8(bytes)
    if (fixed !== null) return fixed
  }
  if (UTF8_DETECTOR_TEST.test(text)) {
    const fixed = decodeInconsistentUtf8(text)
    if (fixed !== text) return fixed
  }
  if (possible.has('latin-1')) {
    // ftfy then asks whether "windows-1252" is possible too, a name its list never holds (it has
    // "sloppy-windows-1252"), so it always tries Latin-1 bytes as strict Windows-1252 (a hole is a decoding error).
    let fixed: string | null = ''
    for (let i = 0; i < text.length && fixed !== null; i++) {
      const c = text.charCodeAt(i)
      const d = c >= 0x80 ? WINDOWS_1252[c - 0x80] : text[i]
      fixed = d === null ? null : fixed + d
    }
    if (fixed !== null && fixed !== text) return fixed
  }
  return C1_CONTROL_TEST.test(text) ? fixC1Controls(text) : text
}

/** Repairs mojibake as ftfy.fix_encoding does: one-step fixes repeated until the text stops changing. */
export function fixEncoding(text: string): string {
  // ftfy loops until stable; a step never lengthens UTF-8 mojibake, and 64 steps bound the work whatever the input.
  for (let i = 0; i < 64; i++) {
    const next = fixEncodingStep(text)
    if (next === text) return text
    text = next
  }
  return text
}
