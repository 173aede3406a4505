import type { Random } from '../metrics/random.js'

// Small dense-vector helpers for the world's generator; rows live in flat row-major Float32Arrays.

/** Writes a uniformly random unit vector of length d into `out` at `offset`. */
export function randomUnit(rng: Random, out: Float32Array | Float64Array, offset: number, d: number): void {
  let q = 0
  for (let k = 0; k < d; k++) {
    const v = rng.normal()
    out[offset + k] = v
    q += v * v
  }
  const inv = 1 / Math.sqrt(q)
  for (let k = 0; k < d; k++) out[offset + k] *= inv
}

/** Scales row `offset..offset+d` of `v` to unit length (a zero row stays zero). */
export function normaliseRow(v: Float32Array | Float64Array, offset: number, d: number): void {
  let q = 0
  for (let k = 0; k < d; k++) q += v[offset + k] * v[offset + k]
  if (q === 0) return
  const inv = 1 / Math.sqrt(q)
  for (let k = 0; k < d; k++) v[offset + k] *= inv
}

/** Dot product of row i of `a` and row j of `b`, both of width d. */
export function dotRows(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, d: number): number {
  const oa = i * d
  const ob = j * d
  let s = 0
  for (let k = 0; k < d; k++) s += a[oa + k] * b[ob + k]
  return s
}
