import { createHash } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { makeOutputFolder, OUTPUT_LOCK, withOutputLock } from '../io/output-lock.js'
import { writeFileAtomic } from '../io/write-atomic.js'
import { checkDownloadSettings } from './download-settings.js'
import { checkImage } from './image-check.js'
import { fetchUrl } from './fetch-url.js'
import { inputRows, type InputRow } from './input-rows.js'
import { recoverShards } from './recover-shards.js'
import { isRetryableStatus } from './retryable.js'
import { ShardStats, nextShardNumber } from './shard-stats.js'
import { ShardWriter, listShards, removeUnfinishedShards, sampleKey, type Sample } from './shard-writer.js'
import { openStatusLog, readStatusLog } from './status-log.js'
import type { DownloadOptions, DownloadSummary, StatusRecord } from './types.js'
import { redactUrl } from './url-credentials.js'
import { LaionetError } from '../util/errors.js'
import { describeRange, inRange, RANGES, type NumberRange } from '../util/number-ranges.js'

const CAPTION_COLUMNS = ['TEXT', 'caption', 'text']
const MAX_FIELD_CHARS = 10_000

/**
 * Downloads the images of the rows of `inputs` into WebDataset shards under `out` (NNNNN.tar with `<key>.jpg` and
 * `<key>.json` per sample), records one status per row in `out/status.jsonl`, and writes `out/index.json` (shards,
 * samples per shard, bytes) and, per shard, `NNNNN_stats.json` (rows by status, bytes, duration, success rate) with
 * its failed rows in `NNNNN_failed.jsonl`. Resumable: rows already recorded are skipped, and an interrupted run loses
 * nothing; `retryFailed` fetches again only the rows that failed transiently (timeout, 5xx, connection reset).
 * @param inputs parquet, CSV or JSON-lines files with a URL column
 * @param out output folder (created)
 * @returns totals per status, bytes, rate and the shards written
 * @example const s = await downloadImages(['laionet.parquet'], 'images', { concurrency: 32, maxSide: 256 })
 */
export async function downloadImages(inputs: readonly string[], out: string, options: DownloadOptions = {}): Promise<DownloadSummary> {
  const { concurrency = 16, shardSize = 1000 } = options
  // The same ranges as the flags': a huge concurrency allocates one worker each, a timer past 2^31-1 ms fires at once.
  const bounded: [string, unknown, NumberRange][] = [['concurrency', concurrency, RANGES.concurrency], ['shardSize', shardSize, RANGES.count],
    ['timeoutMs', options.timeoutMs ?? 10_000, RANGES.timeoutMs], ['retries', options.retries ?? 0, RANGES.retries]]
  for (const [name, value, range] of bounded) {
    if (!inRange(value, range)) throw new LaionetError('download', `${name} ${String(value)} is out of range (expected ${describeRange(range)})`, { code: 'usage', value })
  }
  if (inputs.length === 0) throw new Error('download: no input files. Pass one or more parquet, CSV or JSON-lines files')
  for (const file of inputs) {
    if (!existsSync(file)) throw new Error(`download: input ${file} does not exist (expected a parquet, CSV or JSON-lines file with a URL column)`)
  }
  const dir = resolve(out)
  makeOutputFolder(dir, 'download')
  // One writer per folder: a second run would record rows `ok` that its shards never hold.
  return withOutputLock(join(dir, OUTPUT_LOCK), 'download', () => downloadInto(dir, inputs, options), { onWarning: options.onWarning })
}

// downloadImages once `dir` exists and is locked.
async function downloadInto(dir: string, inputs: readonly string[], options: DownloadOptions): Promise<DownloadSummary> {
  const { concurrency = 16, shardSize = 1000, maxRows = Infinity, retryStatuses = [], retryFailed = false, urlColumn, captionColumn, onProgress, signal: outer } = options
  const recordSettings = await checkDownloadSettings(dir, inputs, options)
  // Every request listens on the run's signal: one inner signal with no listener cap (the caller's own signal gets
  // a single listener), so a high concurrency raises no MaxListenersExceededWarning.
  const inner = new AbortController()
  setMaxListeners(0, inner.signal)
  const forward = () => inner.abort(outer!.reason)
  if (outer?.aborted) forward()
  else outer?.addEventListener('abort', forward, { once: true })
  const signal = inner.signal
  const rowOptions = { ...options, signal }
  const logFile = join(dir, 'status.jsonl')
  const state = await readStatusLog(logFile)
  const log = await openStatusLog(logFile, state.completeBytes)
  await removeUnfinishedShards(dir)
  const existing = await listShards(dir)
  const recovered = await recoverShards(dir, existing, state, log)
  const retry = new Set(retryStatuses)
  // ok is never redone: a stored image stays exactly as it is, whatever the retry settings.
  const redo = (previous: string) => previous !== 'ok' && (retry.has(previous) || (retryFailed && isRetryableStatus(previous)))
  const stats = new ShardStats(dir)
  const shards = new ShardWriter(dir, log, shardSize, await nextShardNumber(dir), stats)

  const started = Date.now()
  const counts: Record<string, number> = {}
  let done = 0
  let skipped = 0
  const progress = () => ({ done, skipped, counts: { ...counts }, bytes: shards.bytes, seconds: (Date.now() - started) / 1000 })
  const finishRow = (status: string) => {
    counts[status] = (counts[status] ?? 0) + 1
    done++
    onProgress?.(progress())
  }

  const source = inputRows(inputs, { urlColumn, shard: options.shard })[Symbol.asyncIterator]()
  let failed = false // one worker's error stops the others from taking new rows
  const nextRow = async (): Promise<InputRow | undefined> => {
    for (;;) {
      if (signal?.aborted || failed) return undefined
      const { value, done: end } = await source.next()
      if (end || value.row >= maxRows) return undefined
      const previous = state.status.get(value.row)
      if (previous !== undefined) checkSameRow(dir, value, state.urls.get(value.row))
      if (previous === undefined || redo(previous)) return value
      skipped++
    }
  }

  const worker = async () => {
    for (let row = await nextRow(); row; row = await nextRow()) {
      const record = await processRow(row, rowOptions, captionColumn)
      if (record === 'aborted') return
      // The folder's settings are recorded with its first stored row, not before: see checkDownloadSettings.
      await recordSettings()
      if ('sample' in record) {
        await shards.add(record.sample)
        finishRow('ok')
      } else {
        await log.append([record])
        stats.failed(record)
        finishRow(record.status)
      }
    }
  }

  const settled = await Promise.allSettled(Array.from({ length: concurrency }, () => worker().catch((err) => {
    failed = true
    throw err
  })))
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason
  const aborted = Boolean(signal?.aborted)
  outer?.removeEventListener('abort', forward)
  if (aborted || failure) await shards.abandon()
  else await shards.finish()
  await log.close()
  await source.return?.(undefined)
  if (failure) throw failure
  if (!aborted) await writeIndex(dir, new Map([...state.okPerShard, ...shards.samplesPerShard]))
  const totals = progress()
  const successRate = done > 0 ? (totals.counts.ok ?? 0) / done : 0
  return { ...totals, out: dir, rowsPerSecond: totals.seconds > 0 ? done / totals.seconds : 0, successRate, stored: shards.stored, shards: shards.finished, recovered, aborted }
}

// A resumed run must read the rows the earlier one recorded: a row whose URL differs means the inputs were rewritten.
function checkSameRow(dir: string, row: InputRow, recorded: string | undefined): void {
  const now = row.url ? redactUrl(row.url) : ''
  if (recorded === undefined || recorded === now) return
  throw new LaionetError('download', `cannot resume ${dir}: row ${row.row} of the inputs was ${JSON.stringify(recorded.slice(0, 200))} in the earlier run, now ${JSON.stringify(now.slice(0, 200))} (the input files changed)`, {
    code: 'mismatch', value: row.row,
    fix: `Restore the inputs to resume, or start fresh: delete ${dir} or pass another --out folder`,
  })
}

type RowOutcome = { status: 'ok', sample: Sample } | StatusRecord | 'aborted'

async function processRow(row: InputRow, options: DownloadOptions, captionColumn: string | undefined): Promise<RowOutcome> {
  if (!row.url) return { row: row.row, url: '', status: 'no_url' }
  // A credential in a URL is never stored: records and sample json hold the URL without it.
  const url = redactUrl(row.url)
  let fetched
  try {
    fetched = await fetchUrl(row.url, options)
  } catch (err) {
    if (options.signal?.aborted) return 'aborted'
    throw err
  }
  if (fetched.status !== 'ok') return { row: row.row, url, status: fetched.status, detail: fetched.detail }
  const image = await checkImage(fetched.body, options)
  if (image.status !== 'ok') return { row: row.row, url, status: image.status, detail: image.detail }
  const key = sampleKey(row.row)
  const caption = captionOf(row.fields, captionColumn)
  const json: Record<string, unknown> = {
    ...scalarFields(row.fields),
    key,
    row: row.row,
    url,
    caption,
    width: image.width,
    height: image.height,
    original_width: image.originalWidth,
    original_height: image.originalHeight,
    source_format: image.kind,
    sha256: createHash('sha256').update(image.data).digest('hex'),
  }
  return { status: 'ok', sample: { key, row: row.row, url, image: image.data, extension: image.extension, json } }
}

function captionOf(fields: Record<string, unknown>, column: string | undefined): string | null {
  const name = column ?? CAPTION_COLUMNS.find((c) => c in fields)
  const value = name === undefined ? undefined : fields[name]
  return typeof value === 'string' ? value : null
}

// Other input columns ride along in the sample json, bounded so one huge cell cannot bloat a shard.
function scalarFields(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') kept[name] = redactUrl(value.length > MAX_FIELD_CHARS ? value.slice(0, MAX_FIELD_CHARS) : value)
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) kept[name] = value
    else if (typeof value === 'bigint') kept[name] = Number(value)
  }
  return kept
}

/**
 * Rewrites out/index.json from the finished shards on disk: file, samples and bytes per shard. `okPerShard` is what the
 * status log now records (the earlier runs' counts after recovery, plus this run's shards), so it is not read again.
 */
async function writeIndex(dir: string, okPerShard: ReadonlyMap<string, number>): Promise<void> {
  const shards = await Promise.all((await listShards(dir)).map(async (file) => ({ file, samples: okPerShard.get(file) ?? 0, bytes: (await stat(join(dir, file))).size })))
  const index = { format: 'webdataset', shards, samples: shards.reduce((s, x) => s + x.samples, 0) }
  await writeFileAtomic(join(dir, 'index.json'), JSON.stringify(index, null, 2) + '\n')
}
