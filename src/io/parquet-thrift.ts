// The parts of parquet's page layer that the byte-array reader needs: Thrift compact-protocol page headers and the
// RLE / bit-packed hybrid encoding of levels and dictionary indices (parquet-format's Encodings.md).

/** A cursor over bytes. */
export interface Cursor {
  bytes: Uint8Array
  at: number
}

/** A Thrift struct as read: field id to value (ints as numbers, structs as nested objects, binaries as views). */
type ThriftStruct = Map<number, unknown>

function varint(c: Cursor): number {
  let result = 0
  let shift = 0
  for (;;) {
    if (c.at >= c.bytes.length) throw new Error('thrift: unexpected end of data')
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

function readValue(c: Cursor, type: number, depth: number): unknown {
  switch (type) {
    case 1: return true
    case 2: return false
    case 3: return c.bytes[c.at++]
    case 4: case 5: case 6: return zigzag(c)
    case 7: c.at += 8; return null
    case 8: {
      const n = varint(c)
      const v = c.bytes.subarray(c.at, c.at + n)
      c.at += n
      return v
    }
    case 9: case 10: {
      const h = c.bytes[c.at++]
      const size = (h >> 4) === 15 ? varint(c) : h >> 4
      const items: unknown[] = []
      for (let i = 0; i < size; i++) items.push(readValue(c, h & 15, depth + 1))
      return items
    }
    case 11: {
      const size = varint(c)
      if (size === 0) return []
      const kv = c.bytes[c.at++]
      for (let i = 0; i < size; i++) { readValue(c, kv >> 4, depth + 1); readValue(c, kv & 15, depth + 1) }
      return []
    }
    case 12: return readStruct(c, depth + 1)
    default: throw new Error(`thrift: unknown field type ${type}`)
  }
}

/**
 * Reads one Thrift compact-protocol struct at the cursor (booleans, integers, binaries, lists and nested structs; maps
 * and doubles are skipped), leaving the cursor after its stop byte.
 */
function readStruct(c: Cursor, depth = 0): ThriftStruct {
  if (depth > 16) throw new Error('thrift: structs nested too deep')
  const out: ThriftStruct = new Map()
  let id = 0
  for (;;) {
    if (c.at >= c.bytes.length) throw new Error('thrift: unexpected end of data')
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
const MAX_PAGE_BYTES = 1 << 28

/** Reads a page header at the cursor; sizes and counts that cannot be right (negative, or a page over 256 MiB) are refused. */
export function readPageHeader(c: Cursor): PageHeader {
  const h = readStruct(c)
  const type = h.get(1) as number
  const sub = (h.get(5) ?? h.get(7) ?? h.get(8) ?? new Map()) as ThriftStruct
  const v2 = type === 3
  const header = {
    type,
    uncompressedSize: h.get(2) as number,
    compressedSize: h.get(3) as number,
    values: (sub.get(1) as number | undefined) ?? 0,
    encoding: (sub.get(v2 ? 4 : 2) as number | undefined) ?? 0,
    nulls: v2 ? (sub.get(2) as number) : 0,
    defLength: v2 ? (sub.get(5) as number) : 0,
    repLength: v2 ? (sub.get(6) as number) : 0,
    compressed: v2 ? sub.get(7) !== false : true,
  }
  const sizes = [header.uncompressedSize, header.compressedSize, header.values, header.nulls, header.defLength, header.repLength]
  if (!sizes.every((n) => Number.isInteger(n) && n >= 0) || header.defLength + header.repLength > header.compressedSize) {
    throw new Error(`parquet: a page header is corrupt (sizes ${sizes.join(', ')})`)
  }
  if (header.uncompressedSize > MAX_PAGE_BYTES) throw new Error(`parquet: a page of ${header.uncompressedSize} bytes is over the reader's limit of ${MAX_PAGE_BYTES}`)
  return header
}

/**
 * Decodes `count` values of the RLE / bit-packed hybrid encoding at the cursor into `out` (from `outAt`), stopping at
 * `end`; returns how many were written (fewer when the data runs out).
 */
export function readHybrid(c: Cursor, end: number, bitWidth: number, out: Int32Array, outAt: number, count: number): number {
  if (bitWidth > 32) throw new Error(`parquet: bit width ${bitWidth} is invalid (at most 32)`)
  const { bytes } = c
  const byteWidth = (bitWidth + 7) >> 3
  const mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1
  let done = 0
  while (done < count && c.at < end) {
    const header = varint(c)
    if ((header & 1) === 0) {
      let value = 0
      for (let b = 0; b < byteWidth; b++) value += bytes[c.at++] * 2 ** (8 * b)
      const run = Math.min(header / 2, count - done)
      out.fill(value >>> 0, outAt + done, outAt + done + run)
      done += run
    } else {
      const values = Math.min(Math.floor(header / 2) * 8, count - done)
      const stop = Math.min(end, c.at + Math.ceil(Math.floor(header / 2) * bitWidth))
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
