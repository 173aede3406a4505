import { intraClassByLabel } from '../metrics/group-rows.js'
import type { IntraClassStats } from '../metrics/types.js'
import type { Selection, World } from './types.js'
import { gatherRows } from '../metrics/group-rows.js'

/**
 * Returns the key a class goes by in per-class tables: `c` and its zero-padded index (`c0007`), so that
 * sorting keys (as src/metrics does) keeps the class order.
 * @example classKey(7) // 'c0007'
 */
export function classKey(cls: number): string {
  return `c${String(cls).padStart(4, '0')}`
}

/**
 * Returns the class index of a key made by {@link classKey}.
 * @example classOfKey('c0007') // 7
 */
export function classOfKey(key: string): number {
  return Number(key.slice(1))
}

/**
 * Copies the image embeddings of `rows` into one row-major matrix (rows.length x d).
 * @example gatherImages(world, selectTextOnly(world).rows)
 */
function gatherImages(world: World, rows: ArrayLike<number>): Float32Array {
  return gatherRows(world.images, rows, world.dim)
}

/**
 * Returns a selection's images and labels in the shape src/metrics takes: a row-major matrix and one class
 * key per row, in pool order.
 * @example const { X, labels } = selectionImages(world, selectTextOnly(world))
 */
export function selectionImages(world: World, sel: Selection): { X: Float32Array, labels: string[], dim: number } {
  return { X: gatherImages(world, sel.rows), labels: Array.from(sel.labels, classKey), dim: world.dim }
}

/**
 * Returns each class's intra-class similarity in a selection: mean, variance and jackknife standard error of
 * the image cosine similarity over all distinct pairs (src/metrics `intraClassByLabel`), using the first
 * `maxPerClass` images of each class in pool order, as the paper takes the first 100 LAIONet images.
 * @param world the simulated world
 * @param sel a selection
 * @param options `maxPerClass` (default the world's, 100)
 * @returns a Map from class key (`c0007`) to statistics, sorted by key; classes absent from the selection are absent
 * @example intraByClass(world, selectTextOnly(world)).get('c0000')?.mean
 */
export function intraByClass(world: World, sel: Selection, { maxPerClass = world.config.maxPerClass } = {}): Map<string, IntraClassStats> {
  const { X, labels } = selectionImages(world, sel)
  return intraClassByLabel(X, labels, world.dim, { maxPerClass })
}

/**
 * Returns the mean over classes (with at least one pair) of the mean intra-class similarity: the number the
 * paper quotes per dataset (Section 4.2: A 0.696 ... D 0.736; ImageNet validation 0.703).
 * @example meanIntra(intraByClass(world, selectTextOnly(world))) // about 0.69 in the default world
 */
export function meanIntra(stats: Map<string, IntraClassStats>): number {
  let s = 0
  let k = 0
  for (const c of stats.values()) {
    if (c.pairs > 0) {
      s += c.mean
      k++
    }
  }
  return k === 0 ? NaN : s / k
}
