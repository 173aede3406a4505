import type { GroupOptions, Matrix, PairSampleOptions } from './types.js'
import { createRandom, type Random } from './random.js'
import { checkLabels, groupRows } from './group-rows.js'

/** Appends min(#pairs, perClass) similarities of uniform pairs of `rows` to `out` (none when fewer than 2 rows). */
function drawPairs(X: Matrix, rows: readonly number[], d: number, perClass: number, rng: Random, out: number[]): void {
  const n = rows.length
  if (n < 2) return
  const count = Math.min((n * (n - 1)) / 2, perClass)
  for (let t = 0; t < count; t++) {
    // A uniform unordered pair of distinct rows: i uniform, j uniform among the others.
    const i = rng.int(n)
    let j = rng.int(n - 1)
    if (j >= i) j++
    const oi = rows[i] * d
    const oj = rows[j] * d
    let s = 0
    for (let k = 0; k < d; k++) s += X[oi + k] * X[oj + k]
    out.push(s)
  }
}

/**
 * Draws pair similarities of one class uniformly with replacement: min(#pairs, perClass) of them.
 * @param X row-major n x d embeddings
 * @param n number of rows
 * @param d embedding width
 * @param options `seed` (default 0), `perClass` (default 100)
 * @returns the sampled similarities (empty when n < 2)
 * @example samplePairSimilarities(X, 50, 512, { seed: 1 }).length // 100
 */
export function samplePairSimilarities(X: Matrix, n: number, d: number, { seed = 0, perClass = 100 }: PairSampleOptions = {}): Float64Array {
  if (X.length !== n * d) throw new Error(`intra-class: the matrix has ${X.length} values (expected n*d = ${n * d})`)
  const out: number[] = []
  if (n >= 2) drawPairs(X, Array.from({ length: n }, (_, i) => i), d, perClass, createRandom(seed), out)
  return Float64Array.from(out)
}

/**
 * The paper's pooled histogram sample (Fig. 6): from each class draw min(#pairs, perClass) pair
 * similarities with replacement, classes in sorted label order, one seeded stream for all.
 * @param X row-major embeddings, one row per image
 * @param labels one label per row
 * @param d embedding width
 * @param options `seed` (default 0), `perClass` (default 100), `maxPerClass` (first rows of each class; default all)
 * @returns all sampled similarities, concatenated
 * @example pooledPairSample(X, wnids, 512, { seed: 0, maxPerClass: 100 })
 */
export function pooledPairSample(X: Matrix, labels: ArrayLike<string>, d: number, { seed = 0, perClass = 100, maxPerClass }: PairSampleOptions & GroupOptions = {}): Float64Array {
  checkLabels(X, labels, d)
  const groups = groupRows(labels, { maxPerClass })
  const rng = createRandom(seed)
  const out: number[] = []
  for (const key of [...groups.keys()].sort()) drawPairs(X, groups.get(key)!, d, perClass, rng, out)
  return Float64Array.from(out)
}
