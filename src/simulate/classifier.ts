import { classRecall, equiWeightedAccuracy, topKCorrect } from '../metrics/accuracy.js'
import type { AccuracyEstimate } from '../metrics/types.js'
import { classKey } from './measure.js'
import { subSelection } from './selection.js'
import type { Selection, World } from './types.js'
import { normalizeRow } from '../util/vectors.js'

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
  return { train: subSelection(sel, train, `${sel.name} train`), test: subSelection(sel, test, `${sel.name} held-out`) }
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
  for (let c = 0; c < world.classes; c++) normalizeRow(centroids, c * d, d)
  return { centroids, dim: d, counts }
}

/** The classes a model has training images of, ascending (the only ones it predicts). */
function trainedClasses(model: CentroidClassifier, classes: number): number[] {
  const trained: number[] = []
  for (let c = 0; c < classes; c++) if (model.counts[c] > 0) trained.push(c)
  return trained
}

/** Options of {@link predictCentroid} and {@link centroidAccuracy}. */
export interface PredictOptions {
  /**
   * Predictions already made, by candidate row (-1 = not yet), filled in as rows are predicted: pass the same
   * array to evaluate several overlapping selections with one model (Fig. 7's versions share most images).
   * Length: the world's size. Default: none.
   */
  cache?: Int32Array
}

/**
 * Predicts each selected image's class: the centroid with the highest cosine similarity (lowest index on ties;
 * classes without training images are never predicted).
 * @returns one predicted class index per selected row
 * @example predictCentroid(world, model, selectTextOnly(world))
 */
export function predictCentroid(world: World, model: CentroidClassifier, sel: Selection, { cache }: PredictOptions = {}): Int32Array {
  if (cache && cache.length !== world.size) throw new Error(`simulate: the prediction cache has ${cache.length} entries (expected one per candidate, ${world.size})`)
  const d = world.dim
  const trained = trainedClasses(model, world.classes)
  const x = new Float64Array(d)
  const out = new Int32Array(sel.rows.length)
  for (let r = 0; r < sel.rows.length; r++) {
    const i = sel.rows[r]
    if (cache && cache[i] >= 0) {
      out[r] = cache[i]
      continue
    }
    for (let k = 0; k < d; k++) x[k] = world.images[i * d + k]
    let best = -1
    let bestScore = -Infinity
    for (const c of trained) {
      const o = c * d
      let s = 0
      for (let k = 0; k < d; k++) s += x[k] * model.centroids[o + k]
      if (s > bestScore) {
        bestScore = s
        best = c
      }
    }
    out[r] = best
    if (cache) cache[i] = best
  }
  return out
}

/**
 * Returns a classifier's equi-weighted accuracy on a selection (Fig. 1): the mean over classes of the
 * per-class recall, with the paper's Wilson-based error (src/metrics).
 * @example centroidAccuracy(world, model, selectTextOnly(world)).accuracy
 */
export function centroidAccuracy(world: World, model: CentroidClassifier, sel: Selection, options: PredictOptions = {}): AccuracyEstimate {
  const predicted = predictCentroid(world, model, sel, options)
  const keys = Array.from(sel.labels, classKey)
  const correct = Array.from(predicted, (p, r) => p === sel.labels[r])
  return equiWeightedAccuracy(classRecall(keys, correct))
}

/**
 * Returns each selected image's k nearest centroids, best first (row-major rows x k; ties by lower class index),
 * the shape of ImageNetV2's top-5 prediction files.
 * @example predictTopK(world, model, selectTextOnly(world), 5)
 */
export function predictTopK(world: World, model: CentroidClassifier, sel: Selection, k: number): Int32Array {
  const d = world.dim
  const trained = trainedClasses(model, world.classes)
  if (!Number.isInteger(k) || k < 1 || k > trained.length) {
    throw new Error(`simulate: k must be an integer between 1 and the ${trained.length} trained classes, got ${k}`)
  }
  const out = new Int32Array(sel.rows.length * k)
  const bestScore = new Float64Array(k)
  const bestClass = new Int32Array(k)
  for (let r = 0; r < sel.rows.length; r++) {
    const o = sel.rows[r] * d
    bestScore.fill(-Infinity)
    bestClass.fill(-1)
    for (const c of trained) {
      let s = 0
      for (let j = 0; j < d; j++) s += world.images[o + j] * model.centroids[c * d + j]
      if (s <= bestScore[k - 1]) continue
      // Insertion into the short sorted list; strict > keeps the lower class index first on ties.
      let p = k - 1
      while (p > 0 && s > bestScore[p - 1]) {
        bestScore[p] = bestScore[p - 1]
        bestClass[p] = bestClass[p - 1]
        p--
      }
      bestScore[p] = s
      bestClass[p] = c
    }
    out.set(bestClass, r * k)
  }
  return out
}

/**
 * Returns a classifier's equi-weighted top-k accuracy on a selection (Fig. 1's top-5 panel with k = 5).
 * @example centroidTopKAccuracy(world, model, selectTextOnly(world), 5).accuracy
 */
export function centroidTopKAccuracy(world: World, model: CentroidClassifier, sel: Selection, k: number): AccuracyEstimate {
  const correct = topKCorrect(predictTopK(world, model, sel, k), k, sel.labels, k)
  return equiWeightedAccuracy(classRecall(Array.from(sel.labels, classKey), Array.from(correct, (v) => v === 1)))
}
