import type { CommandIO } from './types.js'

/** Options of {@link cliProgress}. */
export interface CliProgressOptions {
  /** What is counted, plural ('rows', 'images', 'row groups'). Required. */
  unit: string
  /** How many there are in all, when known (for the fraction and the ETA). Default: unknown. */
  total?: number
  /** Machine output was asked for: print nothing. Default: false. */
  json?: boolean
  /** Draw even when stderr is not a terminal (tests). Default: stderr's isTTY. */
  tty?: boolean
  /** Smallest interval between two redraws, in ms. Default: 250. */
  intervalMs?: number
}

/** A progress line on stderr: `update` as work is done, `end` when it is over. */
export interface CliProgress {
  /** Records `done` units (in all, not since the last call), with an optional note; redraws when due. */
  update(done: number, note?: string): void
  /** Changes the total (when it becomes known). */
  setTotal(total: number): void
  /** Finishes the line (a newline when anything was drawn). */
  end(): void
}

/**
 * Returns the text of a progress line: done (of total), rate, and the ETA when the total is known.
 * @example progressText('build', 'row groups', 3, 10, 6) // 'build: 3/10 row groups (30.0%) | 0.5 row groups/s | ETA 14s'
 */
export function progressText(label: string, unit: string, done: number, total: number | undefined, seconds: number, note?: string): string {
  const rate = seconds > 0 ? done / seconds : 0
  const parts = [total !== undefined && total > 0 ? `${label}: ${done}/${total} ${unit} (${(100 * Math.min(1, done / total)).toFixed(1)}%)` : `${label}: ${done} ${unit}`]
  parts.push(`${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} ${unit}/s`)
  if (total !== undefined && total > 0 && rate > 0 && done < total) parts.push(`ETA ${duration((total - done) / rate)}`)
  if (note) parts.push(note)
  return parts.join(' | ')
}

function duration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/**
 * Returns the progress display of a long command: one line redrawn in place on stderr, at most every `intervalMs`,
 * when stderr is a terminal; nothing at all under `--json` or when stderr is not a terminal (logs, pipes, CI), so
 * machine output stays clean. The `laionet download` bar (src/download/progress.ts) prints its own.
 * @example const bar = cliProgress(io, 'classify', { unit: 'images', total: files.length, json }); bar.update(16); bar.end()
 */
export function cliProgress(io: CommandIO, label: string, { unit, total, json = false, tty, intervalMs = 250 }: CliProgressOptions): CliProgress {
  const stream = io.stderr as NodeJS.WritableStream & { isTTY?: boolean }
  const active = !json && (tty ?? Boolean(stream.isTTY))
  const started = Date.now()
  let last = 0
  let drawn = false
  let all = total
  return {
    update(done, note) {
      if (!active) return
      const now = Date.now()
      if (now - last < intervalMs && !(all !== undefined && done >= all)) return
      last = now
      drawn = true
      stream.write(`\r\x1b[2K${progressText(label, unit, done, all, (now - started) / 1000, note)}`)
    },
    setTotal(n) {
      all = n
    },
    end() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}
