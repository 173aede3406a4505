// String values of parquet columns as untrusted input: strict UTF-8 (a bad value is kept apart so the caller can name
// its row) and a bound on each value's size (a longer value is cut, and its row reported).

/** A string value whose bytes are not valid UTF-8, kept apart so the caller can name its row. */
export interface InvalidText {
  /** Always true: tells the marker from a string. */
  invalidUtf8: true
  /** The text decoded with U+FFFD for the bad bytes. */
  replaced: string
}

/** A string value longer than the reader's bound, cut to it. */
export interface CutValue {
  /** The column. */
  column: string
  /** The row in the row group, from 0. */
  row: number
  /** The value's full size in UTF-8 bytes. */
  bytes: number
}

/** True when `value` is the marker of a string that was not valid UTF-8. */
export function isInvalidText(value: unknown): value is InvalidText {
  return typeof value === 'object' && value !== null && (value as InvalidText).invalidUtf8 === true
}

const fatal = new TextDecoder('utf-8', { fatal: true })
const lenient = new TextDecoder('utf-8')

/** hyparquet parsers that decode strings strictly: invalid UTF-8 gives an {@link InvalidText} marker, not U+FFFD. */
export const strictStringParsers = {
  stringFromBytes(bytes: Uint8Array | undefined): string | InvalidText | undefined {
    if (!bytes) return bytes
    try {
      return fatal.decode(bytes)
    } catch {
      return { invalidUtf8: true, replaced: lenient.decode(bytes) }
    }
  },
}

/** The longest prefix of `bytes` of at most `max` bytes that ends at a UTF-8 character boundary. */
export function utf8Prefix(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes
  let keep = max
  while (keep > 0 && (bytes[keep] & 0xc0) === 0x80) keep--
  return bytes.subarray(0, keep)
}

/**
 * Cuts, in place, every string of `columns` longer than `maxBytes` UTF-8 bytes to its longest prefix within the bound
 * (at a character boundary), and returns the cut values with their full sizes, by column then row.
 * @example boundStrings({ TEXT: ['abcdef'] }, 4) // [{ column: 'TEXT', row: 0, bytes: 6 }], TEXT is now ['abcd']
 */
export function boundStrings(columns: Record<string, unknown[]>, maxBytes: number): CutValue[] {
  const cut: CutValue[] = []
  if (!Number.isFinite(maxBytes)) return cut
  const encoder = new TextEncoder()
  // A string of n UTF-16 units has at most 3n UTF-8 bytes: shorter ones are not even measured.
  const safe = Math.floor(maxBytes / 3)
  for (const [column, values] of Object.entries(columns)) {
    for (let row = 0; row < values.length; row++) {
      const v = values[row]
      if (typeof v !== 'string' || v.length <= safe) continue
      const bytes = encoder.encode(v)
      if (bytes.length <= maxBytes) continue
      values[row] = lenient.decode(utf8Prefix(bytes, maxBytes))
      cut.push({ column, row, bytes: bytes.length })
    }
  }
  return cut
}
