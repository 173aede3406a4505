import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuFeatures, describeCpu, type CpuFeatures } from '../src/util/cpu-features.js'

// Shared by the benchmarks: timing as the best of a few runs, because the machine is shared and the minimum is the
// least disturbed run (the first also pays the JIT).

/** Runs `f` `runs` times; returns the fastest time in milliseconds (one decimal) and the last value. */
export function bestOf<T>(f: () => T, runs = 3): { ms: number, value: T } {
  let best = Infinity
  let value!: T
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now()
    value = f()
    best = Math.min(best, performance.now() - t0)
  }
  return { ms: Math.round(best * 10) / 10, value }
}

/** {@link bestOf} for async work. */
export async function bestOfAsync<T>(f: () => Promise<T> | T, runs = 3): Promise<{ ms: number, value: T }> {
  let best = Infinity
  let value!: T
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now()
    value = await f()
    best = Math.min(best, performance.now() - t0)
  }
  return { ms: Math.round(best * 10) / 10, value }
}

/**
 * Runs a command under bash's `time`: wall seconds, the CPU seconds of the command and its children (robust when
 * other processes share the cores), and its stdout. Throws, with the end of stderr, when it fails.
 */
export function timedCommand(command: string[], cwd: string): { seconds: number, cpuSeconds: number, stdout: string } {
  const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const out = join(tmpdir(), `laionet-bench-${process.pid}.out`)
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time (${quoted} > '${out}')`], { encoding: 'utf8', cwd, maxBuffer: 1 << 26 })
  const [wall, user, sys] = r.stderr.trim().split(/\s+/).slice(-3).map(Number)
  const stdout = existsSync(out) ? readFileSync(out, 'utf8') : ''
  rmSync(out, { force: true })
  if (r.status !== 0 || !Number.isFinite(wall)) throw new Error(`bench: ${command.join(' ').slice(0, 200)} failed (${r.status}): ${r.stderr.slice(-500)}`)
  return { seconds: wall, cpuSeconds: Math.round((user + sys) * 1000) / 1000, stdout }
}

/**
 * Runs each command `runs` times in turn (so all see the same moments of a shared machine): each one's fastest run,
 * least CPU, and median wall time (on a shared virtual machine the spread is wide: both are worth reporting).
 */
export function interleavedBest(commands: (() => { seconds: number, cpuSeconds: number, stdout: string })[], runs: number): { seconds: number, cpuSeconds: number, medianSeconds: number, stdout: string }[] {
  const best: ({ seconds: number, cpuSeconds: number, stdout: string } | null)[] = commands.map(() => null)
  const cpu = commands.map(() => Infinity)
  const walls: number[][] = commands.map(() => [])
  for (let i = 0; i < runs; i++) {
    commands.forEach((run, k) => {
      const r = run()
      if (!best[k] || r.seconds < best[k]!.seconds) best[k] = r
      cpu[k] = Math.min(cpu[k], r.cpuSeconds)
      walls[k].push(r.seconds)
    })
  }
  return best.map((b, k) => ({ ...b!, cpuSeconds: cpu[k], medianSeconds: median(walls[k]) }))
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b)
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2
}

/**
 * A folder name for this machine's kind of CPU: model, the widest SIMD the kernels use, and the core count, e.g.
 * `amd-epyc-avx2-2c`. Results of two kinds of machine go to two folders, so their ratios are never mixed.
 */
export function cpuSlug(c: CpuFeatures = cpuFeatures()): string {
  const simd = c.avx512f ? 'avx512' : c.avx2 ? 'avx2' : 'no-avx2'
  const model = c.model.toLowerCase().replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, ' ').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return `${model || 'unknown-cpu'}-${simd}-${c.cores}c`
}

/**
 * Writes a benchmark's results to bench/results/<cpu-slug>/<area>.json, with the CPU model and flags and the load
 * average beside them, and prints the CPU line; returns the path.
 */
export function writeResults(area: string, results: object): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results', cpuSlug())
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${area}.json`)
  const stamped = { cpu: describeCpu(), cpuFeatures: cpuFeatures(), loadAverageAtWrite: loadavg().map((x) => +x.toFixed(2)), ...results }
  writeFileSync(file, JSON.stringify(stamped, null, 2) + '\n')
  console.log(`${area}: measured on ${describeCpu()}, load average ${stamped.loadAverageAtWrite.join(' ')} -> ${file}`)
  return file
}
