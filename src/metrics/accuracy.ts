import type { AccuracyEstimate, AccuracyOptions, ClassRecall, ClassWeights, RecallTable } from './types.js'
import { WILSON_Z_95, wilsonInterval } from './wilson.js'

/** A per-image outcome: true/1 correct, false/0 wrong, null/undefined no prediction (left out, counted). */
export type Outcome = boolean | number | null | undefined

/**
 * Returns the per-class recall of one model: for each class, the share of its predicted images that are
 * correct, with the Wilson interval and the paper's standard error (upper - lower) / (2 z), exactly as the authors'
 * calc_recall_per_y: the interval at statsmodels' quantile for alpha = 0.05 (`intervalZ`, default
 * {@link WILSON_Z_95} = 1.95996...), its width divided by their z = 1.96.
 * Images without a prediction are left out of every class and counted in `missing`.
 * @param keys the true class (wnid) of each image
 * @param correct the outcome of each image (same length as keys)
 * @param options `z` (default 1.96), `intervalZ` (default WILSON_Z_95)
 * @returns `{ classes, images, correct, missing }`, classes sorted by key
 * @example classRecall(['a', 'a', 'b'], [true, false, null]).classes // [{ key: 'a', n: 2, correct: 1, recall: 0.5, ... }]
 */
export function classRecall(keys: ArrayLike<string>, correct: ArrayLike<Outcome>, { z = 1.96, intervalZ = WILSON_Z_95 }: AccuracyOptions = {}): RecallTable {
  if (keys.length !== correct.length) {
    throw new Error(`accuracy: ${keys.length} class labels but ${correct.length} outcomes (expected one outcome per image)`)
  }
  const counts = new Map<string, [number, number]>()
  let missing = 0
  let images = 0
  let right = 0
  for (let i = 0; i < keys.length; i++) {
    const c = correct[i]
    if (c === null || c === undefined) {
      missing++
      continue
    }
    let entry = counts.get(keys[i])
    if (!entry) counts.set(keys[i], entry = [0, 0])
    entry[0]++
    images++
    if (c === true || c === 1) {
      entry[1]++
      right++
    }
  }
  const classes: ClassRecall[] = [...counts.keys()].sort().map((key) => {
    const [n, k] = counts.get(key)!
    const { lower, upper } = wilsonInterval(k, n, intervalZ)
    return { key, n, correct: k, recall: k / n, lower, upper, se: (upper - lower) / (2 * z) }
  })
  return { classes, images, correct: right, missing }
}

/**
 * Combines per-class recalls into one weighted accuracy with the paper's standard error
 * sqrt(sum((w se)^2)) / sum(w) (classes treated as independent). Non-positive weights drop a class.
 * @param recalls per-class recalls
 * @param ses per-class standard errors
 * @param weights per-class weights (any scale)
 * @param options `z` (default 1.96) for the half-width
 * @returns `{ accuracy, se, halfWidth, classes }`; NaN accuracy when no class has a positive weight
 * @example combineRecalls([1, 0.5], [0.1, 0.1], [1, 1]).accuracy // 0.75
 */
export function combineRecalls(recalls: ArrayLike<number>, ses: ArrayLike<number>, weights: ArrayLike<number>, { z = 1.96 }: AccuracyOptions = {}): AccuracyEstimate {
  if (recalls.length !== ses.length || recalls.length !== weights.length) {
    throw new Error(`accuracy: recalls, standard errors and weights must have the same length, got ${recalls.length}, ${ses.length}, ${weights.length}`)
  }
  let sw = 0
  let swr = 0
  let sws2 = 0
  let classes = 0
  for (let i = 0; i < recalls.length; i++) {
    const w = weights[i]
    if (!(w > 0) || !Number.isFinite(recalls[i])) continue
    sw += w
    swr += w * recalls[i]
    sws2 += (w * ses[i]) ** 2
    classes++
  }
  const se = classes ? Math.sqrt(sws2) / sw : NaN
  return { accuracy: classes ? swr / sw : NaN, se, halfWidth: z * se, classes }
}

/**
 * Returns the equi-weighted accuracy (Fig. 1): the mean of the per-class recalls over the classes present,
 * with the paper's combined Wilson standard error sqrt(sum(se^2)) / #classes.
 * @param table per-class recalls from {@link classRecall}
 * @param options `z` (default 1.96)
 * @returns `{ accuracy, se, halfWidth, classes }`
 * @example equiWeightedAccuracy(classRecall(wnids, top1)).accuracy // 0.7613 for ResNet-50 on ImageNet val
 */
export function equiWeightedAccuracy(table: RecallTable, options: AccuracyOptions = {}): AccuracyEstimate {
  return combineRecalls(table.classes.map((c) => c.recall), table.classes.map((c) => c.se), table.classes.map(() => 1), options)
}

/**
 * Returns the accuracy with classes weighted by given frequencies (Fig. 5's LAION-weighted accuracy).
 * Weights are normalised over the classes present in `table`; a class of the table without a weight,
 * or with weight 0, does not count.
 * @param table per-class recalls from {@link classRecall}
 * @param weights per-class weights, e.g. LAIONet sample counts per wnid (any scale)
 * @param options `z` (default 1.96)
 * @returns `{ accuracy, se, halfWidth, classes }`
 * @example weightedAccuracy(table, { n01440764: 120, n01443537: 3 })
 */
export function weightedAccuracy(table: RecallTable, weights: ClassWeights, options: AccuracyOptions = {}): AccuracyEstimate {
  const w = weights instanceof Map ? weights : new Map(Object.entries(weights))
  for (const [key, v] of w) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`accuracy: weight of class ${key} must be a finite number >= 0, got ${v}`)
  }
  return combineRecalls(table.classes.map((c) => c.recall), table.classes.map((c) => c.se), table.classes.map((c) => w.get(c.key) ?? 0), options)
}

/**
 * Returns, per image, whether the true class is among the first `k` predictions.
 * @param predictions row-major N x width predicted class indices, best first (e.g. ImageNetV2's int64 [N, 5])
 * @param width predictions per row
 * @param labels the true class index of each image (length N)
 * @param k how many leading predictions count (1 for top-1), k <= width
 * @returns a Uint8Array of N 0/1 outcomes
 * @example topKCorrect(new Int32Array([3, 1, 2, 0]), 2, [1, 0], 2) // Uint8Array [1, 1]
 */
export function topKCorrect(predictions: ArrayLike<number | bigint>, width: number, labels: ArrayLike<number>, k: number): Uint8Array {
  if (!(k >= 1 && k <= width)) throw new Error(`accuracy: k must be between 1 and the ${width} predictions per row, got ${k}`)
  const N = labels.length
  if (predictions.length !== N * width) {
    throw new Error(`accuracy: ${predictions.length} predictions for ${N} images x ${width} per row (expected ${N * width}). Check that predictions and labels come from the same dataset file.`)
  }
  const out = new Uint8Array(N)
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < k; j++) {
      if (Number(predictions[i * width + j]) === labels[i]) {
        out[i] = 1
        break
      }
    }
  }
  return out
}
