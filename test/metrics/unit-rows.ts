import type { Random } from '../../src/index.js'

/**
 * n random unit rows in d dims around a shared random direction c: x_i = normalise(c + s_i z), so the pair
 * similarities have a non-trivial mean. `spread` is the noise scale s_i: a number, or a function drawn once
 * per row (images that differ in how typical they are).
 */
export function unitRows(rng: Random, n: number, d: number, spread: number | (() => number) = 1): Float64Array {
  const centre = Array.from({ length: d }, () => rng.normal())
  const X = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    const s = typeof spread === 'number' ? spread : spread()
    let q = 0
    for (let k = 0; k < d; k++) {
      const v = centre[k] + s * rng.normal()
      X[i * d + k] = v
      q += v * v
    }
    for (let k = 0; k < d; k++) X[i * d + k] /= Math.sqrt(q)
  }
  return X
}
