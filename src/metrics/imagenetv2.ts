import { equiWeightedAccuracy, topKCorrect } from './accuracy.js'
import type { AccuracyEstimate, RecallTable } from './types.js'
import { PAPER_SELECTION_FREQUENCY } from '../paper/accuracy.js'

/**
 * ImageNet validation and ImageNetV2's three test sets, with the mean MTurk selection frequency PAPER.md gives
 * (none for ImageNet validation itself: the paper states none).
 */
export const IMAGENETV2_SETS: readonly { dataset: string, name: string, selectionFrequency: number | null }[] = [
  { dataset: 'imagenet-validation-original', name: 'ImageNet validation', selectionFrequency: null },
  ...Object.entries(PAPER_SELECTION_FREQUENCY).map(([dataset, v]) => ({ dataset, name: v.name, selectionFrequency: v.selectionFrequency })),
]

/** The part of an ImageNetV2 dataset file this module reads: `[image id, wnid]` pairs in prediction-row order. */
export interface ImageNetV2DatasetFile {
  image_filenames: [string, string][]
}

/** A decoded .npy array as the io layer returns it. */
export interface PredictionArray {
  shape: number[]
  data: ArrayLike<number | bigint>
}

/**
 * Returns top-1 and top-5 accuracy of one model's released top-5 predictions on one dataset.
 * @param dataset the dataset file (`image_filenames`: [id, wnid] per row)
 * @param predictions int64 [N, 5] class indices in sorted-wnid order, rows in the dataset file's order
 * @param wnids the 1000 class wnids in classifier (sorted) order
 * @param where names the files in error messages, e.g. `imagenetv2-b-33/resnet50.npy`
 * @returns `{ top1, top5, images }`, fractions over all N images
 * @example imageNetV2Accuracy(json, await readNpy(file), wnids) // { top1: 0.63, top5: 0.85, images: 10000 }
 */
export function imageNetV2Accuracy(dataset: ImageNetV2DatasetFile, predictions: PredictionArray, wnids: readonly string[], where = 'predictions'): { top1: number, top5: number, images: number } {
  const rows = dataset.image_filenames
  if (!Array.isArray(rows)) throw new Error(`imagenetv2: ${where}: the dataset file has no image_filenames array`)
  const [N, width] = predictions.shape
  if (predictions.shape.length !== 2 || N !== rows.length || !(width >= 5)) {
    throw new Error(`imagenetv2: ${where} has shape [${predictions.shape.join(', ')}] (expected [${rows.length}, 5]: one row of top-5 classes per image of the dataset file)`)
  }
  const index = new Map(wnids.map((w, i) => [w, i]))
  const labels = new Int32Array(N)
  for (let i = 0; i < N; i++) {
    const id = index.get(rows[i][1])
    if (id === undefined) throw new Error(`imagenetv2: ${where}: row ${i} has wnid "${rows[i][1]}", which is not one of the ${wnids.length} classes`)
    labels[i] = id
  }
  const count = (k: number) => topKCorrect(predictions.data, width, labels, k).reduce((a, b) => a + b, 0)
  return { top1: count(1) / N, top5: count(5) / N, images: N }
}

/**
 * The authors' ImageNetV2 accuracy for Fig. 7 (plot_accuracy_of_laionet_vs_imagenetv2.ipynb): equi-weighted over the
 * classes of `keep` only (their `projected_iv2prefix2wnid2imagenames`: the keys of wnid2laionindices, a key with an
 * empty list included), with the paper's combined standard error; `keep` null: every class of the table.
 * @example projectedEquiAccuracy(classRecall(wnids, top1), new Set(Object.keys(wnid2laionindices))).accuracy
 */
export function projectedEquiAccuracy(table: RecallTable, keep: ReadonlySet<string> | null): AccuracyEstimate {
  return equiWeightedAccuracy(keep ? { ...table, classes: table.classes.filter((c) => keep.has(c.key)) } : table)
}
