import { pooledPairSample } from '../../metrics/pair-sample.js'
import { className } from '../../simulate/captions.js'
import { centroidAccuracy, centroidTopKAccuracy, fitCentroidClassifier, splitSelection } from '../../simulate/classifier.js'
import type { CrossModalResult } from '../../simulate/cross-modal.js'
import type { ImageNetTextSelection } from '../../simulate/imagenet-text-selection.js'
import { classOfKey, selectionImages } from '../../simulate/measure.js'
import { SELECTION_NAMES, type SimulationStudy } from '../../simulate/study.js'
import { comparisonSeries } from './comparison-series.js'

// A simulated study's results as the tables the figure builders of src/plots take (Fig1AccuracyInput,
// Fig6IntraClassInput, ...); a notebook passes them on: fig6IntraClass(simulatedIntraClassInput(study)).

const TIER = 'simulated' as const

/** Readable name of a simulated class key (`c0007`). */
const simulatedName = (key: string): string => className(classOfKey(key))

/** One model's accuracy on both selections (src/plots AccuracyRow). */
export interface SimulatedAccuracyRow {
  model: string
  group: string
  k: 1 | 5
  imagenet: number
  imagenetHalfWidth: number
  laionet: number
  laionetHalfWidth: number
}

/**
 * Fig. 1 in the world: nearest-centroid classifiers fitted on growing shares of the image-aware set, each
 * evaluated on the held-out image-aware images ("ImageNet") and on the text-only set ("LAIONet").
 * @param study a {@link SimulationStudy}
 * @param options `trainShares`: shares of each image-aware class used for training, each at most the world's
 *   `trainShare` so no model sees the held-out images. Default: [0.05, 0.15, the world's trainShare].
 * @returns `{ tier: 'simulated', note, rows }` for `fig1Accuracy`
 * @example fig1Accuracy(simulatedAccuracyInput(study))
 */
export function simulatedAccuracyInput(study: SimulationStudy, {
  trainShares = [0.05, 0.15, study.world.config.trainShare],
}: { trainShares?: number[] } = {}): { tier: typeof TIER, note: string, rows: SimulatedAccuracyRow[] } {
  const { world } = study
  const rows = trainShares.flatMap((share) => {
    if (!(share > 0 && share <= world.config.trainShare)) {
      throw new Error(`simulate: a training share must be in (0, ${world.config.trainShare}] (the world's trainShare), got ${share}`)
    }
    const model = fitCentroidClassifier(world, splitSelection(world, study.imageAware.selection, share).train)
    const name = `nearest centroid, ${Math.round(share * 100)}% of image-aware`
    return ([1, 5] as const).map((k) => {
      const held = k === 1 ? centroidAccuracy(world, model, study.classifier.test) : centroidTopKAccuracy(world, model, study.classifier.test, k)
      const text = k === 1 ? centroidAccuracy(world, model, study.textOnly.selection) : centroidTopKAccuracy(world, model, study.textOnly.selection, k)
      return {
        model: name, group: 'simulated classifier', k,
        imagenet: held.accuracy, imagenetHalfWidth: held.halfWidth, laionet: text.accuracy, laionetHalfWidth: text.halfWidth,
      }
    })
  })
  return { tier: TIER, note: 'x: held-out image-aware set; y: text-only set', rows }
}

/**
 * Fig. 6 in the world: pooled pair-similarity histograms of both selections (min(#pairs, 100) pairs per class,
 * first `maxPerClass` images) and the per-class difference text-only minus image-aware with both tests.
 * @param study a {@link SimulationStudy}
 * @param options `seed` of the pair sampling (default 0)
 * @returns the input of `fig6IntraClass`
 * @example fig6IntraClass(simulatedIntraClassInput(study))
 */
export function simulatedIntraClassInput(study: SimulationStudy, { seed = 0 } = {}) {
  const { world } = study
  const pooled = (sel: SimulationStudy['textOnly']) => {
    const { X, labels, dim } = selectionImages(world, sel.selection)
    return pooledPairSample(X, labels, dim, { seed, perClass: 100, maxPerClass: world.config.maxPerClass })
  }
  return {
    tier: TIER,
    note: `${world.classes} simulated classes, seed ${world.seed}`,
    histograms: [
      { name: SELECTION_NAMES.textOnly, values: pooled(study.textOnly) },
      { name: SELECTION_NAMES.imageAware, values: pooled(study.imageAware) },
    ],
    differences: comparisonSeries(study.comparison, { names: simulatedName }),
  }
}

/**
 * Fig. 7 in the world: image-aware selection at each selection-frequency threshold, its test outcome against
 * the text-only set, its mean intra-class similarity and the classifier's accuracy on its unseen images.
 * @returns the input of `fig7ImageNetV2`
 * @example fig7ImageNetV2(simulatedSelectionFrequencyInput(study))
 */
export function simulatedSelectionFrequencyInput(study: SimulationStudy) {
  const versions = study.selectionFrequency.map((s) => ({
    name: `>= ${s.threshold}`,
    selectionFrequency: s.threshold,
    lower: s.comparison.paper.lowerShare,
    higher: s.comparison.paper.higherShare,
    meanIntraClass: s.intraMean,
  }))
  const accuracy = study.selectionFrequency.map((s, j) => ({
    model: 'nearest centroid', dataset: versions[j].name, accuracy: s.accuracy.accuracy,
  }))
  return { tier: TIER, note: 'image-aware versions vs the text-only set', versions, accuracy }
}

/**
 * Fig. 8 in the world: caption-to-synset similarity of the image-aware set's captions and, per caption, the
 * share of other classes whose synset text is closer.
 * @returns the input of `fig8TextSynset`
 * @example fig8TextSynset(simulatedTextSynsetInput(study))
 */
export function simulatedTextSynsetInput(study: SimulationStudy) {
  return {
    tier: TIER,
    note: `image-aware captions; the text-only threshold is ${study.world.config.textThreshold}`,
    similarities: study.textSynset.imageAware.similarities,
    closerShares: study.textSynset.imageAware.closerShares,
    cutoff: 0.05,
  }
}

/**
 * Section 4.2 in the world: the equal-size datasets A..D and their mean intra-class similarity, with the
 * image-aware set's mean as the ImageNet line.
 * @returns the input of `frontier42`
 * @example frontier42(simulatedFrontierInput(study))
 */
export function simulatedFrontierInput(study: SimulationStudy) {
  return {
    tier: TIER,
    note: `each dataset has ${study.frontier[0]?.selection.rows.length ?? 0} samples`,
    points: study.frontier.map((f) => ({
      name: f.selection.name,
      textThreshold: f.selection.textThreshold,
      imageThreshold: f.selection.imageThreshold,
      meanIntraClass: f.intraMean,
      size: f.selection.rows.length,
    })),
    imagenetMean: study.imageAware.intraMean,
  }
}

/**
 * Fig. 9 in the world: each image-aware caption's similarity to its nearest web caption, and per class the
 * intra-class similarity of the web images so selected minus the image-aware set's, with both tests.
 * @param result the output of `selectByImageNetTexts`
 * @returns the input of `fig9ImageNetTextSelection`
 * @example fig9ImageNetTextSelection(simulatedTextSelectionInput(selectByImageNetTexts(study.world, study.imageAware)))
 */
export function simulatedTextSelectionInput(result: ImageNetTextSelection) {
  return {
    tier: TIER,
    note: `${result.captions.rows.length} image-aware captions; ${result.selection.rows.length} web images kept`,
    nearestSimilarities: result.nearestSimilarity,
    threshold: result.threshold,
    differences: comparisonSeries(result.comparison, { names: simulatedName }),
  }
}

/**
 * Appendix D in the world: image-to-synset similarity per image of both selections, and per class the difference
 * of the means, text-only minus image-aware.
 * @param result the output of `crossModalDifficulty`
 * @returns the input of `appDCrossModal`
 * @example appDCrossModal(simulatedCrossModalInput(crossModalDifficulty(world, textOnly, imageAware)))
 */
export function simulatedCrossModalInput(result: CrossModalResult) {
  return {
    tier: TIER,
    note: 'CLIP-like image-to-synset-text cosine; per-image values, so both tests agree',
    histograms: [
      { name: SELECTION_NAMES.textOnly, values: result.textOnly.values },
      { name: SELECTION_NAMES.imageAware, values: result.imageAware.values },
    ],
    differences: comparisonSeries(result.comparison, { names: simulatedName }),
  }
}
