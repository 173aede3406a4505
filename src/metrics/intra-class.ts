import type { IntraClassOptions, IntraClassStats, Matrix } from './types.js'

/**
 * Why this is exact without the n x n similarity matrix: with S = sum_i x_i,
 *   sum_{i<j} x_i.x_j     = (||S||^2 - sum_i ||x_i||^2) / 2
 *   sum_{i<j} (x_i.x_j)^2 = (||X^T X||_F^2 - sum_i ||x_i||^4) / 2
 * (||X^T X||_F = ||X X^T||_F). The diagonal terms use the actual row norms, so rows need not be exactly
 * unit length (float16 embeddings are not). Everything accumulates in float64.
 */

function checkShape(X: Matrix, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 1) {
    throw new Error(`intra-class: n and d must be integers with n >= 0 and d >= 1, got n=${n}, d=${d}`)
  }
  if (X.length !== n * d) {
    throw new Error(`intra-class: the matrix has ${X.length} values (expected n*d = ${n}*${d} = ${n * d}). Pass the row count and the embedding width of the .npy shape.`)
  }
}

/** The sum vector S and the per-row squared norms, in float64. */
function sumAndNorms(X: Matrix, n: number, d: number): { S: Float64Array, norms: Float64Array } {
  const S = new Float64Array(d)
  const norms = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * d
    let q = 0
    for (let k = 0; k < d; k++) {
      const v = X[o + k]
      S[k] += v
      q += v * v
    }
    norms[i] = q
  }
  return { S, norms }
}

const BLOCK = 64

/** ||X^T X||_F^2 through the d x d Gram, rows taken in blocks so the Gram is swept once per block, not per row. */
function gramFrobenius2(X: Matrix, n: number, d: number): number {
  const G = new Float64Array(d * d) // upper triangle used
  const T = new Float64Array(d * BLOCK) // the block transposed: column k holds row k's values contiguously per feature
  for (let start = 0; start < n; start += BLOCK) {
    const rows = Math.min(BLOCK, n - start)
    for (let r = 0; r < rows; r++) {
      const o = (start + r) * d
      for (let k = 0; k < d; k++) T[k * BLOCK + r] = X[o + k]
    }
    for (let a = 0; a < d; a++) {
      const ao = a * BLOCK
      const go = a * d
      for (let b = a; b < d; b++) {
        const bo = b * BLOCK
        let s = 0
        for (let r = 0; r < rows; r++) s += T[ao + r] * T[bo + r]
        G[go + b] += s
      }
    }
  }
  let f = 0
  for (let a = 0; a < d; a++) {
    f += G[a * d + a] * G[a * d + a]
    for (let b = a + 1; b < d; b++) f += 2 * G[a * d + b] * G[a * d + b]
  }
  return f
}

/** sum_{i<j} (x_i.x_j)^2 by visiting every pair once, never storing the pair matrix. */
function pairSquares(X: Matrix, n: number, d: number): number {
  let f = 0
  for (let i = 1; i < n; i++) {
    const oi = i * d
    for (let j = 0; j < i; j++) {
      const oj = j * d
      let s = 0
      for (let k = 0; k < d; k++) s += X[oi + k] * X[oj + k]
      f += s * s
    }
  }
  return f
}

/**
 * Returns each image's mean similarity to the other images of its class, s_i = (x_i.S - ||x_i||^2) / (n - 1),
 * in O(n d) from the sum vector S. The mean of the s_i is the mean pair similarity.
 * @param X row-major n x d embeddings
 * @param n number of rows
 * @param d embedding width
 * @returns a Float64Array of length n (NaN entries when n < 2)
 * @example imageMeanSimilarity(new Float32Array([1, 0, 0, 1, 1, 0]), 3, 2) // Float64Array [0.5, 0, 0.5]
 */
export function imageMeanSimilarity(X: Matrix, n: number, d: number): Float64Array {
  checkShape(X, n, d)
  const { S, norms } = sumAndNorms(X, n, d)
  return meansFromSum(X, n, d, S, norms)
}

function meansFromSum(X: Matrix, n: number, d: number, S: Float64Array, norms: Float64Array): Float64Array {
  const s = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * d
    let dot = 0
    for (let k = 0; k < d; k++) dot += X[o + k] * S[k]
    s[i] = (dot - norms[i]) / (n - 1)
  }
  return s
}

/**
 * Jackknife-over-images variance of the pair mean U. Leaving image i out gives
 * U_(-i) = (n U - 2 s_i) / (n - 2), so the whole jackknife costs O(n) once the s_i are known.
 * The jackknife is used rather than a plug-in Hoeffding variance (4 zeta1 / n) because it needs no
 * separate estimate of the second-order term and, by the Efron-Stein inequality, errs on the wide side.
 */
function jackknifeVariance(s: Float64Array, n: number, mean: number): number {
  if (n < 3) return NaN
  let loo = 0
  const leaveOut = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    leaveOut[i] = (n * mean - 2 * s[i]) / (n - 2)
    loo += leaveOut[i]
  }
  loo /= n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (leaveOut[i] - loo) ** 2
  return ((n - 1) / n) * ss
}

/**
 * Returns the exact mean and variance of the cosine similarity over all distinct pairs of rows, and the
 * jackknife standard error of the mean, without forming the n x n similarity matrix.
 * @param X row-major n x d embeddings, rows L2-normalised (then dot product = cosine)
 * @param n number of rows (images)
 * @param d embedding width
 * @param options `method`: 'auto' (default), 'gram' (O(n d^2), O(d^2) memory) or 'pairs' (O(n^2 d), O(1) memory)
 * @returns `{ n, pairs, mean, var, se }`; with n < 2 there is no pair: pairs 0 and NaN statistics
 * @example intraClassStats(new Float32Array([1, 0, 0, 1, 1, 0]), 3, 2) // { n: 3, pairs: 3, mean: 1/3, var: 2/9, se: ... }
 */
export function intraClassStats(X: Matrix, n: number, d: number, { method = 'auto' }: IntraClassOptions = {}): IntraClassStats {
  checkShape(X, n, d)
  const pairs = (n * (n - 1)) / 2
  if (n < 2) return { n, pairs: 0, mean: NaN, var: NaN, se: NaN }
  const { S, norms } = sumAndNorms(X, n, d)
  let S2 = 0
  for (let k = 0; k < d; k++) S2 += S[k] * S[k]
  let sumNorms = 0
  let sumNorms2 = 0
  for (let i = 0; i < n; i++) {
    sumNorms += norms[i]
    sumNorms2 += norms[i] * norms[i]
  }
  const mean = (S2 - sumNorms) / 2 / pairs
  const usePairs = method === 'pairs' || (method === 'auto' && n < d)
  const squares = usePairs ? pairSquares(X, n, d) : (gramFrobenius2(X, n, d) - sumNorms2) / 2
  // Rounding can leave a tiny negative variance when all pairs are equal.
  const variance = Math.max(0, squares / pairs - mean * mean)
  const se = Math.sqrt(jackknifeVariance(meansFromSum(X, n, d, S, norms), n, mean))
  return { n, pairs, mean, var: variance, se }
}
