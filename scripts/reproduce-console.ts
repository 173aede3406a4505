// What the main job (scripts/reproduce.ts) tells its user: the plan with a time estimate before anything runs, and the
// list of every output at the end. The estimate comes from the last run's per-notebook times (out/run-times.json).
import { readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { writeFileAtomicSync } from '../src/io/write-atomic.js'

/** One notebook run, as far as the console needs it. */
export interface RunOutcome {
  name: string
  executed: string
  status: 'ok' | 'failed'
  seconds: number
}

/** Largest times file read: a few dozen notebooks' seconds. */
const MAX_TIMES_BYTES = 64 * 1024

/** Returns the last run's seconds per notebook (empty when there was none, or the file is unreadable or not such an object). */
export function readRunTimes(file: string): Record<string, number> {
  let parsed: unknown
  try {
    const text = readFileSync(file, 'utf8')
    if (text.length > MAX_TIMES_BYTES) return {}
    parsed = JSON.parse(text)
  } catch {
    return {}
  }
  if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0))
}

/** Adds this run's times to the file (notebooks not run keep their last time). */
export function writeRunTimes(file: string, runs: readonly RunOutcome[]): void {
  const times = { ...readRunTimes(file), ...Object.fromEntries(runs.map((r) => [r.name, Math.round(r.seconds)])) }
  writeFileAtomicSync(file, JSON.stringify(times, null, 2) + '\n')
}

/** Formats seconds as `42 s` under 90 s, else whole minutes (`7 min`). */
export function duration(seconds: number): string {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`
}

/** The first line of a run: what will happen and roughly how long it takes. */
export function planLine(names: readonly string[], times: Record<string, number>): string {
  const known = names.filter((n) => times[n] != null)
  const total = known.reduce((sum, n) => sum + times[n], 0)
  const estimate = known.length === names.length && names.length > 0
    ? `about ${duration(total)} (the last run's times)`
    : known.length > 0
      ? `at least ${duration(total)} (the last run's times of ${known.length} of these ${names.length} notebooks)`
      : 'no earlier run here to time it from; a notebook takes from under a minute to several minutes'
  return `will check the data files, run ${names.length} notebook${names.length === 1 ? '' : 's'} headless (${names.join(', ')}), render every figure and write the report: ${estimate}`
}

/** The closing list: every output of the run and where a reader finds it, relative to `cwd`. */
export function outputList(outDir: string, runs: readonly RunOutcome[], figureCount: number, dialsPage: boolean, cwd = process.cwd()): string {
  const rel = (file: string) => relative(cwd, file) || '.'
  return [
    'outputs:',
    `  report        ${rel(join(outDir, 'report.html'))} (open it in a browser) and ${rel(join(outDir, 'report.md'))}`,
    ...(dialsPage ? [`  dial sliders  ${rel(join(outDir, 'dials.html'))}`] : []),
    `  figures       ${rel(join(outDir, 'figures'))}/ (${figureCount} figure${figureCount === 1 ? '' : 's'}: PNG, SVG and the plotly spec of each)`,
    `  notebooks     ${rel(join(outDir, 'notebooks'))}/ (executed copies, with their outputs)`,
    ...runs.map((r) => `                  ${basename(r.executed)}${r.status === 'ok' ? '' : '  (FAILED)'}`),
    `  numbers       ${rel(join(outDir, 'results'))}/ (one JSON per notebook)`,
    '',
  ].join('\n')
}
