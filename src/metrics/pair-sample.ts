import type { GroupOptions, Matrix, PairSampleOptions } from './types.js'
import { createRandom, type Random } from '../util/random.js'
import { checkLabels, groupRows } from './group-rows.js'
import { paperValue } from '../paper/registry.js'

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
 * @param options `seed` (default 0), `perClass` (default 100), `maxPerClass` (first rows of each class; default all),
 *   `classes` (pool only these; default all)
 * @returns all sampled similarities, concatenated
 * @example pooledPairSample(X, wnids, 512, { seed: 0, maxPerClass: 100 })
 */
export function pooledPairSample(X: Matrix, labels: ArrayLike<string>, d: number, { seed = 0, perClass = 100, maxPerClass, classes }: PairSampleOptions & GroupOptions = {}): Float64Array {
  checkLabels(X, labels, d)
  const groups = groupRows(labels, { maxPerClass })
  const only = classes ? new Set(classes) : null
  const rng = createRandom(seed)
  const out: number[] = []
  for (const key of [...groups.keys()].sort()) if (!only || only.has(key)) drawPairs(X, groups.get(key)!, d, perClass, rng, out)
  return Float64Array.from(out)
}

/** One labelled embedding set for {@link pooledPairSamples}: row-major `X` with one label per row, width `d`. */
export interface PairSampleSet {
  /** Row-major embeddings, L2-normalised rows. */
  X: Matrix
  /** One label (wnid) per row. */
  labels: ArrayLike<string>
  /** Embedding width. */
  d: number
  /** Keep only the first rows of each class (the paper: first 100 LAIONet images). Default: all. */
  maxPerClass?: number
}

/** The two pooled samples of Fig. 6's histograms and the classes they pool. */
export interface PooledPairSamples {
  /** Sampled pair similarities of set a. */
  a: Float64Array
  /** Sampled pair similarities of set b. */
  b: Float64Array
  /** The classes pooled, sorted (for `shared`: those with at least 2 images in both sets). */
  classes: string[]
  /** Which pooling made them. */
  pool: 'shared' | 'all'
}

/**
 * Fig. 6's pooled histogram samples of two sets. `shared` (default, the authors' compare_intra_class notebook):
 * pool only the classes both sets have (at least 2 images each), so a class present in one set only cannot shift
 * its histogram. `all` (ours before): each set pools every class it has.
 * @param a e.g. LAIONet's embeddings
 * @param b e.g. ImageNet validation's
 * @param options pool (`shared` default, or `all`), seed (default 0; b uses seed + 1), perClass (default 100)
 * @example pooledPairSamples(laion, imagenet, { seed: 0 }).classes.length // the classes both sets share
 */
export function pooledPairSamples(a: PairSampleSet, b: PairSampleSet, options: PairSampleOptions & { pool?: 'shared' | 'all' } = {}): PooledPairSamples {
  const { pool = 'shared', seed = 0, perClass = 100 } = options
  if (pool !== 'shared' && pool !== 'all') throw new Error(`intra-class: pool ${JSON.stringify(pool)} (expected 'shared' or 'all')`)
  checkLabels(a.X, a.labels, a.d)
  checkLabels(b.X, b.labels, b.d)
  const ga = groupRows(a.labels, { maxPerClass: a.maxPerClass })
  const gb = groupRows(b.labels, { maxPerClass: b.maxPerClass })
  const pairable = (g: Map<string, number[]>) => [...g].filter(([, rows]) => rows.length >= 2).map(([k]) => k)
  const inB = new Set(pairable(gb))
  const classes = pool === 'shared'
    ? pairable(ga).filter((k) => inB.has(k)).sort()
    : [...new Set([...pairable(ga), ...inB])].sort()
  const only = pool === 'shared' ? classes : undefined
  return {
    a: pooledPairSample(a.X, a.labels, a.d, { seed, perClass, maxPerClass: a.maxPerClass, classes: only }),
    b: pooledPairSample(b.X, b.labels, b.d, { seed: seed + 1, perClass, maxPerClass: b.maxPerClass, classes: only }),
    classes,
    pool,
  }
}

/** Options of {@link selectPerClass}. */
export interface PerClassOptions {
  /** Rows kept per class. Default: 100 (the paper's "first 100 LAIONet images per class"). */
  perClass?: number
  /**
   * `file` (default): the first rows of each class in file order (LAION order for a build). `random`: a seeded
   * uniform sample of each class. The authors' order is neither: Python set order of the LAION indices
   * (`utils.intersect_lists`), an artefact of hashing that no file keeps.
   */
  order?: 'file' | 'random'
  /** Seed of `random`. Default: 0. */
  seed?: number
}

/**
 * Returns the rows kept per class for the intra-class measurement: at most `perClass` of each label, by file
 * order or a seeded random sample, in increasing row order.
 * @param labels one label (wnid) per row
 * @param options perClass (default 100), order (`file` default, or `random`), seed (default 0)
 * @example gatherRows(X, selectPerClass(labels, { order: 'random', seed: 1 }), d)
 */
export function selectPerClass(labels: ArrayLike<string>, options: PerClassOptions = {}): number[] {
  const { perClass = paperValue('fig6.firstN'), order = 'file', seed = 0 } = options
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`intra-class: perClass must be a positive integer, got ${perClass}`)
  if (order !== 'file' && order !== 'random') throw new Error(`intra-class: order ${JSON.stringify(order)} (expected 'file' or 'random')`)
  const groups = groupRows(labels)
  const rng = createRandom(seed)
  const out: number[] = []
  for (const key of [...groups.keys()].sort()) {
    const rows = groups.get(key)!
    if (order === 'file' || rows.length <= perClass) { for (const r of rows.slice(0, perClass)) out.push(r); continue }
    // Partial Fisher-Yates: the first perClass slots become a uniform sample without replacement.
    const pool = rows.slice()
    for (let i = 0; i < perClass; i++) {
      const j = i + rng.int(pool.length - i)
      const t = pool[i]; pool[i] = pool[j]; pool[j] = t
    }
    for (const r of pool.slice(0, perClass)) out.push(r)
  }
  return out.sort((a, b) => a - b)
}

