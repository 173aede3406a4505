import { isRetryableStatus } from './retryable.js'
import type { DownloadProgress, DownloadSummary } from './types.js'

/** Options of {@link progressPrinter}. */
export interface ProgressPrinterOptions {
  /** Redraw one bar in place (a terminal) instead of printing plain lines. Default: the stream's isTTY. */
  tty?: boolean
  /** Rows expected in all, for the bar's fraction; unknown when absent. */
  total?: number
  /** Smallest interval between two updates, in ms. Default: 200 on a terminal, 5000 otherwise. */
  intervalMs?: number
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

/**
 * Returns a one-line progress text: rows done, ok count, bytes and rate, with a bar when `total` is known.
 * @example progressLine({ done: 50, skipped: 0, counts: { ok: 45 }, bytes: 1e6, seconds: 5 }, 100)
 */
export function progressLine(p: DownloadProgress, total?: number): string {
  const rate = p.seconds > 0 ? p.done / p.seconds : 0
  const parts = [`${p.done} rows`, `${p.counts.ok ?? 0} ok`, formatBytes(p.bytes), `${rate.toFixed(1)} rows/s`]
  if (p.skipped) parts.push(`${p.skipped} skipped (done before)`)
  if (total === undefined || total <= 0) return parts.join(' | ')
  const fraction = Math.min(1, (p.done + p.skipped) / total)
  const width = 24
  const filled = Math.round(fraction * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% | ${parts.join(' | ')}`
}

/**
 * Returns an `onProgress` callback that draws a bar in place on a terminal (stderr) or prints a plain line every few
 * seconds otherwise (logs, CI), plus `end()` to finish the line.
 * @example const bar = progressPrinter(process.stderr); await downloadImages(files, out, { onProgress: bar.update }); bar.end()
 */
export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean }, { tty = Boolean(stream.isTTY), total, intervalMs = tty ? 200 : 5000 }: ProgressPrinterOptions = {}) {
  let last = 0
  let latest: DownloadProgress | undefined
  const draw = () => {
    if (!latest) return
    stream.write(tty ? `\r\x1b[2K${progressLine(latest, total)}` : `${progressLine(latest, total)}\n`)
  }
  return {
    update(p: DownloadProgress) {
      latest = p
      const now = Date.now()
      if (now - last < intervalMs) return
      last = now
      draw()
    },
    end() {
      draw()
      if (tty && latest) stream.write('\n')
    },
  }
}

/**
 * Returns the end-of-run summary: rows per status (most frequent first), bytes stored, rate, shards.
 * @example process.stderr.write(formatSummary(summary))
 */
export function formatSummary(s: DownloadSummary): string {
  const statuses = Object.entries(s.counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const width = Math.max(6, ...statuses.map(([k]) => k.length))
  const lines = [
    `${s.aborted ? 'Interrupted' : 'Finished'}: ${s.done} rows in ${s.seconds.toFixed(1)} s (${s.rowsPerSecond.toFixed(1)} rows/s), ${formatBytes(s.bytes)} of images; ${s.skipped} rows skipped as done before.`,
    ...statuses.map(([status, n]) => `  ${status.padEnd(width)} ${String(n).padStart(8)}  ${s.done ? ((100 * n) / s.done).toFixed(1) : '0.0'}%`),
    `Shards written: ${s.shards.length ? `${s.shards[0]}..${s.shards[s.shards.length - 1]}` : 'none'}${s.recovered ? `; ${s.recovered} samples recovered from an interrupted run` : ''}. Output: ${s.out}`,
  ]
  const ok = s.counts.ok ?? 0
  lines.push(`Success rate: ${s.done ? ((100 * ok) / s.done).toFixed(1) : '0.0'}% (${ok} of ${s.done} rows stored)${retryHint(s.counts)}`)
  if (s.aborted) lines.push('Rerun the same command to continue where it stopped.')
  return lines.join('\n') + '\n'
}

// Transient failures can be fetched again on their own: say how many and how.
function retryHint(counts: Record<string, number>): string {
  const n = Object.entries(counts).filter(([status]) => isRetryableStatus(status)).reduce((a, [, c]) => a + c, 0)
  return n ? `; ${n} transient failures (timeout, 5xx, connection reset): rerun with --retry-failed to fetch them again` : ''
}
