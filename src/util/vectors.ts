import type { Random } from './random.js'

// The one set of dense-vector helpers: whole vectors (dot, cosine, top-k, softmax), rows of a matrix of embeddings,
// and rows inside flat row-major arrays (the simulated world's generator).

/** A matrix of `rows` vectors of length `dim`, stored row after row (models' `Embeddings` has this shape). */
export interface RowMatrix {
  /** The values, row after row (length rows * dim). */
  data: Float32Array
  /** Number of vectors. */
  rows: number
  /** Length of each vector. */
  dim: number
}

/**
 * Returns the dot product of two vectors of equal length (the cosine similarity when both are L2-normalised).
 * @example dot(Float32Array.of(0.6, 0.8), Float32Array.of(0.6, 0.8)) // 1
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`vectors: dot of vectors of length ${a.length} and ${b.length} (expected equal lengths)`)
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

/**
 * Returns the cosine similarity of two vectors, in [-1, 1] (0 when either is all zeros).
 * @example cosineSimilarity([1, 0], [1, 1]) // 0.7071
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`models: cosineSimilarity of vectors of length ${a.length} and ${b.length} (expected equal lengths)`)
  let d = 0, na = 0, nb = 0
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return na > 0 && nb > 0 ? d / Math.sqrt(na * nb) : 0
}

/** Returns row `r` of `m` as a view. */
export function row(m: RowMatrix, r: number): Float32Array {
  return m.data.subarray(r * m.dim, (r + 1) * m.dim)
}

/**
 * Divides each row of `m` by its L2 norm, in place (a zero row stays zero).
 * @returns the same matrix.
 * @example normalizeRows({ data: Float32Array.of(3, 4), rows: 1, dim: 2 }).data // [0.6, 0.8]
 */
export function normalizeRows<M extends RowMatrix>(m: M): M {
  for (let r = 0; r < m.rows; r++) {
    const v = row(m, r)
    let s = 0
    for (const x of v) s += x * x
    const n = Math.sqrt(s)
    if (n > 0) for (let j = 0; j < v.length; j++) v[j] /= n
  }
  return m
}

/**
 * Scales `v[offset .. offset+d)` to unit length, in place, by multiplying with 1/norm (a zero row stays zero).
 * The simulated world's generator uses this rounding; normalizeRows divides (the models' rounding).
 */
export function normalizeRow(v: Float32Array | Float64Array, offset: number, d: number): void {
  let q = 0
  for (let k = 0; k < d; k++) q += v[offset + k] * v[offset + k]
  if (q === 0) return
  const inv = 1 / Math.sqrt(q)
  for (let k = 0; k < d; k++) v[offset + k] *= inv
}

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

/** Dot product of row i of `a` and row j of `b`, both of width d. */
export function dotRows(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, d: number): number {
  const oa = i * d
  const ob = j * d
  let s = 0
  for (let k = 0; k < d; k++) s += a[oa + k] * b[ob + k]
  return s
}

/**
 * Returns the indices of the `k` largest finite values, largest first (ties: lower index first).
 * @example topIndices([0.1, 0.5, 0.3], 2) // [1, 2]
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    if (best.length === k && v <= values[best[k - 1]]) continue
    let at = best.length === k ? k - 1 : best.length
    while (at > 0 && values[best[at - 1]] < v) at--
    best.splice(at, 0, i)
    if (best.length > k) best.pop()
  }
  return best
}

/** Returns softmax(values) as float64 probabilities; -Infinity entries get probability 0. */
export function softmax(values: ArrayLike<number>): Float64Array {
  let max = -Infinity
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i]
  const out = new Float64Array(values.length)
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    out[i] = Number.isFinite(values[i]) ? Math.exp(values[i] - max) : 0
    sum += out[i]
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum
  return out
}
