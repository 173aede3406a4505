// The parts of parquet's page layer that the byte-array reader needs: Thrift compact-protocol page headers and the
// RLE / bit-packed hybrid encoding of levels and dictionary indices (parquet-format's Encodings.md). Every read is
// bounds-checked against the bytes left, and every container's declared size is compared with them before any loop:
// each element of the compact protocol takes at least one byte (a bool inside a list or map is one byte, 1 or 2), so
// a declared size larger than the bytes left cannot be right, whatever the element type.

/** A cursor over bytes. */
export interface Cursor {
  bytes: Uint8Array
  at: number
}

/** A Thrift struct as read: field id to value (ints as numbers, structs as nested objects, binaries as views). */
type ThriftStruct = Map<number, unknown>

/** Structs, lists and maps nested deeper than this are refused (a page header nests two deep). */
const MAX_DEPTH = 16

/** Throws unless `n` more bytes are left at the cursor. */
function need(c: Cursor, n: number, what: string): void {
  const left = c.bytes.length - c.at
  if (!(n <= left)) throw new Error(`thrift: ${what} needs ${n} bytes, ${Math.max(0, left)} left`)
}

function varint(c: Cursor): number {
  let result = 0
  let shift = 0
  for (;;) {
    if (c.at >= c.bytes.length) throw new Error('thrift: unexpected end of data inside a varint')
    const b = c.bytes[c.at++]
    result += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return result
    shift += 7
    if (shift > 63) throw new Error('thrift: varint too long')
  }
}

function zigzag(c: Cursor): number {
  const n = varint(c)
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2
}

/** Reads a collection's element count and checks that `perElement` bytes each fit in what is left. */
function collectionSize(c: Cursor, size: number, perElement: number, what: string): number {
  need(c, size * perElement, `a ${what} of ${size} elements`)
  return size
}

function readValue(c: Cursor, type: number, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error(`thrift: values nested deeper than ${MAX_DEPTH}`)
  switch (type) {
    case 1: return true
    case 2: return false
    case 3: need(c, 1, 'a byte'); return c.bytes[c.at++]
    case 4: case 5: case 6: return zigzag(c)
    case 7: need(c, 8, 'a double'); c.at += 8; return null
    case 8: {
      const n = varint(c)
      need(c, n, 'a binary')
      const v = c.bytes.subarray(c.at, c.at + n)
      c.at += n
      return v
    }
    case 9: case 10: {
      need(c, 1, 'a list header')
      const h = c.bytes[c.at++]
      const size = collectionSize(c, (h >> 4) === 15 ? varint(c) : h >> 4, 1, 'list')
      const items: unknown[] = []
      for (let i = 0; i < size; i++) items.push(readElement(c, h & 15, depth + 1))
      return items
    }
    case 11: {
      const size = varint(c)
      if (size === 0) return []
      need(c, 1, 'a map header')
      const kv = c.bytes[c.at++]
      collectionSize(c, size, 2, 'map')
      for (let i = 0; i < size; i++) { readElement(c, kv >> 4, depth + 1); readElement(c, kv & 15, depth + 1) }
      return []
    }
    case 12: return readStruct(c, depth + 1)
    default: throw new Error(`thrift: unknown field type ${type}`)
  }
}

/** Reads an element of a list or map: as a field's value, except that a bool takes one byte (1 true, else false). */
function readElement(c: Cursor, type: number, depth: number): unknown {
  if (type === 1 || type === 2) {
    need(c, 1, 'a bool')
    return c.bytes[c.at++] === 1
  }
  return readValue(c, type, depth)
}

/**
 * Reads one Thrift compact-protocol struct at the cursor (booleans, integers, binaries, lists and nested structs; maps
 * and doubles are skipped), leaving the cursor after its stop byte.
 */
function readStruct(c: Cursor, depth = 0): ThriftStruct {
  if (depth > MAX_DEPTH) throw new Error(`thrift: values nested deeper than ${MAX_DEPTH}`)
  const out: ThriftStruct = new Map()
  let id = 0
  for (;;) {
    if (c.at >= c.bytes.length) throw new Error('thrift: unexpected end of data inside a struct')
    const h = c.bytes[c.at++]
    if (h === 0) return out
    const delta = h >> 4
    id = delta === 0 ? zigzag(c) : id + delta
    out.set(id, readValue(c, h & 15, depth))
  }
}

/** The fields of a page header that the reader uses (parquet.thrift PageHeader). */
interface PageHeader {
  /** 0 DATA_PAGE, 2 DICTIONARY_PAGE, 3 DATA_PAGE_V2 (1, INDEX_PAGE, is skipped). */
  type: number
  uncompressedSize: number
  compressedSize: number
  /** Values in the page (with nulls), for data and dictionary pages. */
  values: number
  /** Value encoding: 0 PLAIN, 2 PLAIN_DICTIONARY, 8 RLE_DICTIONARY, others unsupported here. */
  encoding: number
  /** DATA_PAGE_V2 only: nulls, byte lengths of the level sections, and whether the values are compressed. */
  nulls: number
  defLength: number
  repLength: number
  compressed: boolean
}

/** The largest page the reader decompresses: a hostile header cannot make it allocate more. */
export const MAX_PAGE_BYTES = 1 << 28

/** A whole number from 0 to 2^31 - 1 (thrift i32), else NaN: a field of the wrong type or range cannot pass as a size. */
function i32(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31 ? v : NaN
}

/**
 * Reads a page header at the cursor; a header that does not parse (declared sizes beyond the bytes left, fields of the
 * wrong type) or whose sizes cannot be right (negative, or a page over 256 MiB) is refused.
 */
export function readPageHeader(c: Cursor): PageHeader {
  const h = readStruct(c)
  const subs = [h.get(5), h.get(7), h.get(8)].filter((s) => s !== undefined)
  if (subs.some((s) => !(s instanceof Map))) throw new Error('parquet: a page header is corrupt (its page description is not a struct)')
  const sub = (subs[0] ?? new Map()) as ThriftStruct
  const v2 = h.get(1) === 3
  const raw = [h.get(2), h.get(3), sub.get(1) ?? 0, v2 ? sub.get(2) : 0, v2 ? sub.get(5) : 0, v2 ? sub.get(6) : 0]
  const [uncompressedSize, compressedSize, values, nulls, defLength, repLength] = raw.map(i32)
  const header = {
    type: i32(h.get(1)),
    uncompressedSize,
    compressedSize,
    values,
    encoding: i32(sub.get(v2 ? 4 : 2) ?? 0),
    nulls,
    defLength,
    repLength,
    compressed: v2 ? sub.get(7) !== false : true,
  }
  const numbers = [header.type, header.encoding, uncompressedSize, compressedSize, values, nulls, defLength, repLength]
  if (!numbers.every(Number.isInteger) || defLength + repLength > compressedSize) {
    const shown = raw.map((v) => (typeof v === 'number' ? String(v) : typeof v))
    throw new Error(`parquet: a page header is corrupt (type ${typeof h.get(1) === 'number' ? h.get(1) : typeof h.get(1)}, sizes ${shown.join(', ')})`)
  }
  if (header.uncompressedSize > MAX_PAGE_BYTES) throw new Error(`parquet: a page of ${header.uncompressedSize} bytes is over the reader's limit of ${MAX_PAGE_BYTES}`)
  return header
}

/**
 * Decodes `count` values of the RLE / bit-packed hybrid encoding at the cursor into `out` (from `outAt`), stopping at
 * `end` (or the end of the bytes, whichever comes first); returns how many were written (fewer when the data runs
 * out). Every run consumes at least its header byte, so the loop ends within the bytes.
 */
export function readHybrid(c: Cursor, end: number, bitWidth: number, out: Int32Array, outAt: number, count: number): number {
  if (!(Number.isInteger(bitWidth) && bitWidth >= 0 && bitWidth <= 32)) throw new Error(`parquet: bit width ${bitWidth} is invalid (0 to 32)`)
  if (!(outAt >= 0 && count >= 0 && outAt + count <= out.length)) throw new Error(`parquet: ${count} values from ${outAt} do not fit an output of ${out.length}`)
  const { bytes } = c
  const stopAt = Math.min(end, bytes.length)
  const byteWidth = (bitWidth + 7) >> 3
  const mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1
  let done = 0
  while (done < count && c.at < stopAt) {
    const header = varint(c)
    if ((header & 1) === 0) {
      if (c.at + byteWidth > stopAt) throw new Error(`parquet: an RLE run's value needs ${byteWidth} bytes, ${Math.max(0, stopAt - c.at)} left`)
      let value = 0
      for (let b = 0; b < byteWidth; b++) value += bytes[c.at++] * 2 ** (8 * b)
      const run = Math.min(header / 2, count - done)
      out.fill(value >>> 0, outAt + done, outAt + done + run)
      done += run
    } else {
      const values = Math.min(Math.floor(header / 2) * 8, count - done)
      // Never backwards: a header that ran past `end` leaves the cursor there.
      const stop = Math.max(c.at, Math.min(stopAt, c.at + Math.floor(header / 2) * bitWidth))
      let at = c.at
      if (bitWidth <= 24) {
        // At most 31 bits pending: plain 32-bit integer arithmetic.
        let acc = 0
        let bits = 0
        for (let i = 0; i < values; i++) {
          while (bits < bitWidth) {
            acc |= (at < stop ? bytes[at++] : 0) << bits
            bits += 8
          }
          out[outAt + done++] = acc & mask
          acc >>>= bitWidth
          bits -= bitWidth
        }
      } else {
        let acc = 0
        let bits = 0
        for (let i = 0; i < values; i++) {
          while (bits < bitWidth) {
            acc += (at < stop ? bytes[at++] : 0) * 2 ** bits
            bits += 8
          }
          out[outAt + done++] = acc % 2 ** bitWidth
          acc = Math.floor(acc / 2 ** bitWidth)
          bits -= bitWidth
        }
      }
      c.at = stop
    }
  }
  return done
}
