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
  /** Standard error of the equi-weighted top-1 (one SE: the error bar the authors plot in Fig. 1). */
  top1PerClassSe: number
  /** Standard error of the equi-weighted top-5. */
  top5PerClassSe: number
  /** Classes the equi-weighted accuracies average over (977 with the authors' classes, else all present). */
  perClassClasses: number
  /** Equi-weighted top-1 over every class present (1000 on ImageNet validation). */
  top1PerClassAll: number
  /** Equi-weighted top-5 over every class present. */
  top5PerClassAll: number
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
    top1PerClassSe: m.top1PerClass.se,
    top5PerClassSe: m.top5PerClass.se,
    perClassClasses: m.top1PerClass.classes,
    top1PerClassAll: m.top1PerClassAll.accuracy,
    top5PerClassAll: m.top5PerClassAll.accuracy,
    classes: m.classes,
    images: m.images,
    missing: m.missing,
  }))
}

/** One model and k of Fig. 1's ImageNet side, in the shape `fig1ImageNetSide` draws (fractions). */
export interface ImageNetSideAccuracy {
  model: string
  group: PaperModelGroup
  k: 1 | 5
  /** Equi-weighted accuracy over the restricted classes (the authors' 977 when `classes` was given). */
  imagenet: number
  /** Its 95% half-width. */
  imagenetHalfWidth: number
  /** Its standard error (the authors' error bar). */
  imagenetSe: number
  /** Equi-weighted accuracy over every class. */
  imagenetAll: number
  /** False for CLIP zero-shot (the paper quotes its LAIONet difference separately). */
  dropApplies: boolean
}

/**
 * Returns Fig. 1's ImageNet-side rows from {@link paperValidationAccuracy}'s result: per model, top-1 and top-5,
 * both averages (restricted and all classes) and both error bars.
 * @param result the released results' accuracies (with `classes` to get the authors' 977-class mean)
 * @example fig1ImageNetSide({ tier: 'released', rows: imageNetSideRows(result), quotedDrop, errorBar: 'se' })
 */
export function imageNetSideRows(result: PaperValidationAccuracy): ImageNetSideAccuracy[] {
  return result.models.flatMap((m) => ([1, 5] as const).map((k) => {
    const est = k === 1 ? m.top1PerClass : m.top5PerClass
    const all = k === 1 ? m.top1PerClassAll : m.top5PerClassAll
    const group = paperModelGroup(m.model)
    return { model: m.model, group, k, imagenet: est.accuracy, imagenetHalfWidth: est.halfWidth, imagenetSe: est.se, imagenetAll: all.accuracy, dropApplies: group !== 'CLIP zero-shot' }
  }))
}
