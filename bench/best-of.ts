import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuFeatures, describeCpu } from '../src/util/cpu-features.js'

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
 * Writes a benchmark's results to bench/results/<area>.json (where bench/run.ts looks for them), with the CPU they were
 * measured on (model and the SIMD flags that choose kernels: speeds, and int8 accuracies, are only comparable between
 * machines with these beside them); returns the path.
 */
export function writeResults(area: string, results: unknown): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${area}.json`)
  const cpu = { ...cpuFeatures(), described: describeCpu() }
  const withCpu = results && typeof results === 'object' && !Array.isArray(results) ? { ...results, cpu } : { results, cpu }
  writeFileSync(file, JSON.stringify(withCpu, null, 2) + '\n')
  return file
}
