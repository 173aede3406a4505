import type { FileMetaData } from 'hyparquet'
import { byteArrayChunk, readByteArrayColumn, type ByteArrayColumn } from '../io/parquet-byte-array.js'
import { openParquet, readFooter, topLevelColumns } from '../io/parquet-metadata.js'
import { readRowGroupColumns } from '../io/parquet-row-groups.js'
import { type CutValue, type InvalidText } from '../io/parquet-strings.js'

export { isInvalidText, type CutValue } from '../io/parquet-strings.js'

/**
 * The bound on one caption (or any string read with it, such as a URL): 64 KiB of UTF-8. A longer value is cut to
 * it at a character boundary, with a warning naming the row, so that a hostile 10 MB caption costs at most this
 * much downstream. LAION's strings are far shorter (in the 10,000-row sample the longest caption has 2,041 bytes,
 * the longest URL 3,487), and CLIP reads 77 tokens of a caption.
 */
export const MAX_CAPTION_BYTES = 65536

/** One row group of a parquet file, as planned before reading. */
export interface RowGroupSpan {
  /** Row group number in the file, from 0. */
  rowGroup: number
  /** First row of the group in the file, from 0. */
  rowStart: number
  /** Rows in the group. */
  rows: number
}

/** What a file holds, read from its footer only. */
export interface ParquetPlan {
  /** The file. */
  file: string
  /** Column names at the top level of the schema. */
  columns: string[]
  /** Its row groups in order. */
  rowGroups: RowGroupSpan[]
  /** Total rows. */
  rows: number
  /** The parsed footer, reused to read the groups. */
  metadata: FileMetaData
}

/** The error for a caption that is not valid UTF-8, naming the file and the row. */
export function invalidUtf8Error(where: string, file: string, row: number, column: string, text: InvalidText): string {
  return `${where}: ${file}: row ${row}: ${column} is not valid UTF-8 (${JSON.stringify(text.replaced.slice(0, 60))}). Repair or drop that row; nothing from this file was written.`
}

/** The warning for a caption cut to {@link MAX_CAPTION_BYTES} (or the reader's bound), naming the file and the row. */
export function cutWarning(where: string, file: string, cut: CutValue, maxBytes: number): string {
  return `${where}: ${file}: row ${cut.row}: ${cut.column} has ${cut.bytes} bytes; only its first ${maxBytes} bytes are read (the limit on one string)`
}

/**
 * Reads a parquet file's footer and lists its row groups; a missing, truncated or non-parquet file raises an error
 * naming the file.
 * @param file path of the parquet file
 * @param where prefix of error messages (the calling module)
 * @returns the plan
 */
export async function planParquet(file: string, where = 'laionet'): Promise<ParquetPlan> {
  let metadata: FileMetaData
  try {
    const source = await openParquet(file)
    try {
      metadata = await readFooter(file, source)
    } finally {
      await source.close()
    }
  } catch (err) {
    const code = ((err as Error).cause as { cause?: NodeJS.ErrnoException })?.cause?.code ?? (err as NodeJS.ErrnoException).code
    // A file that is not there is not a truncated download: say which it is.
    if (code === 'ENOENT' && /[*?[\]{}]/.test(file)) throw new Error(`${where}: ${file}: the pattern matched nothing (no file has that name; was the glob quoted?)`, { cause: err })
    if (code === 'ENOENT') throw new Error(`${where}: ${file}: no such file`, { cause: err })
    if (code === 'ELOOP') throw new Error(`${where}: ${file}: a symbolic link loop`, { cause: err })
    throw new Error(`${where}: ${file}: cannot read the parquet footer (${(err as Error).message}). Is the file complete? A truncated download must be fetched again.`, { cause: err })
  }
  const columns = topLevelColumns(metadata)
  let rowStart = 0
  const rowGroups = metadata.row_groups.map((g, rowGroup) => {
    const span = { rowGroup, rowStart, rows: Number(g.num_rows) }
    rowStart += span.rows
    return span
  })
  return { file, columns, rowGroups, rows: rowStart, metadata }
}

/**
 * Reads some columns of one row group through the io layer's row-group reader (value counts checked), decoding
 * strings strictly (a bad caption comes back as an {@link InvalidText} marker instead of silently replaced text) and
 * cutting strings over `maxStringBytes`, each reported to `onCut` with its row in the file.
 * @param plan the file's plan
 * @param span the row group
 * @param columns the columns to read (must exist)
 * @param where prefix of error messages (the calling module)
 * @param options maxStringBytes (default {@link MAX_CAPTION_BYTES}), onCut
 * @returns one array per column, `span.rows` long
 */
export async function readRowGroup(plan: ParquetPlan, span: RowGroupSpan, columns: readonly string[], where = 'laionet',
  options: { maxStringBytes?: number, onCut?: (cut: CutValue) => void } = {}): Promise<Record<string, unknown[]>> {
  const { maxStringBytes = MAX_CAPTION_BYTES, onCut } = options
  const read = await withSource(plan, span, where, (source) => readRowGroupColumns(plan.file, source, plan.metadata, span.rowGroup, columns, { strictUtf8: true, maxStringBytes }))
  for (const c of read.cut) onCut?.({ ...c, row: span.rowStart + c.row })
  return read.columns
}

/**
 * Reads the caption column of one row group as UTF-8 bytes (no strings made; see `readByteArrayColumn`), values over
 * `maxBytes` cut. Rows in the result count from the group's first row.
 * @returns the column, or null when it is not stored in a way the byte reader handles (then use {@link readRowGroup})
 */
export async function readCaptionBytes(plan: ParquetPlan, span: RowGroupSpan, column: string, where = 'laionet', maxBytes = MAX_CAPTION_BYTES): Promise<ByteArrayColumn | null> {
  if (!byteArrayChunk(plan.metadata, span.rowGroup, column)) return null
  return withSource(plan, span, where, (source) => readByteArrayColumn(source, plan.metadata, span.rowGroup, column, { maxValueBytes: maxBytes, file: plan.file }))
}

async function withSource<T>(plan: ParquetPlan, span: RowGroupSpan, where: string, read: (source: Awaited<ReturnType<typeof openParquet>>) => Promise<T>): Promise<T> {
  const rowEnd = span.rowStart + span.rows
  try {
    const source = await openParquet(plan.file)
    try {
      return await read(source)
    } finally {
      await source.close()
    }
  } catch (err) {
    // The io layer's message names the file already, and wraps the decoder's reason: keep the reason only.
    const e = err as Error
    const message = (/ cannot be read \(/.test(e.message) && e.cause instanceof Error ? e.cause.message : e.message).replace(/^parquet: /, '').replace(`${plan.file} `, '')
    throw new Error(`${where}: ${plan.file}: cannot read row group ${span.rowGroup} (rows ${span.rowStart}..${rowEnd - 1}): ${message}. The file may be truncated or corrupt.`, { cause: err })
  }
}

/**
 * Returns `plan` when its file has the caption column and that column holds text (a flat BYTE_ARRAY column), else
 * raises an error naming the file and the columns or the column's type. The one check of the caption column, shared
 * by `match` and `build`.
 * @param where prefix of the error message (the calling module)
 */
export function requireColumn(plan: ParquetPlan, column: string, where: string): ParquetPlan {
  if (!plan.columns.includes(column)) {
    throw new Error(`${where}: ${plan.file}: no ${column} column (columns: ${plan.columns.join(', ') || 'none'}). Pass the caption column's name (--column) or a LAION metadata file.`)
  }
  const element = plan.metadata.schema.find((e, i) => i > 0 && e.name === column)
  if (element && (element.num_children || element.type !== 'BYTE_ARRAY')) {
    const type = element.num_children ? 'a nested group' : `${element.type}${element.logical_type?.type ?? element.converted_type ? ` (${element.logical_type?.type ?? element.converted_type})` : ''}`
    throw new Error(`${where}: ${plan.file}: column ${column} is ${type}, not text (expected a string column). Pass the caption column's name (--column) or a LAION metadata file.`)
  }
  return plan
}
