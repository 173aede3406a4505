import { parquetRead, type FileMetaData } from 'hyparquet'
import { MAX_GROUP_ROWS } from './parquet-byte-array.js'
import { loadBoundedCompressors } from './parquet-codecs.js'
import { openParquet, readFooter, topLevelColumns } from './parquet-metadata.js'
import { boundStrings, strictStringParsers, type CutValue } from './parquet-strings.js'
import type { ByteSource, ParquetBatch, ParquetReadOptions } from './types.js'

/**
 * Streams a parquet file one row group at a time (only that group's chunks of the requested columns are read), yielding
 * column arrays; with `batchSize`, each group is cut into batches of at most that many rows. Each group's values are
 * counted against its row count. With `strictUtf8`, a string that is not valid UTF-8 comes back as an `InvalidText`
 * marker; with `maxStringBytes`, longer strings are cut and listed in the batch's `cut`.
 * @param file the parquet file
 * @param options columns, rowGroups, batchSize, reader, strictUtf8, maxStringBytes
 * @returns an async iterable of { file, rowGroup, rowStart, rows, columns, cut }
 * @example for await (const b of parquetRowGroups(file, { columns: ['TEXT'] })) count += b.rows
 */
export async function* parquetRowGroups(file: string, options: ParquetReadOptions = {}): AsyncGenerator<ParquetBatch> {
  const { columns, rowGroups, batchSize, reader, strictUtf8 = false, maxStringBytes = Infinity } = options
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new Error(`parquet: batchSize must be a positive integer, got ${batchSize}`)
  }
  const opened = reader ? null : await openParquet(file)
  const source = reader ?? opened!
  try {
    const metadata = await readFooter(file, source)
    const names = topLevelColumns(metadata)
    const wanted = columns ?? names
    const missing = wanted.find((c) => !names.includes(c))
    if (missing !== undefined) throw new Error(`parquet: ${file} has no column ${missing} (columns: ${names.join(', ')})`)
    const starts = groupStarts(metadata)
    const groups = rowGroups ?? metadata.row_groups.map((_, i) => i)
    for (const g of groups) {
      if (!(Number.isInteger(g) && g >= 0 && g < metadata.row_groups.length)) {
        throw new Error(`parquet: ${file} has no row group ${g} (it has ${metadata.row_groups.length}, numbered from 0)`)
      }
    }
    for (const g of groups) {
      const rowStart = starts[g]
      const rows = Number(metadata.row_groups[g].num_rows)
      const { columns: data, cut } = await readRowGroupColumns(file, source, metadata, g, wanted, { strictUtf8, maxStringBytes })
      const step = batchSize ?? Math.max(rows, 1)
      for (let at = 0; at < rows; at += step) {
        const n = Math.min(step, rows - at)
        const cols: Record<string, unknown[]> = {}
        for (const c of wanted) cols[c] = step >= rows ? data[c] : data[c].slice(at, at + n)
        const batchCut = cut.filter((v) => v.row >= at && v.row < at + n).map((v) => ({ ...v, row: v.row - at }))
        yield { file, rowGroup: g, rowStart: rowStart + at, rows: n, columns: cols, cut: batchCut }
      }
    }
  } finally {
    await opened?.close()
  }
}

/**
 * Streams a parquet file as plain row objects (one row group in memory at a time).
 * @param file the parquet file
 * @param options columns, rowGroups, reader
 * @example for await (const row of parquetRows(file, { columns: ['URL', 'TEXT'] })) console.log(row.TEXT)
 */
export async function* parquetRows(file: string, options: ParquetReadOptions = {}): AsyncGenerator<Record<string, unknown>> {
  for await (const batch of parquetRowGroups(file, options)) {
    const names = Object.keys(batch.columns)
    for (let i = 0; i < batch.rows; i++) {
      const row: Record<string, unknown> = {}
      for (const c of names) row[c] = batch.columns[c][i]
      yield row
    }
  }
}

function groupStarts(metadata: FileMetaData): number[] {
  let at = 0
  return metadata.row_groups.map((g) => {
    const start = at
    at += Number(g.num_rows)
    return start
  })
}

/**
 * Reads some columns of one row group in full, checking that each column has exactly the group's row count (the one
 * reader of whole row groups: parquetRowGroups and the caption readers use it).
 * @param file the file's name, for messages
 * @param source its bytes
 * @param metadata its parsed footer
 * @param g the row group, from 0
 * @param columns top-level columns (must exist)
 * @param options strictUtf8: InvalidText markers for bad strings; maxStringBytes: cut longer strings and list them
 * @returns one array per column, and the cut strings (rows from the group's first)
 */
export async function readRowGroupColumns(file: string, source: ByteSource, metadata: FileMetaData, g: number, columns: readonly string[],
  options: { strictUtf8?: boolean, maxStringBytes?: number } = {}): Promise<{ columns: Record<string, unknown[]>, cut: CutValue[] }> {
  const { strictUtf8 = false, maxStringBytes = Infinity } = options
  let rowStart = 0
  for (let k = 0; k < g; k++) rowStart += Number(metadata.row_groups[k].num_rows)
  const rows = Number(metadata.row_groups[g].num_rows)
  // The footer is untrusted: its row count sizes the arrays below.
  if (!(Number.isSafeInteger(rows) && rows >= 0 && Number.isSafeInteger(rowStart) && rowStart >= 0)) {
    throw new Error(`parquet: ${file} row group ${g} cannot be read (the footer gives ${rows} rows from row ${rowStart}, which cannot be right); the file may be truncated or corrupt`)
  }
  if (rows > MAX_GROUP_ROWS) throw new Error(`parquet: ${file} row group ${g} has ${rows} rows, over the reader's limit of ${MAX_GROUP_ROWS} per row group; rewrite the file with smaller row groups`)
  const out: Record<string, unknown[]> = Object.fromEntries(columns.map((c) => [c, new Array(rows)]))
  const filled: Record<string, number> = Object.fromEntries(columns.map((c) => [c, 0]))
  const rowEnd = rowStart + rows
  const compressors = await loadBoundedCompressors()
  try {
    await parquetRead({
      file: source,
      metadata,
      columns: [...columns],
      rowStart,
      rowEnd,
      compressors,
      ...(strictUtf8 ? { parsers: strictStringParsers } : {}),
      onChunk({ columnName, columnData, rowStart: chunkStart }) {
        // Chunks may extend beyond the group; copy only the rows inside it.
        const target = out[columnName]
        if (!target) return
        const from = Math.max(chunkStart, rowStart)
        const to = Math.min(chunkStart + columnData.length, rowEnd)
        for (let r = from; r < to; r++) target[r - rowStart] = columnData[r - chunkStart]
        filled[columnName] += Math.max(0, to - from)
      },
    })
  } catch (err) {
    throw new Error(`parquet: ${file} row group ${g} cannot be read (${(err as Error).message}); the file may be truncated or corrupt`, { cause: err })
  }
  for (const c of columns) {
    if (filled[c] !== rows) throw new Error(`parquet: ${file} row group ${g} column ${c} has ${filled[c]} values, expected ${rows}`)
  }
  return { columns: out, cut: boundStrings(out, maxStringBytes) }
}
