import { isUtf8 } from 'node:buffer'
import { snappyUncompress, type FileMetaData } from 'hyparquet'
import { LaionetError } from '../util/errors.js'
import { loadBoundedCompressors } from './parquet-codecs.js'
import { utf8Prefix } from './parquet-strings.js'
import { readHybrid, readPageHeader, type Cursor } from './parquet-thrift.js'
import type { ByteSource } from './types.js'

/**
 * One row group of a flat BYTE_ARRAY (string) column, as bytes: no JavaScript string is made. Value `v` is
 * `bytes.subarray(offsets[v], offsets[v + 1])`; row `r` holds value `valueOf[r]`, or null when that is -1.
 * Dictionary-encoded rows share their dictionary value, so a repeated caption is stored (and can be matched) once.
 */
export interface ByteArrayColumn {
  /** Rows in the group. */
  rows: number
  /** All values' bytes, back to back. */
  bytes: Uint8Array
  /** Start of each value in `bytes`, plus the end of the last one (length: values + 1). */
  offsets: Int32Array
  /** The value of each row (index into `offsets`), -1 for null. */
  valueOf: Int32Array
  /** Values longer than `maxValueBytes`, cut (at a UTF-8 character boundary): the rows and their full byte lengths. */
  cut: { row: number, bytes: number }[]
  /** Rows whose full value (before any cut) is not valid UTF-8, in row order. */
  invalidUtf8: number[]
}

/** Options of {@link readByteArrayColumn}. */
interface ByteArrayReadOptions {
  /** Cut longer values to at most this many bytes (at a character boundary) and list them in `cut`. Default: no limit. */
  maxValueBytes?: number
  /** The file's name, for messages. Default: "the parquet file". */
  file?: string
}

/**
 * The most bytes the reader decompresses for one column chunk, over all its pages (each page is also bounded, by
 * MAX_PAGE_BYTES): what a hostile file can make one chunk cost. LAION's parts (Spark, 128 MB row groups) hold caption
 * chunks of some 100-200 MB uncompressed.
 */
const MAX_CHUNK_BYTES = 2 ** 30

/** The most rows of one row group the readers take (4 bytes of row index each); a whole LAION-400M part has 12.9 million. */
export const MAX_GROUP_ROWS = 2 ** 25

// Value encodings the reader decodes (RLE and BIT_PACKED are the level encodings).
const HANDLED = new Set(['PLAIN', 'PLAIN_DICTIONARY', 'RLE_DICTIONARY', 'RLE', 'BIT_PACKED'])

/**
 * Where a column chunk lies and how it is stored, from the footer; null when the column is not a flat BYTE_ARRAY
 * column or its chunk uses an encoding the byte reader does not decode (DELTA_*).
 */
export function byteArrayChunk(metadata: FileMetaData, rowGroup: number, column: string): { start: number, length: number, uncompressed: number, codec: string, optional: boolean, rows: number } | null {
  // The footer is untrusted: any field may be missing or of another type (never throws; null then).
  const element = metadata.schema?.find((e, i) => i > 0 && e?.name === column)
  if (!element || element.type !== 'BYTE_ARRAY' || element.repetition_type === 'REPEATED' || element.num_children) return null
  const group = metadata.row_groups?.[rowGroup]
  const chunk = (Array.isArray(group?.columns) ? group.columns : []).find((c) => Array.isArray(c?.meta_data?.path_in_schema) && c.meta_data?.path_in_schema?.length === 1 && c.meta_data?.path_in_schema?.[0] === column)?.meta_data
  if (!chunk || !Array.isArray(chunk.encodings) || !chunk.encodings.every((e) => HANDLED.has(e))) return null
  const data = Number(chunk.data_page_offset)
  const dict = chunk.dictionary_page_offset === undefined ? 0 : Number(chunk.dictionary_page_offset)
  const start = dict > 0 && dict < data ? dict : data
  return { start, length: Number(chunk.total_compressed_size), uncompressed: Number(chunk.total_uncompressed_size), codec: chunk.codec, optional: element.repetition_type !== 'REQUIRED', rows: Number(group.num_rows) }
}

/** A growing byte pool with value offsets. */
class Pool {
  bytes: Uint8Array
  offsets: Int32Array
  count = 0
  size = 0

  /**
   * Sized from the footer (the uncompressed chunk holds every value, and there are at most as many values as rows);
   * never grown past `limit` bytes (the values come from at most MAX_CHUNK_BYTES of pages).
   */
  constructor(bytes: number, values: number, private readonly limit: number) {
    this.bytes = new Uint8Array(Math.min(limit, Math.max(1024, bytes)))
    this.offsets = new Int32Array(Math.max(16, values + 2))
  }

  add(src: Uint8Array, start: number, length: number): number {
    if (this.size + length > this.bytes.length) {
      if (this.size + length > this.limit) throw new Error(`the values hold more than the reader's limit of ${this.limit} bytes per column chunk`)
      const grown = new Uint8Array(Math.min(this.limit, Math.max(this.bytes.length * 2, this.size + length)))
      grown.set(this.bytes.subarray(0, this.size))
      this.bytes = grown
    }
    if (this.count + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2)
      grown.set(this.offsets)
      this.offsets = grown
    }
    const to = this.bytes
    if (length < 64) {
      for (let i = 0, at = this.size; i < length; i++) to[at + i] = src[start + i]
    } else {
      to.set(src.subarray(start, start + length), this.size)
    }
    this.size += length
    this.offsets[++this.count] = this.size
    return this.count - 1
  }
}

/**
 * Reads one row group of a flat BYTE_ARRAY column straight from its pages (dictionary, data page v1 and v2, PLAIN and
 * dictionary encodings, any codec of hyparquet-compressors) into one byte pool: one read of the column chunk, no
 * per-value objects. Checks that the pages hold exactly the group's row count, and that every value is valid UTF-8
 * (the rows that are not are listed). Throws on an encoding it does not handle (DELTA_*): the caller then uses the
 * general reader. The file is untrusted: every size it declares is checked against the bytes there before use, a
 * chunk holds at most one dictionary page (first), and its pages at most MAX_CHUNK_BYTES in all; every error names
 * the file, the row group and the column (a LaionetError, code invalid-input).
 * @param source the file's bytes
 * @param metadata its parsed footer
 * @param rowGroup the row group, from 0
 * @param column a top-level BYTE_ARRAY column
 * @param options maxValueBytes (cut longer values), file (its name, for messages)
 * @returns the column as bytes
 * @example const col = await readByteArrayColumn(src, footer, 0, 'TEXT'); new TextDecoder().decode(col.bytes.subarray(col.offsets[0], col.offsets[1]))
 */
export async function readByteArrayColumn(source: ByteSource, metadata: FileMetaData, rowGroup: number, column: string, options: ByteArrayReadOptions = {}): Promise<ByteArrayColumn> {
  const { file = 'the parquet file' } = options
  try {
    return await readChunk(source, metadata, rowGroup, column, options)
  } catch (err) {
    // One place names the file, row group and column, whatever layer (thrift, hybrid, pages) found the fault.
    const reason = (err as Error).message.replace(/^(parquet|thrift): /, '')
    throw new LaionetError('parquet', `${file} row group ${rowGroup} column ${column}: ${reason}`, { code: 'invalid-input', cause: err })
  }
}

async function readChunk(source: ByteSource, metadata: FileMetaData, rowGroup: number, column: string, options: ByteArrayReadOptions): Promise<ByteArrayColumn> {
  const { maxValueBytes = Infinity } = options
  const where = byteArrayChunk(metadata, rowGroup, column)
  if (!where) throw new Error('not a flat BYTE_ARRAY column')
  if (!(Number.isSafeInteger(where.start) && where.start >= 0 && Number.isSafeInteger(where.length) && where.length >= 0)) {
    throw new Error(`the footer places the chunk at byte ${where.start}, ${where.length} bytes long, which cannot be right`)
  }
  if (where.length > MAX_CHUNK_BYTES) throw new Error(`a chunk of ${where.length} bytes is over the reader's limit of ${MAX_CHUNK_BYTES}; rewrite the file with smaller row groups`)
  if (!(Number.isSafeInteger(where.rows) && where.rows >= 0)) throw new Error(`the footer gives ${where.rows} rows, which cannot be right`)
  if (where.rows > MAX_GROUP_ROWS) throw new Error(`${where.rows} rows are over the reader's limit of ${MAX_GROUP_ROWS} per row group; rewrite the file with smaller row groups`)
  const compressors: Record<string, ((input: Uint8Array, length: number) => Uint8Array) | undefined> = await loadBoundedCompressors()
  const decompress = (input: Uint8Array, length: number): Uint8Array => {
    if (where.codec === 'UNCOMPRESSED') return input
    let out: Uint8Array
    const custom = compressors[where.codec]
    if (custom) out = custom(input, length)
    else if (where.codec === 'SNAPPY') snappyUncompress(input, out = new Uint8Array(length))
    else throw new Error(`unsupported codec ${where.codec}`)
    if (out.length !== length) throw new Error(`a page decompressed to ${out.length} bytes, its header says ${length}`)
    return out
  }
  const chunk = new Uint8Array(await source.slice(where.start, where.start + where.length))
  if (chunk.length < where.length) throw new Error(`the chunk is cut short (${chunk.length} of ${where.length} bytes)`)
  // The footer's size is a hint only (a hostile file could claim anything): at most 8x the bytes actually read.
  const pool = new Pool(Math.min(where.uncompressed, chunk.length * 8 + (1 << 16)), where.rows, MAX_CHUNK_BYTES)
  const valueOf = new Int32Array(where.rows)
  const cut: ByteArrayColumn['cut'] = []
  const invalidValues = new Set<number>()
  let dictStart = -1
  let dictCount = 0
  let dataPages = 0
  let spent = 0
  let row = 0
  const c: Cursor = { bytes: chunk, at: 0 }

  // Counts a page's bytes against the chunk's total before it is decompressed or copied.
  const spend = (bytes: number): void => {
    spent += bytes
    if (spent > MAX_CHUNK_BYTES) throw new Error(`the pages hold more than the reader's limit of ${MAX_CHUNK_BYTES} bytes per column chunk; rewrite the file with smaller row groups`)
  }

  // Appends `count` PLAIN byte arrays read from `page` at `at`; returns the first value's index.
  const plain = (page: Uint8Array, at: number, count: number): number => {
    // Each value takes at least its 4-byte length: a larger count cannot be right (and is refused before any loop).
    if (count > (page.length - at) / 4) throw new Error(`a page of ${page.length - at} value bytes cannot hold ${count} values`)
    const first = pool.count
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength)
    for (let k = 0; k < count; k++) {
      if (at + 4 > page.length) throw new Error('a page ends inside a value length')
      const length = view.getUint32(at, true)
      at += 4
      if (at + length > page.length) throw new Error(`a value of ${length} bytes runs past its page`)
      let keep = length
      if (length > maxValueBytes) {
        const whole = page.subarray(at, at + length)
        keep = utf8Prefix(whole, maxValueBytes).length
        if (!isUtf8(whole)) invalidValues.add(pool.count)
        cut.push({ row: -1 - pool.count, bytes: length })
      }
      pool.add(page, at, keep)
      at += length
    }
    return first
  }

  while (row < where.rows && c.at < chunk.length) {
    const h = readPageHeader(c)
    const body = chunk.subarray(c.at, c.at + h.compressedSize)
    c.at += h.compressedSize
    if (body.length < h.compressedSize) throw new Error('a page runs past the column chunk')
    if (h.type === 2) {
      // parquet-format: "at most one dictionary page ... placed at the first position of the column chunk".
      if (dictStart >= 0) throw new Error('a second dictionary page (a column chunk has at most one)')
      if (dataPages > 0) throw new Error('a dictionary page after data pages (it must come first in its column chunk)')
      spend(Math.max(h.uncompressedSize, h.compressedSize))
      dictStart = plain(decompress(body, h.uncompressedSize), 0, h.values)
      dictCount = h.values
      continue
    }
    if (h.type !== 0 && h.type !== 3) continue
    dataPages++
    spend(Math.max(h.uncompressedSize, h.compressedSize))
    const n = Math.min(h.values, where.rows - row)
    let page: Uint8Array
    let at: number
    const defs = new Int32Array(n)
    if (h.type === 0) {
      page = decompress(body, h.uncompressedSize)
      at = 0
      if (where.optional) {
        if (page.length < 4) throw new Error(`a data page of ${page.length} bytes has no room for its definition levels' length`)
        const length = new DataView(page.buffer, page.byteOffset, page.byteLength).getUint32(0, true)
        if (length > page.length - 4) throw new Error(`definition levels of ${length} bytes run past their page of ${page.length}`)
        readHybrid({ bytes: page, at: 4 }, 4 + length, 1, defs, 0, n)
        at = 4 + length
      } else defs.fill(1)
    } else {
      const levels = h.repLength + h.defLength
      if (where.optional) readHybrid({ bytes: body, at: h.repLength }, levels, 1, defs, 0, n)
      else defs.fill(1)
      const values = body.subarray(levels)
      page = h.compressed && h.uncompressedSize - levels > 0 ? decompress(values, h.uncompressedSize - levels) : values
      at = 0
    }
    let present = 0
    for (let k = 0; k < n; k++) {
      if (defs[k] > 1) throw new Error(`definition level ${defs[k]} at row ${row + k} (a flat column has 0 or 1)`)
      present += defs[k]
    }
    if (h.encoding === 0) {
      let v = plain(page, at, present)
      for (let k = 0; k < n; k++) valueOf[row + k] = defs[k] ? v++ : -1
    } else if (h.encoding === 2 || h.encoding === 8) {
      if (dictStart < 0) throw new Error('a dictionary-encoded page comes before any dictionary page')
      if (at >= page.length && present > 0) throw new Error('a dictionary-encoded page has no bit width')
      const ids = new Int32Array(present)
      const width = page[at]
      const got = present > 0 ? readHybrid({ bytes: page, at: at + 1 }, page.length, width, ids, 0, present) : 0
      if (got !== present) throw new Error(`a page holds ${got} dictionary indices, expected ${present}`)
      let j = 0
      for (let k = 0; k < n; k++) {
        if (!defs[k]) { valueOf[row + k] = -1; continue }
        const id = ids[j++]
        if (id < 0 || id >= dictCount) throw new Error(`dictionary index ${id} out of range (dictionary of ${dictCount})`)
        valueOf[row + k] = dictStart + id
      }
    } else {
      throw new Error(`encoding ${h.encoding} is not handled by the byte reader`)
    }
    row += n
  }
  if (row !== where.rows) throw new Error(`the pages hold ${row} values, expected ${where.rows} (the row group's rows)`)
  const bytes = pool.bytes.subarray(0, pool.size)
  const offsets = pool.offsets.subarray(0, pool.count + 1)
  return { rows: where.rows, bytes, offsets, valueOf, cut: rowsOfCut(cut, valueOf), invalidUtf8: invalidRows(bytes, offsets, valueOf, invalidValues) }
}

// Cut values were recorded by value (-1 - index); report the rows that hold them.
function rowsOfCut(cut: { row: number, bytes: number }[], valueOf: Int32Array): { row: number, bytes: number }[] {
  if (cut.length === 0) return cut
  const lengthOf = new Map(cut.map((c) => [-1 - c.row, c.bytes]))
  const rows: { row: number, bytes: number }[] = []
  for (let r = 0; r < valueOf.length; r++) {
    const full = lengthOf.get(valueOf[r])
    if (full !== undefined) rows.push({ row: r, bytes: full })
  }
  return rows
}

/**
 * The rows whose value is not valid UTF-8. Fast path: when the whole pool is valid UTF-8 and no value starts with a
 * continuation byte, every value is valid (a valid stream splits into valid pieces at every character start).
 */
function invalidRows(bytes: Uint8Array, offsets: Int32Array, valueOf: Int32Array, invalidValues: Set<number>): number[] {
  let clean = invalidValues.size === 0 && isUtf8(bytes)
  for (let v = 0; clean && v < offsets.length - 1; v++) {
    if (offsets[v] < offsets[v + 1] && (bytes[offsets[v]] & 0xc0) === 0x80) clean = false
  }
  if (clean) return []
  const bad = new Uint8Array(offsets.length - 1)
  for (let v = 0; v < bad.length; v++) bad[v] = invalidValues.has(v) || !isUtf8(bytes.subarray(offsets[v], offsets[v + 1])) ? 1 : 0
  const rows: number[] = []
  for (let r = 0; r < valueOf.length; r++) if (valueOf[r] >= 0 && bad[valueOf[r]]) rows.push(r)
  return rows
}
