import type { PaperValueId } from './registry.js'

/**
 * How a recomputed value is judged against the paper's: the tolerance (absolute, in the claim's unit) with the
 * argument for it, how the comparison reads, and the sign of the effect the paper claims (for the simulated world,
 * whose numbers are not the paper's but must point the same way).
 */
export interface ClaimRule {
  /** Largest |ours - paper| (in the claim's unit) that still reproduces the claim. */
  tolerance: number
  /** Why that tolerance: exact counts are exact, numbers read off a figure carry their reading precision, shares of
   * classes their sampling interval, rounded numbers half their last digit. */
  why: string
  /** How the paper states it: `equals` (default), `atLeast` ("more than", "at least": ours >= paper - tolerance). */
  bound?: 'equals' | 'atLeast'
  /** A method parameter the paper fixes (a threshold, a count per class), not a finding. */
  setting?: true
  /**
   * The sign of the claimed effect: ours `is` greater or smaller `than` a number or another record's value (a record
   * id; the same run's record first, else the paper's value of that id). Needed by every claim the simulated world
   * computes.
   */
  direction?: { is: '>' | '<', than: number | string, meaning: string }
}

const EXACT = 'an exact count on the same data: any difference is a difference'
const exact = (): ClaimRule => ({ tolerance: 0, why: EXACT })
const setting = (): ClaimRule => ({ tolerance: 0, why: 'a method setting: the run must use exactly this value', setting: true })
/** Half the last printed digit: a number stated as 57.6 is anything in [57.55, 57.65). */
const rounded = (step: number, what = 'stated'): ClaimRule => ({ tolerance: step / 2, why: `${what} to ${step}: half its last digit` })
/** A read-off: the reading precision of the figure. */
const readOff = (precision: number, what: string): ClaimRule => ({ tolerance: precision, why: `read off ${what}: about ${precision} either way` })
/**
 * A share of classes from a per-class test: the classes that decode, the images that are still online and the order
 * of the first 100 change which classes enter, so a fresh run on today's LAION is a new sample of about `classes`
 * classes: the 95% binomial half-width at the paper's share.
 */
function classShare(paperPercent: number, classes: number, direction?: ClaimRule['direction']): ClaimRule {
  const p = paperPercent / 100
  const halfWidth = 100 * 1.96 * Math.sqrt((p * (1 - p)) / classes)
  return { tolerance: Number(halfWidth.toFixed(2)), why: `a share of about ${classes} classes: 95% binomial half-width at ${paperPercent}% (${halfWidth.toFixed(2)} points)`, ...(direction ? { direction } : {}) }
}

/**
 * The judging rule of every registry claim (src/paper/registry.ts): typed over every id, so a new registry number
 * without a rule does not compile.
 */
export const CLAIM_RULES: Record<PaperValueId, ClaimRule> = {
  'construction.laionCaptions': exact(),
  'construction.indexShiftPerPart': setting(),
  'construction.classList': exact(),
  'construction.lemmas': exact(),
  'construction.lemmaClasses': exact(),
  'construction.sharedLemmas': exact(),
  'construction.punctuatedLemmas': exact(),
  'construction.classesLostToPunctuation': exact(),
  'construction.matchedClasses': exact(),
  'construction.matchedCaptions': { tolerance: 500_000, why: '"about 21M": rounded to the million' },
  'construction.threshold': setting(),
  'construction.ocrDroppedShare': rounded(0.1),
  'construction.samples': exact(),
  'construction.samplesShareOfLaion': rounded(0.01),
  'construction.classes': exact(),
  'construction.laionClipPrefilter': setting(),
  'fig3.classesAt050': readOff(10, 'the Fig. 3 curve at 0.5'),
  'fig3.classesAt082': exact(),
  'fig3.classesAt090': readOff(15, 'the Fig. 3 curve at 0.9, where it falls steeply'),
  'fig3.samplesAt082': exact(),
  'fig4.topClassShare': { tolerance: 0.5, why: '"about 5%": half a point either way', direction: { is: '>', than: 1, meaning: 'one class holds several percent of LAIONet: a long tail' } },
  'appB.topK': setting(),
  'appB.samples': exact(),
  'appA.mpnetThreshold': setting(),
  'appA.mpnetSamples': exact(),
  'fig1.models': exact(),
  'fig1.evaluatedClasses': exact(),
  'fig1.dropMin': { tolerance: 1, why: '"5 to 12 points": whole points', direction: { is: '>', than: 0, meaning: 'every model is less accurate on LAIONet' } },
  'fig1.dropMax': { tolerance: 1, why: '"5 to 12 points": whole points', direction: { is: '>', than: 0, meaning: 'models are less accurate on LAIONet' } },
  'fig1.strongModelsDropAtLeast': { tolerance: 0.5, why: '"at least 10 for most strong models": the median drop of the models above 80% top-1 on ImageNet, within half a point', bound: 'atLeast', direction: { is: '>', than: 0, meaning: 'strong models lose accuracy on LAIONet' } },
  'fig1.clipZeroShotDifference': { tolerance: 1, why: '"about 2 points": a point either way', direction: { is: '<', than: 'fig1.dropMin', meaning: 'CLIP zero-shot loses less than the classifiers' } },
  'fig1.errorBarStandardErrors': setting(),
  'fig5.extraDropMin': { tolerance: 1, why: '"5 to 10 points": whole points', direction: { is: '>', than: 0, meaning: 'weighting classes by LAIONet frequency lowers accuracy' } },
  'fig5.extraDropMax': { tolerance: 1, why: '"5 to 10 points": whole points', direction: { is: '>', than: 0, meaning: 'weighting classes by LAIONet frequency lowers accuracy' } },
  'fig6.firstN': setting(),
  'fig6.pairsPerClass': setting(),
  'fig6.minPairs': setting(),
  'fig6.comparedClasses': { tolerance: 9, why: 'which classes have 7 pairs on both sides depends on the images still online: 1% of the classes' },
  'fig6.lowerShare': classShare(57.6, 872, { is: '>', than: 'fig6.higherShare', meaning: 'LAIONet is less similar in more classes than it is more similar' }),
  'fig6.higherShare': classShare(27.9, 872, { is: '<', than: 'fig6.lowerShare', meaning: 'LAIONet is more similar in fewer classes than it is less similar' }),
  'fig6.lowerShareText': { tolerance: 5, why: '"almost two-thirds": 62-67%', direction: { is: '>', than: 50, meaning: 'most classes have a lower mean on LAIONet' } },
  'fig6.lowerShareVit': classShare(60.0, 872, { is: '>', than: 50, meaning: 'most classes are less similar on LAIONet with ViT' }),
  'fig6.lowerShareConvnext': classShare(70.0, 872, { is: '>', than: 50, meaning: 'most classes are less similar on LAIONet with ConvNeXt' }),
  'fig6.lowerShareBeit': classShare(66.7, 872, { is: '>', than: 50, meaning: 'most classes are less similar on LAIONet with BEiT' }),
  'fig7.selectionFrequencyMatched': rounded(0.01),
  'fig7.selectionFrequencyThreshold07': rounded(0.01),
  'fig7.selectionFrequencyTopImages': rounded(0.01),
  'fig7.matchedLowerShare': classShare(32.0, 900),
  'fig7.matchedHigherShare': classShare(38.3, 900),
  'imageLink.datasetSize': { tolerance: 5_000, why: '"about 535k": to the thousand, equal sizes by construction' },
  'imageLink.textThresholdA': setting(),
  'imageLink.imageThresholdA': rounded(0.0001, 'chosen so that the sizes are equal; stated'),
  'imageLink.textThresholdB': setting(),
  'imageLink.imageThresholdB': rounded(0.0001, 'chosen so that the sizes are equal; stated'),
  'imageLink.textThresholdC': setting(),
  'imageLink.imageThresholdC': rounded(0.0001, 'chosen so that the sizes are equal; stated'),
  'imageLink.textThresholdD': setting(),
  'imageLink.imageThresholdD': rounded(0.0001, 'chosen so that the sizes are equal; stated'),
  'imageLink.meanA': { tolerance: 0.003, why: 'stated to 0.001; the resampled pairs (100 per class) add about 0.002', direction: { is: '<', than: 'imageLink.meanD', meaning: 'the weakest image link gives the most diverse set' } },
  'imageLink.meanB': { tolerance: 0.003, why: 'stated to 0.001; the resampled pairs add about 0.002', direction: { is: '>', than: 'imageLink.meanA', meaning: 'a stronger image link makes classes more alike' } },
  'imageLink.meanC': { tolerance: 0.003, why: 'stated to 0.001; the resampled pairs add about 0.002', direction: { is: '>', than: 'imageLink.meanB', meaning: 'a stronger image link makes classes more alike' } },
  'imageLink.meanD': { tolerance: 0.003, why: 'stated to 0.001; the resampled pairs add about 0.002', direction: { is: '>', than: 'imageLink.meanC', meaning: 'a stronger image link makes classes more alike' } },
  'imageLink.imagenetMean': { tolerance: 0.003, why: '"about 0.703": stated to 0.001; the resampled pairs add about 0.002', direction: { is: '>', than: 'fig6.textOnlyMean', meaning: 'image-aware selection gives more alike classes than text-only selection' } },
  'fig8.captions': exact(),
  'fig8.fewOthersCloserShare': { tolerance: 0.2, why: 'a share of 443,798 captions (binomial half-width 0.06 points) stated to 0.1', direction: { is: '>', than: 50, meaning: 'most captions are closest to their own class' } },
  'fig9.threshold': setting(),
  'fig9.classCoverage': { tolerance: 0, why: '"more than 95%": ours must be at least 95', bound: 'atLeast', direction: { is: '>', than: 50, meaning: 'the nearest-caption rule covers most classes' } },
  'fig9.lowerShare': classShare(77.3, 950, { is: '>', than: 50, meaning: 'LAION images selected by ImageNet texts are more diverse in most classes' }),
  'fig9.lowerShareText': { tolerance: 5, why: '"almost 70%": 65-70%', direction: { is: '>', than: 50, meaning: 'most classes are more diverse' } },
  'appD.higherShare': classShare(43.5, 872, { is: '>', than: 'appD.lowerShare', meaning: 'LAIONet images are not less similar to their synset text' }),
}
