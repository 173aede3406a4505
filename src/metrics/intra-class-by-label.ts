import { checkLabels, gatherRows, groupRows } from './group-rows.js'
import { intraClassStats } from './intra-class.js'
import { smallClassStats } from './intra-class-batch.js'
import { intraClassStatsAsync } from './intra-class-onnx.js'
import type { GroupOptions, IntraClassAsyncOptions, IntraClassStats, Matrix } from './types.js'

/**
 * The one entry point of the product for per-class statistics (CLI, experiments, notebooks): it picks the engine
 * per class. Classes with at least as many rows as the width go through the d x d float64 Gram
 * ({@link intraClassStatsAsync}: onnxruntime when large); smaller classes are batched through their n x n Gram
 * ({@link smallClassStats}); when the whole job is tiny the JavaScript loop runs it, because creating an
 * onnxruntime session costs more than the work.
 */

/**
 * Below this many multiply-adds over all small classes (sum of n^2 d), the JavaScript loop runs them: measured on a
 * 2-core AMD EPYC (AVX2), CPU milliseconds with the session already created, JavaScript vs batched onnxruntime:
 * 3.2e6 (20 classes x 50 x 64): 10 vs 13; 2.3e7 (50 x 60 x 128): 58 vs 25; 2.6e8 (50 x 100 x 512): 345 vs 62.
 * Creating the session costs some 10 ms more the first time, hence a threshold above the crossover.
 */
const BATCH_MIN_WORK = 1e7

/**
 * Returns the intra-class statistics of every label of an embedding matrix, through the fastest engine for the
 * class sizes (equal to {@link intraClassByLabel} within float64 rounding, about 1e-12).
 * @param X row-major embeddings, one row per image, rows L2-normalised
 * @param labels one label (wnid) per row
 * @param d embedding width
 * @param options `maxPerClass` (first rows only); `engine` 'auto' (default), 'onnx' or 'js'; `threads`; `method`
 *   ('gram' or 'pairs' forces the JavaScript engine with that method)
 * @returns a Map from label to `{ n, pairs, mean, var, se }`, sorted by label
 * @example (await intraClassByLabelAsync(X, wnids, 512, { maxPerClass: 100 })).get('n01440764')?.mean
 */
export async function intraClassByLabelAsync(X: Matrix, labels: ArrayLike<string>, d: number, options: GroupOptions & IntraClassAsyncOptions = {}): Promise<Map<string, IntraClassStats>> {
  const { engine = 'auto', method = 'auto', threads, chunkRows } = options
  if (engine !== 'auto' && engine !== 'onnx' && engine !== 'js') throw new Error(`intra-class: unknown engine "${engine}" (expected auto, onnx or js)`)
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`intra-class: threads must be a positive integer, got ${threads}`)
  checkLabels(X, labels, d)
  const groups = groupRows(labels, options)
  const keys = [...groups.keys()].sort()
  const out = new Map<string, IntraClassStats>()
  const js = engine === 'js' || method !== 'auto'
  const small = js ? [] : keys.filter((k) => groups.get(k)!.length >= 2 && groups.get(k)!.length < d)
  const smallWork = small.reduce((w, k) => w + groups.get(k)!.length ** 2 * d, 0)
  const batched = small.length > 0 && (engine === 'onnx' || smallWork >= BATCH_MIN_WORK)
    ? await smallClassStats(X, small.map((k) => groups.get(k)!), d, { threads })
    : []
  const fromBatch = new Map(batched.map((s, i) => [small[i], s]))
  for (const key of keys) {
    const rows = groups.get(key)!
    const done = fromBatch.get(key)
    if (done) out.set(key, done)
    else if (js || rows.length < d) out.set(key, intraClassStats(rowsOf(X, rows, d), rows.length, d, { method }))
    else out.set(key, await intraClassStatsAsync(rowsOf(X, rows, d), rows.length, d, { engine, threads, chunkRows }))
  }
  return out
}

/** The class's rows as one matrix: a view when they are consecutive (one class per file: no 200 MB copy), else a copy. */
function rowsOf(X: Matrix, rows: readonly number[], d: number): Matrix {
  const first = rows[0] ?? 0
  const consecutive = rows.every((r, i) => r === first + i)
  return consecutive ? X.subarray(first * d, (first + rows.length) * d) : gatherRows(X, rows, d)
}
