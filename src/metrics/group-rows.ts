import type { GroupOptions, IntraClassOptions, IntraClassStats, Matrix } from './types.js'
import { intraClassStats } from './intra-class.js'

/**
 * Returns the row numbers of each label, in row order, keeping only the first `maxPerClass` of each.
 * @param labels one label (wnid) per row
 * @param options `maxPerClass`: keep the first rows of each label only (default: all)
 * @returns a Map from label to row numbers; labels in order of first appearance
 * @example groupRows(['a', 'b', 'a']) // Map { 'a' => [0, 2], 'b' => [1] }
 */
export function groupRows(labels: ArrayLike<string>, { maxPerClass = Infinity }: GroupOptions = {}): Map<string, number[]> {
  if (!(maxPerClass >= 1)) throw new Error(`intra-class: maxPerClass must be at least 1, got ${maxPerClass}`)
  const groups = new Map<string, number[]>()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    let rows = groups.get(label)
    if (!rows) groups.set(label, rows = [])
    if (rows.length < maxPerClass) rows.push(i)
  }
  return groups
}

/**
 * Copies the given rows of a row-major matrix into a new contiguous matrix of the same element type.
 * @returns a rows.length x d matrix
 * @example gatherRows(new Float32Array([1, 2, 3, 4]), [1], 2) // Float32Array [3, 4]
 */
export function gatherRows<M extends Matrix>(X: M, rows: ArrayLike<number>, d: number): M {
  const out = new (X.constructor as { new(n: number): M })(rows.length * d)
  for (let r = 0; r < rows.length; r++) out.set(X.subarray(rows[r] * d, rows[r] * d + d), r * d)
  return out
}

/** Throws unless `X` has one row of width `d` per label. */
export function checkLabels(X: Matrix, labels: ArrayLike<string>, d: number): void {
  if (X.length !== labels.length * d) {
    throw new Error(`intra-class: ${labels.length} labels for a matrix of ${X.length / d} rows of width ${d} (expected one label per row). Check that the labels file matches the embeddings file.`)
  }
}

/**
 * Returns the intra-class statistics of every label of an embedding matrix.
 * @param X row-major embeddings, one row per image, rows L2-normalised
 * @param labels one label (wnid) per row
 * @param d embedding width
 * @param options `maxPerClass` (first rows only), `method` (see {@link intraClassStats})
 * @returns a Map from label to `{ n, pairs, mean, var, se }`, sorted by label
 * @example intraClassByLabel(X, wnids, 512, { maxPerClass: 100 }).get('n01440764')?.mean
 */
export function intraClassByLabel(X: Matrix, labels: ArrayLike<string>, d: number, options: GroupOptions & IntraClassOptions = {}): Map<string, IntraClassStats> {
  checkLabels(X, labels, d)
  const groups = groupRows(labels, options)
  const out = new Map<string, IntraClassStats>()
  for (const key of [...groups.keys()].sort()) {
    const rows = groups.get(key)!
    out.set(key, intraClassStats(gatherRows(X, rows, d), rows.length, d, options))
  }
  return out
}
