import { paperValue as v } from './registry.js'

/**
 * The paper's accuracy claims as it states them (PAPER.md, "Measurements"), tier `quoted`, in percentage
 * points: a grouped view of the registry (src/paper/registry.ts holds each number once with its source). The
 * per-model accuracies are not quoted: they come from the authors' released parquet (tier `released`).
 */
export const PAPER_ACCURACY = {
  /** Fig. 1: equi-weighted accuracy drop from ImageNet validation to LAIONet, over the 29 classifiers. */
  laionetDrop: {
    /** Smallest drop, points. */
    min: v('fig1.dropMin'),
    /** Largest drop, points. */
    max: v('fig1.dropMax'),
    /** "At least 10 points for most strong models". */
    strongModelsAtLeast: v('fig1.strongModelsDropAtLeast'),
    source: 'Fig. 1; abstract ("5 to 12 points")',
  },
  /** Fig. 5: LAION-weighted accuracy on LAIONet is this much lower again than its equi-weighted accuracy. */
  laionWeightedExtraDrop: { min: v('fig5.extraDropMin'), max: v('fig5.extraDropMax'), source: 'Fig. 5' },
  /** CLIP zero-shot (image vs the synset texts) differs by about this much between ImageNet and LAIONet. */
  clipZeroShotDifference: { about: v('fig1.clipZeroShotDifference'), source: 'Fig. 1 (CLIP zero-shot)' },
  /** Classifiers evaluated in Fig. 1 (plus CLIP zero-shot). */
  models: v('fig1.models'),
  /** Classes of LAIONet (822,149 samples). */
  laionetClasses: v('construction.classes'),
  /** Classes of the authors' equi-weighted accuracy (LAIONet's label classes that ImageNet validation has). */
  evaluatedClasses: v('fig1.evaluatedClasses'),
} as const

/**
 * ImageNetV2's test sets by their mean MTurk selection frequency (Fig. 7, Section 4.1). The paper relates
 * a lower frequency (a weaker image-to-selection link) to more diverse classes and lower model accuracy.
 */
export const PAPER_SELECTION_FREQUENCY = {
  'imagenetv2-b-33': { name: 'MatchedFrequency', selectionFrequency: v('fig7.selectionFrequencyMatched') },
  'imagenetv2-a-44': { name: 'Threshold0.7', selectionFrequency: v('fig7.selectionFrequencyThreshold07') },
  'imagenetv2-c-12': { name: 'TopImages', selectionFrequency: v('fig7.selectionFrequencyTopImages') },
} as const

/** The paper's model groups (Fig. 1 colours), as its code lists them (core/ilsvrc_predictors.py). */
export type PaperModelGroup = 'ImageNet-1k' | 'ImageNet-22k pre-trained, 1k fine-tuned' | 'ImageNet-22k' | 'CLIP zero-shot'

/**
 * Returns the paper's group of a model named as in its released results: models ending in `-22k` or
 * `-pt22k-ft22k` predict ImageNet-22k classes, `-22k-1k` and BEiT without `pt22k` were pre-trained on 22k and
 * fine-tuned on 1k, CLIP is zero-shot, the rest (ResNet, ConvNeXt, ViT) are ImageNet-1k.
 * @example paperModelGroup('convnext-large-224-22k-1k') // 'ImageNet-22k pre-trained, 1k fine-tuned'
 */
export function paperModelGroup(model: string): PaperModelGroup {
  if (model.startsWith('clip-')) return 'CLIP zero-shot'
  if (/-22k$|-pt22k-ft22k$/.test(model)) return 'ImageNet-22k'
  if (/-22k-1k$/.test(model) || model.startsWith('beit-')) return 'ImageNet-22k pre-trained, 1k fine-tuned'
  return 'ImageNet-1k'
}
