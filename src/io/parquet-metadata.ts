import { parquetMetadataAsync, parquetSchema, type FileMetaData } from 'hyparquet'
import { openFileSource } from './file-source.js'
import type { ByteSource, ParquetInfo } from './types.js'

// hyparquet's default first read is 512 KB from the end; 64 KB holds the footer of our files and keeps a
// small file from being read whole just to learn its shape.
const FOOTER_READ = 1 << 16

/** Reads and parses a parquet footer from `source`; a bad footer raises "parquet: <file> is truncated or not a parquet file". */
export async function readFooter(file: string, source: ByteSource): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(source, { initialFetchSize: FOOTER_READ })
  } catch (err) {
    throw new Error(`parquet: ${file} is truncated or not a parquet file (${(err as Error).message})`, { cause: err })
  }
}

/** Returns the names of the top-level columns of a parsed footer. */
export function topLevelColumns(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((c) => c.element.name)
}

/** Summarises a parsed footer (rows, columns, row groups, key-value metadata). */
function describeFooter(file: string, byteLength: number, metadata: FileMetaData): ParquetInfo {
  let rowStart = 0
  const rowGroups = metadata.row_groups.map((g) => {
    const rows = Number(g.num_rows)
    const info = { rowStart, rows, bytes: g.columns.reduce((s, c) => s + Number(c.meta_data?.total_compressed_size ?? 0), 0) }
    rowStart += rows
    return info
  })
  const columns = parquetSchema(metadata).children.map(({ element, children }) => ({
    name: element.name,
    type: children.length > 0 ? 'GROUP' : String(element.type),
    ...(element.logical_type?.type ?? element.converted_type ? { logicalType: String(element.logical_type?.type ?? element.converted_type) } : {}),
    ...(element.repetition_type ? { repetition: String(element.repetition_type) } : {}),
  }))
  const keyValue = Object.fromEntries((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? '']))
  return { file, byteLength, rows: Number(metadata.num_rows), columns, rowGroups, keyValue }
}

/**
 * Reads a parquet file's footer only: rows, top-level columns with types, row groups, key-value metadata.
 * @param file the parquet file
 * @param options reader: read through this source instead of opening the file
 * @returns the file's shape
 * @example (await parquetMetadata(await dataPath('laion/laion400m-sample-10000.parquet'))).rows // 10000
 */
export async function parquetMetadata(file: string, { reader }: { reader?: ByteSource } = {}): Promise<ParquetInfo> {
  const opened = reader ? null : await openParquet(file)
  const source = reader ?? opened!
  try {
    return describeFooter(file, source.byteLength, await readFooter(file, source))
  } finally {
    await opened?.close()
  }
}

/** Opens a local parquet file as a ByteSource, with a "parquet:" message when it cannot be opened. */
export async function openParquet(file: string) {
  try {
    return await openFileSource(file)
  } catch (err) {
    throw new Error(`parquet: cannot open ${file} (${((err as Error).cause as Error)?.message ?? (err as Error).message})`, { cause: err })
  }
}
