import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { extname } from 'node:path'
import { parquetMetadata } from '../io/parquet-metadata.js'
import { parquetRows } from '../io/parquet-row-groups.js'
import { inShard, type Shard } from '../io/parquet-shard.js'
import { csvFileRows } from './csv-rows.js'

/** One input row handed to the downloader. */
export interface InputRow {
  /** 0-based row number over all input files, in order. */
  row: number
  /** The URL ('' when the row has none). */
  url: string
  /** Every column of the row (values as read). */
  fields: Record<string, unknown>
}

/** Options of {@link inputRows}. */
export interface InputRowOptions {
  /** URL column. Default: the first of 'URL', 'url' present in the first row of each file. */
  urlColumn?: string
  /** Rows handed out per parquet batch (one row group is read at a time). Default: 4096. */
  batchRows?: number
  /**
   * Only this shard's rows (`--shard i/n`): the work units are the row groups of parquet files and each other file
   * whole, numbered over the files in order and dealt round-robin; rows keep their numbers over all inputs.
   * Default: every row.
   */
  shard?: Shard
}

/**
 * Streams the rows of parquet, CSV (.csv/.tsv) and JSON-lines (.jsonl/.ndjson/.json) files, numbering them across
 * files, without loading a file whole.
 * @param files input files, read in the given order
 * @returns an async iterable of rows with their URL
 * @example for await (const { row, url } of inputRows(['laionet.parquet'])) console.log(row, url)
 */
export async function* inputRows(files: readonly string[], { urlColumn, batchRows = 4096, shard }: InputRowOptions = {}): AsyncGenerator<InputRow> {
  let row = 0
  const unit = { next: 0 }
  for (const file of files) {
    let column: string | undefined = urlColumn
    for await (const fields of shard ? shardRecords(file, batchRows, shard, unit) : fileRecords(file, batchRows)) {
      if (typeof fields === 'number') {
        row += fields
        continue
      }
      if (column === undefined) {
        column = ['URL', 'url'].find((name) => name in fields)
        if (column === undefined) {
          throw new Error(`download: ${file} has no URL column (expected "URL" or "url", found ${Object.keys(fields).map((k) => `"${k}"`).join(', ')}). Name it with --url-col`)
        }
      } else if (!(column in fields)) {
        throw new Error(`download: ${file} row ${row} has no column "${column}" (found ${Object.keys(fields).map((k) => `"${k}"`).join(', ')})`)
      }
      const value = fields[column]
      yield { row, url: typeof value === 'string' ? value.trim() : '', fields }
      row++
    }
  }
}

/** The records of `shard`'s units of one file; another shard's unit comes as the number of rows it holds. */
async function* shardRecords(file: string, batchRows: number, shard: Shard, unit: { next: number }): AsyncGenerator<Record<string, unknown> | number> {
  if (extname(file).toLowerCase() === '.parquet') {
    for (const [g, group] of (await parquetMetadata(file)).rowGroups.entries()) {
      if (inShard(unit.next++, shard)) yield* parquetRows(file, { batchSize: batchRows, rowGroups: [g] })
      else yield group.rows
    }
    return
  }
  const mine = inShard(unit.next++, shard)
  let skipped = 0
  for await (const fields of fileRecords(file, batchRows)) {
    if (mine) yield fields
    else skipped++
  }
  if (skipped) yield skipped
}

function fileRecords(file: string, batchRows: number): AsyncIterable<Record<string, unknown>> {
  const ext = extname(file).toLowerCase()
  // One row group in memory at a time, handed out in batches of `batchRows` rows.
  if (ext === '.parquet') return parquetRows(file, { batchSize: batchRows })
  if (ext === '.csv') return csvFileRows(file)
  if (ext === '.tsv') return csvFileRows(file, { delimiter: '\t' })
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return jsonLines(file)
  throw new Error(`download: ${file} has an unknown extension "${ext}" (expected .parquet, .csv, .tsv, .jsonl, .ndjson or .json)`)
}

async function* jsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
  let n = 0
  for await (const line of lines) {
    n++
    if (!line.trim()) continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (err) {
      throw new Error(`download: ${file} line ${n} is not JSON (${(err as Error).message})`, { cause: err })
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`download: ${file} line ${n} is not a JSON object`)
    yield value as Record<string, unknown>
  }
}
