import type { CutValue } from './parquet-strings.js'

/** Random access to a parquet file's bytes (hyparquet's AsyncBuffer shape); injected in tests to count reads. */
export interface ByteSource {
  /** Total size in bytes. */
  byteLength: number
  /** Resolves to the bytes [start, end) (end defaults to byteLength). */
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer
}

/** Options of parquetRowGroups and parquetRows. */
export interface ParquetReadOptions {
  /** Top-level columns to read, in this order. Default: every column. */
  columns?: string[]
  /** Indexes of the row groups to read, in file order. Default: all. */
  rowGroups?: number[]
  /** Split each row group into batches of at most this many rows (the group is still read once). Default: the whole group. */
  batchSize?: number
  /** Read bytes through this source instead of opening `file` (the file name is then only used in messages). Default: none. */
  reader?: ByteSource
  /** Decode strings strictly: a value that is not valid UTF-8 comes back as an `InvalidText` marker. Default: false (U+FFFD). */
  strictUtf8?: boolean
  /** Cut every string longer than this many UTF-8 bytes (at a character boundary); the batch lists them in `cut`. Default: no limit. */
  maxStringBytes?: number
}

/** One batch of rows from one row group, column by column. */
export interface ParquetBatch {
  /** The file it came from. */
  file: string
  /** Index of the row group in the file. */
  rowGroup: number
  /** Index in the whole file of the batch's first row. */
  rowStart: number
  /** Rows in the batch. */
  rows: number
  /** The values of each requested column (null for a missing value), all of length `rows`. */
  columns: Record<string, unknown[]>
  /** Strings cut to `maxStringBytes`, rows counted from the batch's first row. Empty without a bound. */
  cut: CutValue[]
}

/** A column of a parquet file's top-level schema. */
export interface ParquetColumn {
  /** Column name. */
  name: string
  /** Physical type (BYTE_ARRAY, INT64, BOOLEAN, ...), or 'GROUP' for a nested column. */
  type: string
  /** Logical or converted type when present (STRING, UTF8, TIMESTAMP, ...). */
  logicalType?: string
  /** REQUIRED, OPTIONAL or REPEATED. */
  repetition?: string
}

/** A row group's place in the file. */
export interface ParquetRowGroupInfo {
  /** Index of the first row in the whole file. */
  rowStart: number
  /** Rows in the group. */
  rows: number
  /** Compressed bytes of the group's column chunks. */
  bytes: number
}

/** What parquetMetadata returns: the shape of a parquet file. */
export interface ParquetInfo {
  /** The file. */
  file: string
  /** Size of the file in bytes. */
  byteLength: number
  /** Rows in the file. */
  rows: number
  /** Top-level columns in schema order. */
  columns: ParquetColumn[]
  /** Row groups in file order. */
  rowGroups: ParquetRowGroupInfo[]
  /** Key-value metadata (e.g. 'pandas', 'ARROW:schema'). */
  keyValue: Record<string, string>
}

/** An npy element type. float16 is decoded to (and encoded from) Float32Array; bool is a Uint8Array of 0 and 1. */
export type NpyDtype = 'float16' | 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool'

/** The typed array that holds each dtype's values. */
export type NpyData = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array

/** An n-dimensional array as stored in a .npy file: C order (row-major), little-endian. */
export interface NpyArray {
  /** Element type. */
  dtype: NpyDtype
  /** Dimensions, outermost first ([] for a scalar). */
  shape: number[]
  /** The values in C order; length is the product of shape. */
  data: NpyData
}

/** Options of readJsonl. */
export interface ReadJsonlOptions {
  /** Skip a last line that has no newline and is not valid JSON (a record torn by a killed run) instead of failing. Default: false. */
  dropPartialLastLine?: boolean
}

/** Options of openJsonlAppender. */
export interface JsonlAppenderOptions {
  /** fsync after each append() so a crash loses at most the record being written. Default: true. */
  fsync?: boolean
}

/** An open append-only JSON-lines log. */
export interface JsonlAppender {
  /** Bytes of a torn last line dropped from the end of the file when it was opened (0 when it ended cleanly). */
  droppedBytes: number
  /** Appends one row or several, each on its own line, in a single write. */
  append(rows: unknown): Promise<void>
  /** Flushes and closes the file. */
  close(): Promise<void>
}
