import { classRecall, equiWeightedAccuracy } from '../metrics/accuracy.js'
import type { AccuracyEstimate } from '../metrics/types.js'
import { classKey } from './measure.js'
import type { Selection, World } from './types.js'
import { normaliseRow } from './vector.js'

/** A nearest-centroid classifier over image embeddings: the simulated world's stand-in for an ImageNet model. */
export interface CentroidClassifier {
  /** Unit-length class centroids, classes x d (a zero row for a class never seen in training). */
  centroids: Float32Array
  /** Embedding width. */
  dim: number
  /** Training images per class. */
  counts: Int32Array
}

/**
 * Splits a selection per class into a training part (the first `trainShare` of each class's rows, in pool
 * order, at least one) and a held-out part (the rest). Pool order is already random, so no seed is needed.
 * @returns the two selections, named `<name> train` and `<name> held-out`
 * @example const { train, test } = splitSelection(world, selectImageAware(world), 0.5)
 */
export function splitSelection(world: World, sel: Selection, trainShare = world.config.trainShare): { train: Selection, test: Selection } {
  const totals = new Int32Array(world.classes)
  for (const c of sel.labels) totals[c]++
  const seen = new Int32Array(world.classes)
  const train: number[] = []
  const test: number[] = []
  for (let r = 0; r < sel.rows.length; r++) {
    const c = sel.labels[r]
    const quota = Math.max(1, Math.round(trainShare * totals[c]))
    ;(seen[c]++ < quota ? train : test).push(r)
  }
  const pick = (idx: number[], name: string): Selection => ({
    name, rows: Int32Array.from(idx, (r) => sel.rows[r]), labels: Int32Array.from(idx, (r) => sel.labels[r]),
  })
  return { train: pick(train, `${sel.name} train`), test: pick(test, `${sel.name} held-out`) }
}

/**
 * Fits a nearest-centroid classifier: each class's centroid is the normalised mean of its training images.
 * @param world the simulated world
 * @param train the training selection (its labels are the targets)
 * @returns the classifier
 * @example const model = fitCentroidClassifier(world, splitSelection(world, selectImageAware(world)).train)
 */
export function fitCentroidClassifier(world: World, train: Selection): CentroidClassifier {
  const d = world.dim
  const centroids = new Float32Array(world.classes * d)
  const counts = new Int32Array(world.classes)
  for (let r = 0; r < train.rows.length; r++) {
    const c = train.labels[r]
    const o = train.rows[r] * d
    counts[c]++
    for (let k = 0; k < d; k++) centroids[c * d + k] += world.images[o + k]
  }
  for (let c = 0; c < world.classes; c++) normaliseRow(centroids, c * d, d)
  return { centroids, dim: d, counts }
}

/**
 * Predicts each selected image's class: the centroid with the highest cosine similarity (lowest index on ties;
 * classes without training images are never predicted).
 * @returns one predicted class index per selected row
 * @example predictCentroid(world, model, selectTextOnly(world))
 */
export function predictCentroid(world: World, model: CentroidClassifier, sel: Selection): Int32Array {
  const d = world.dim
  const C = world.classes
  const out = new Int32Array(sel.rows.length)
  for (let r = 0; r < sel.rows.length; r++) {
    const o = sel.rows[r] * d
    let best = -1
    let bestScore = -Infinity
    for (let c = 0; c < C; c++) {
      if (model.counts[c] === 0) continue
      let s = 0
      for (let k = 0; k < d; k++) s += world.images[o + k] * model.centroids[c * d + k]
      if (s > bestScore) {
        bestScore = s
        best = c
      }
    }
    out[r] = best
  }
  return out
}

/**
 * Returns a classifier's equi-weighted accuracy on a selection (Fig. 1): the mean over classes of the
 * per-class recall, with the paper's Wilson-based error (src/metrics).
 * @example centroidAccuracy(world, model, selectTextOnly(world)).accuracy
 */
export function centroidAccuracy(world: World, model: CentroidClassifier, sel: Selection): AccuracyEstimate {
  const predicted = predictCentroid(world, model, sel)
  const keys = Array.from(sel.labels, classKey)
  const correct = Array.from(predicted, (p, r) => p === sel.labels[r])
  return equiWeightedAccuracy(classRecall(keys, correct))
}
