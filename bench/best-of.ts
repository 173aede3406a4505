// Timing shared by the benchmarks: the best of a few runs, because the machine is shared and the minimum is the
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
