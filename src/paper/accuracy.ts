/**
 * The paper's accuracy claims as it states them (PAPER.md, "Measurements"), tier `quoted`. The paper gives
 * its per-model LAIONet accuracies only as points in Fig. 1 and Fig. 5; they are not in the released data,
 * so no per-model LAIONet value is stated here. All values are in percentage points.
 */
export const PAPER_ACCURACY = {
  /** Fig. 1: equi-weighted accuracy drop from ImageNet validation to LAIONet, over the 29 classifiers. */
  laionetDrop: {
    /** Smallest drop, points. */
    min: 5,
    /** Largest drop, points. */
    max: 12,
    /** "At least 10 points for most strong models". */
    strongModelsAtLeast: 10,
    source: 'Fig. 1; abstract ("5 to 12 points")',
  },
  /** Fig. 5: LAION-weighted accuracy on LAIONet is this much lower again than its equi-weighted accuracy. */
  laionWeightedExtraDrop: { min: 5, max: 10, source: 'Fig. 5' },
  /** CLIP zero-shot (image vs the synset texts) differs by about this much between ImageNet and LAIONet. */
  clipZeroShotDifference: { about: 2, source: 'Fig. 1 (CLIP zero-shot)' },
  /** Classifiers evaluated in Fig. 1 (plus CLIP zero-shot). */
  models: 29,
  /** Classes of LAIONet (822,149 samples). */
  laionetClasses: 915,
} as const

/**
 * ImageNetV2's test sets by their mean MTurk selection frequency (Fig. 7, Section 4.1). The paper relates
 * a lower frequency (a weaker image-to-selection link) to more diverse classes and lower model accuracy.
 */
export const PAPER_SELECTION_FREQUENCY = {
  'imagenetv2-b-33': { name: 'MatchedFrequency', selectionFrequency: 0.73 },
  'imagenetv2-a-44': { name: 'Threshold0.7', selectionFrequency: 0.85 },
  'imagenetv2-c-12': { name: 'TopImages', selectionFrequency: 0.93 },
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
