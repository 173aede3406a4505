import type { IntraClassOptions, IntraClassStats, Matrix } from './types.js'

/**
 * Why this is exact without the n x n similarity matrix: with S = sum_i x_i,
 *   sum_{i<j} x_i.x_j     = (||S||^2 - sum_i ||x_i||^2) / 2
 *   sum_{i<j} (x_i.x_j)^2 = (||X^T X||_F^2 - sum_i ||x_i||^4) / 2
 * (||X^T X||_F = ||X X^T||_F). The diagonal terms use the actual row norms, so rows need not be exactly
 * unit length (float16 embeddings are not). Everything accumulates in float64.
 */

export function checkShape(X: Matrix, n: number, d: number): void {
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

const BLOCK = 128

/**
 * ||X^T X||_F^2 through the d x d Gram. Rows are taken in blocks of BLOCK, transposed so each feature's
 * values are contiguous, and the Gram is filled in 4 x 4 tiles (16 running sums from 8 loads per row):
 * register tiling that makes this several times faster than a rank-one update per row.
 * Only tiles on or above the diagonal are computed; off-diagonal tiles count twice in the norm.
 */
function gramFrobenius2(X: Matrix, n: number, d: number): number {
  const D = Math.ceil(d / 4) * 4 // zero-padded features add nothing to the Gram
  const G = new Float64Array(D * D)
  const T = new Float64Array(D * BLOCK)
  for (let start = 0; start < n; start += BLOCK) {
    const rows = Math.min(BLOCK, n - start)
    for (let r = 0; r < rows; r++) {
      const o = (start + r) * d
      for (let k = 0; k < d; k++) T[k * BLOCK + r] = X[o + k]
    }
    for (let a = 0; a < D; a += 4) {
      const a0 = a * BLOCK, a1 = a0 + BLOCK, a2 = a1 + BLOCK, a3 = a2 + BLOCK
      for (let b = a; b < D; b += 4) {
        const b0 = b * BLOCK, b1 = b0 + BLOCK, b2 = b1 + BLOCK, b3 = b2 + BLOCK
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0
        for (let r = 0; r < rows; r++) {
          const x0 = T[a0 + r], x1 = T[a1 + r], x2 = T[a2 + r], x3 = T[a3 + r]
          const y0 = T[b0 + r], y1 = T[b1 + r], y2 = T[b2 + r], y3 = T[b3 + r]
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3
        }
        let g = a * D + b
        G[g] += s00; G[g + 1] += s01; G[g + 2] += s02; G[g + 3] += s03
        g += D
        G[g] += s10; G[g + 1] += s11; G[g + 2] += s12; G[g + 3] += s13
        g += D
        G[g] += s20; G[g + 1] += s21; G[g + 2] += s22; G[g + 3] += s23
        g += D
        G[g] += s30; G[g + 1] += s31; G[g + 2] += s32; G[g + 3] += s33
      }
    }
  }
  let f = 0
  for (let a = 0; a < D; a += 4) {
    for (let b = a; b < D; b += 4) {
      let tile = 0
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) tile += G[(a + i) * D + b + j] ** 2
      }
      f += b === a ? tile : 2 * tile
    }
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
  if (n < 2) return { n, pairs: 0, mean: NaN, var: NaN, se: NaN }
  const { S, norms } = sumAndNorms(X, n, d)
  const usePairs = method === 'pairs' || (method === 'auto' && n < d)
  let sumNorms2 = 0
  for (let i = 0; i < n; i++) sumNorms2 += norms[i] * norms[i]
  const squares = usePairs ? pairSquares(X, n, d) : (gramFrobenius2(X, n, d) - sumNorms2) / 2
  return statsFromParts(n, S, norms, squares, meansFromSum(X, n, d, S, norms))
}

/**
 * The statistics from their parts: the sum vector S, the
 * row squared norms, sum_{i<j} (x_i.x_j)^2 and each row's mean similarity to the others (s_i).
 */
function statsFromParts(n: number, S: Float64Array, norms: Float64Array, squares: number, s: Float64Array): IntraClassStats {
  const pairs = (n * (n - 1)) / 2
  let S2 = 0
  for (let k = 0; k < S.length; k++) S2 += S[k] * S[k]
  let sumNorms = 0
  for (let i = 0; i < n; i++) sumNorms += norms[i]
  const mean = (S2 - sumNorms) / 2 / pairs
  // Rounding can leave a tiny negative variance when all pairs are equal.
  const variance = Math.max(0, squares / pairs - mean * mean)
  const se = Math.sqrt(jackknifeVariance(s, n, mean))
  return { n, pairs, mean, var: variance, se }
}

/** Sums over the rows of one class from which {@link statsFromSums} derives the statistics. */
export interface ClassSums {
  /** ||S||^2, S the sum of the rows. */
  SS: number
  /** sum_i q_i, q_i = ||x_i||^2. */
  sumQ: number
  /** sum_i q_i^2. */
  sumQ2: number
  /** ||X^T X||_F^2 = ||X X^T||_F^2 = sum_{i,j} (x_i.x_j)^2. */
  frobenius: number
  /** sum_i (T_i - mean T)^2 with T_i = x_i.S - q_i = (n - 1) s_i: the jackknife needs nothing else. */
  spreadT: number
}

/**
 * The statistics of one class of n >= 2 rows from its sums (the engines that never see single pairs use this).
 * Jackknife: U_(-i) = (n U - 2 s_i) / (n - 2), so var_jack = (n - 1) / n * 4 / (n - 2)^2 * sum (s_i - mean s)^2.
 */
export function statsFromSums(n: number, { SS, sumQ, sumQ2, frobenius, spreadT }: ClassSums): IntraClassStats {
  const pairs = (n * (n - 1)) / 2
  const mean = (SS - sumQ) / 2 / pairs
  // Rounding can leave a tiny negative variance when all pairs are equal.
  const variance = Math.max(0, ((frobenius - sumQ2) / 2) / pairs - mean * mean)
  const spread = spreadT / (n - 1) ** 2
  const se = n < 3 ? NaN : Math.sqrt(((n - 1) / n) * (4 / (n - 2) ** 2) * spread)
  return { n, pairs, mean, var: variance, se }
}
