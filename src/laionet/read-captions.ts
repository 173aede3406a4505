import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type FileMetaData } from 'hyparquet'
import { topLevelColumns } from '../io/parquet-metadata.js'
import { loadCompressors } from '../io/parquet-row-groups.js'

/** A caption whose bytes are not valid UTF-8, kept apart so the caller can name its row. */
export interface InvalidText {
  /** Always true: tells the marker from a string. */
  invalidUtf8: true
  /** The text decoded with U+FFFD for the bad bytes. */
  replaced: string
}

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

const fatal = new TextDecoder('utf-8', { fatal: true })
const lenient = new TextDecoder('utf-8')

const parsers = {
  stringFromBytes(bytes: Uint8Array | undefined): string | InvalidText | undefined {
    if (!bytes) return bytes
    try {
      return fatal.decode(bytes)
    } catch {
      return { invalidUtf8: true, replaced: lenient.decode(bytes) }
    }
  },
}

/** The error for a caption that is not valid UTF-8, naming the file and the row. */
export function invalidUtf8Error(where: string, file: string, row: number, column: string, text: InvalidText): string {
  return `${where}: ${file}: row ${row}: ${column} is not valid UTF-8 (${JSON.stringify(text.replaced.slice(0, 60))}). Repair or drop that row; nothing from this file was written.`
}

/** True when `value` is the marker of a caption that was not valid UTF-8. */
export function isInvalidText(value: unknown): value is InvalidText {
  return typeof value === 'object' && value !== null && (value as InvalidText).invalidUtf8 === true
}

/**
 * Reads a parquet file's footer and lists its row groups; a truncated or non-parquet file raises an error
 * naming the file.
 * @param file path of the parquet file
 * @param where prefix of error messages (the calling module)
 * @returns the plan
 */
export async function planParquet(file: string, where = 'laionet'): Promise<ParquetPlan> {
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(await asyncBufferFromFile(file))
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message
    throw new Error(`${where}: ${file}: cannot read the parquet footer (${reason}). Is the file complete? A truncated download must be fetched again.`, { cause: err })
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
 * Reads some columns of one row group, decoding strings strictly (a bad caption comes back as an
 * {@link InvalidText} marker instead of silently replaced text).
 * @param plan the file's plan
 * @param span the row group
 * @param columns the columns to read (must exist)
 * @returns one array per column, `span.rows` long
 */
export async function readRowGroup(plan: ParquetPlan, span: RowGroupSpan, columns: readonly string[], where = 'laionet'): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const c of columns) out[c] = new Array<unknown>(span.rows)
  const rowEnd = span.rowStart + span.rows
  try {
    await parquetRead({
      file: await asyncBufferFromFile(plan.file),
      metadata: plan.metadata,
      columns: [...columns],
      rowStart: span.rowStart,
      rowEnd,
      compressors: await loadCompressors(),
      parsers,
      onChunk(chunk) {
        const target = out[chunk.columnName]
        if (!target) return
        const from = Math.max(chunk.rowStart, span.rowStart)
        const to = Math.min(chunk.rowEnd, rowEnd)
        for (let r = from; r < to; r++) target[r - span.rowStart] = chunk.columnData[r - chunk.rowStart]
      },
    })
  } catch (err) {
    throw new Error(`${where}: ${plan.file}: cannot read row group ${span.rowGroup} (rows ${span.rowStart}..${rowEnd - 1}): ${(err as Error).message}. The file may be truncated or corrupt.`, { cause: err })
  }
  return out
}

/**
 * Returns `plan` when its file has the caption column, else raises an error naming the file and its columns.
 * @param where prefix of the error message (the calling module)
 */
export function requireColumn(plan: ParquetPlan, column: string, where: string): ParquetPlan {
  if (!plan.columns.includes(column)) {
    throw new Error(`${where}: ${plan.file}: no ${column} column (columns: ${plan.columns.join(', ') || 'none'}). Pass the caption column's name (--column) or a LAION metadata file.`)
  }
  return plan
}
