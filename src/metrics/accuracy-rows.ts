import type { PaperValidationAccuracy } from './types.js'
import { paperModelGroup, type PaperModelGroup } from '../paper/accuracy.js'

/** One model's released ImageNet-validation accuracy as a flat table row (fractions). */
export interface AccuracyTableRow {
  /** Model name as in the released results. */
  model: string
  /** The paper's model group. */
  group: PaperModelGroup
  /** Top-1 over images. */
  top1: number
  /** Equi-weighted top-1 (mean per-class recall). */
  top1PerClass: number
  /** Half-width of its 95% error bar (Wilson per class, combined as in the paper). */
  top1HalfWidth: number
  /** Top-5 over images. */
  top5: number
  /** Equi-weighted top-5. */
  top5PerClass: number
  /** Half-width of its 95% error bar. */
  top5HalfWidth: number
  /** Classes with a prediction. */
  classes: number
  /** Images with a prediction. */
  images: number
  /** Images without a prediction (left out). */
  missing: number
}

/**
 * Flattens {@link paperValidationAccuracy}'s result into one row per model, with the paper's model group.
 * @param result the released results' accuracies
 * @returns rows in the file's model order
 * @example aq.from(paperAccuracyRows(await paperValidationAccuracy(file)))
 */
export function paperAccuracyRows(result: PaperValidationAccuracy): AccuracyTableRow[] {
  return result.models.map((m) => ({
    model: m.model,
    group: paperModelGroup(m.model),
    top1: m.top1,
    top1PerClass: m.top1PerClass.accuracy,
    top1HalfWidth: m.top1PerClass.halfWidth,
    top5: m.top5,
    top5PerClass: m.top5PerClass.accuracy,
    top5HalfWidth: m.top5PerClass.halfWidth,
    classes: m.classes,
    images: m.images,
    missing: m.missing,
  }))
}
