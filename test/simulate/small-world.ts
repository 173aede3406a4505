import type { SimulationConfig } from '../../src/index.js'

/** A world small enough for unit tests (about 0.3 s to generate) that keeps the default dials otherwise. */
export const SMALL: Partial<SimulationConfig> = Object.freeze({ classes: 100, candidates: 30_000 })

/** A tiny world for brute-force checks. */
export const TINY: Partial<SimulationConfig> = Object.freeze({ classes: 12, candidates: 3_000, dim: 8 })

/** Pearson correlation of two equal-length arrays. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i] / n
    mb += b[i] / n
  }
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}
