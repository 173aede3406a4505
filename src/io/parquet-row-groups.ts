import { parquetRead, type FileMetaData } from 'hyparquet'
import { openParquet, readFooter, topLevelColumns } from './parquet-metadata.js'
import type { ByteSource, ParquetBatch, ParquetReadOptions } from './types.js'

/**
 * Streams a parquet file one row group at a time (only that group's chunks of the requested columns are read), yielding
 * column arrays; with `batchSize`, each group is cut into batches of at most that many rows.
 * @param file the parquet file
 * @param options columns, rowGroups, batchSize, reader
 * @returns an async iterable of { file, rowGroup, rowStart, rows, columns }
 * @example for await (const b of parquetRowGroups(file, { columns: ['TEXT'] })) count += b.rows
 */
export async function* parquetRowGroups(file: string, options: ParquetReadOptions = {}): AsyncGenerator<ParquetBatch> {
  const { columns, rowGroups, batchSize, reader } = options
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
      const data = await readGroup(file, source, metadata, wanted, g, rowStart, rows)
      const step = batchSize ?? Math.max(rows, 1)
      for (let at = 0; at < rows; at += step) {
        const n = Math.min(step, rows - at)
        const cols: Record<string, unknown[]> = {}
        for (const c of wanted) cols[c] = step >= rows ? data[c] : data[c].slice(at, at + n)
        yield { file, rowGroup: g, rowStart: rowStart + at, rows: n, columns: cols }
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

type Compressors = typeof import('hyparquet-compressors').compressors
let compressorsModule: Promise<Compressors> | undefined

/** Loads hyparquet-compressors (snappy, zstd, gzip, brotli, lz4 codecs) on first use, so that importing laionet stays fast. */
export function loadCompressors(): Promise<Compressors> {
  compressorsModule ??= import('hyparquet-compressors').then((m) => m.compressors)
  return compressorsModule
}

function groupStarts(metadata: FileMetaData): number[] {
  let at = 0
  return metadata.row_groups.map((g) => {
    const start = at
    at += Number(g.num_rows)
    return start
  })
}

async function readGroup(file: string, source: ByteSource, metadata: FileMetaData, columns: string[], g: number,
  rowStart: number, rows: number): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = Object.fromEntries(columns.map((c) => [c, new Array(rows)]))
  const filled: Record<string, number> = Object.fromEntries(columns.map((c) => [c, 0]))
  const rowEnd = rowStart + rows
  const compressors = await loadCompressors()
  try {
    await parquetRead({
      file: source,
      metadata,
      columns,
      rowStart,
      rowEnd,
      compressors,
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
  return out
}
