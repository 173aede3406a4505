import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../io/write-atomic.js'
import type { StatusRecord } from './types.js'

/** Failed rows listed in one `NNNNN_failed.jsonl` at most; beyond it the stats file counts them and status.jsonl has them all. */
const MAX_FAILED_ROWS = 100_000

/** The content of `NNNNN_stats.json`, as img2dataset users read it: what happened to the rows of one shard's window. */
export interface ShardStatsFile {
  /** The shard file the window's ok samples went into (absent from disk when none succeeded). */
  shard: string
  /** Rows finished in the window (ok and failed). */
  count: number
  /** Rows stored as samples. */
  successes: number
  /** Rows that failed, all statuses together. */
  failed: number
  /** Rows per status, e.g. { ok: 980, http_404: 12, timeout: 8 }. */
  status: Record<string, number>
  /** Image bytes stored. */
  bytes: number
  /** Start and end of the window, ISO 8601 UTC. */
  startTime: string
  endTime: string
  /** Seconds from start to end. */
  duration: number
  /** successes / count (0 when count is 0). */
  successRate: number
  /** The file listing the failed rows with their status and detail, one JSON object per line (absent when none failed). */
  failedRows?: string
  /** Failed rows not listed there because of its cap (status.jsonl lists every row). */
  failedRowsOmitted?: number
}

/**
 * Counts the rows of the shard being filled and, when it is finalised, writes its `NNNNN_stats.json` and its failed
 * rows (`NNNNN_failed.jsonl`). A shard's window is every row finished while it was the open shard: ok rows in it, and
 * the failures that happened meanwhile (failed rows are in no shard of their own).
 */
export class ShardStats {
  private counts: Record<string, number> = {}
  private failures: StatusRecord[] = []
  private omitted = 0
  private bytes = 0
  private start = Date.now()

  constructor(private readonly out: string, private readonly maxFailedRows = MAX_FAILED_ROWS) {}

  /** True when the window has rows that no stats file has counted yet. */
  get pending(): boolean {
    return Object.keys(this.counts).length > 0
  }

  /** Counts one stored sample of `bytes` image bytes. */
  ok(bytes: number): void {
    this.counts.ok = (this.counts.ok ?? 0) + 1
    this.bytes += bytes
  }

  /** Counts one failed row and keeps it for the failed-rows file. */
  failed(record: StatusRecord): void {
    this.counts[record.status] = (this.counts[record.status] ?? 0) + 1
    if (this.failures.length < this.maxFailedRows) this.failures.push(record)
    else this.omitted++
  }

  /** Writes the window's files under the shard's number (`00003.tar` -> `00003_stats.json`) and starts a new window. */
  async write(shard: string): Promise<ShardStatsFile> {
    const base = shard.replace(/\.tar$/, '')
    const end = Date.now()
    const count = Object.values(this.counts).reduce((a, b) => a + b, 0)
    const successes = this.counts.ok ?? 0
    const stats: ShardStatsFile = {
      shard, count, successes, failed: count - successes, status: { ...this.counts }, bytes: this.bytes,
      startTime: new Date(this.start).toISOString(), endTime: new Date(end).toISOString(), duration: (end - this.start) / 1000,
      successRate: count ? successes / count : 0,
    }
    if (this.failures.length) {
      stats.failedRows = `${base}_failed.jsonl`
      await writeFileAtomic(join(this.out, stats.failedRows), this.failures.map((r) => JSON.stringify(r) + '\n').join(''))
    }
    if (this.omitted) stats.failedRowsOmitted = this.omitted
    // The stats file goes last: its presence means the window's files are complete.
    await writeFileAtomic(join(this.out, `${base}_stats.json`), JSON.stringify(stats, null, 1) + '\n')
    this.counts = {}
    this.failures = []
    this.omitted = 0
    this.bytes = 0
    this.start = end
    return stats
  }
}

/**
 * Returns the number of the next shard of a download folder: one past the highest finished shard (NNNNN.tar) or
 * stats file (NNNNN_stats.json of a window where every row failed, which has no tar), so no run overwrites another's.
 * @example await nextShardNumber('images') // 3 after 00000.tar, 00001.tar and 00002_stats.json
 */
export async function nextShardNumber(out: string): Promise<number> {
  const names = await readdir(out).catch(() => [] as string[])
  let next = 0
  for (const name of names) {
    const m = /^(\d{5,})(?:\.tar|_stats\.json)$/.exec(name)
    if (m) next = Math.max(next, Number(m[1]) + 1)
  }
  return next
}
