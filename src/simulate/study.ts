import { compareIntraClass } from '../metrics/compare.js'
import type { AccuracyEstimate, IntraClassComparison, IntraClassStats } from '../metrics/types.js'
import { centroidAccuracy, fitCentroidClassifier, splitSelection, type CentroidClassifier } from './classifier.js'
import { relabelShare } from './label-noise.js'
import { intraByClass, meanIntra } from './measure.js'
import { selectFrontier, selectImageAware, selectTextOnly, subSelection } from './selection.js'
import { captionSynsetSimilarity, type TextSynsetResult } from './text-synset.js'
import type { FrontierSelection, Selection, SimulationConfig, World } from './types.js'
import { createWorld } from './world.js'

/** Readable names of the two selections in every table and figure. */
export const SELECTION_NAMES = { textOnly: 'text-only (LAIONet-like)', imageAware: 'image-aware (ImageNet-like)' } as const

/** Captions measured for Fig. 8 per set (the first, in pool order): enough for a histogram, and O(rows x classes). */
const TEXT_SYNSET_ROWS = 4000

/** Options of {@link simulateStudy}. */
export interface StudyOptions {
  /** Seed of the world and of every random step. Default: 1. */
  seed?: number
  /** Label-noise shares of the no-selection experiment. Default: [0, 0.1, 0.2, 0.3]. */
  labelNoiseLevels?: number[]
  /** A world already generated (its config and seed are used, `config` and `seed` are ignored). Default: generate one. */
  world?: World
}

/** A selection measured: its per-class intra-class statistics and their mean over classes. */
export interface MeasuredSelection {
  selection: Selection
  /** Per-class statistics keyed by class key (`c0007`). */
  intra: Map<string, IntraClassStats>
  /** Mean over classes of the mean pair similarity. */
  intraMean: number
}

/** Every experiment of the paper, run in one simulated world. */
export interface SimulationStudy {
  world: World
  /** LAIONet's selection (text only). */
  textOnly: MeasuredSelection
  /** ImageNet's selection (text search, then annotators) at the world's selection frequency. */
  imageAware: MeasuredSelection
  /** Fig. 6: text-only vs image-aware per class, with the paper's and the corrected test. */
  comparison: IntraClassComparison
  /** The classifier of Fig. 1: fitted on `train` (the first `trainShare` of each image-aware class); `test` is the rest. */
  classifier: { model: CentroidClassifier, train: Selection, test: Selection }
  /** Fig. 1: the classifier's equi-weighted accuracy on the held-out image-aware part and on the text-only set. */
  accuracy: { imageAware: AccuracyEstimate, textOnly: AccuracyEstimate }
  /**
   * Fig. 7: image-aware selection at each selection-frequency threshold, compared with the text-only set, and the
   * classifier's accuracy on the version's images it was not trained on (ImageNetV2 collected new images).
   */
  selectionFrequency: (MeasuredSelection & { threshold: number, comparison: IntraClassComparison, accuracy: AccuracyEstimate })[]
  /** Section 4.2: equal-size datasets A..D along the text/image threshold frontier. */
  frontier: (MeasuredSelection & { selection: FrontierSelection })[]
  /** Fig. 8: caption-to-synset similarity in the image-aware set (and, for contrast, the text-only set). */
  textSynset: { imageAware: TextSynsetResult, textOnly: TextSynsetResult }
  /** Label noise without selection: the image-aware set relabelled at each share. */
  labelNoise: { share: number, intraMean: number }[]
}

/**
 * Measures one selection's intra-class similarity: per-class statistics and their mean over classes.
 * @example measureSelection(world, selectTextOnly(world)).intraMean
 */
export function measureSelection(world: World, selection: Selection): MeasuredSelection {
  const intra = intraByClass(world, selection)
  return { selection, intra, intraMean: meanIntra(intra) }
}

/**
 * Runs every experiment of the paper in one simulated world: the two selections and their per-class comparison
 * (Fig. 6), classifier accuracy on both (Fig. 1), the selection-frequency sweep (Fig. 7), the equal-size
 * frontier (Section 4.2), caption-to-synset similarity (Fig. 8) and label noise without selection.
 * @param config a partial configuration (defaults fill the rest)
 * @param options `seed` (default 1), `labelNoiseLevels`, `world`
 * @returns the {@link SimulationStudy}, with the selections and per-class tables for plotting
 * @example simulateStudy({}, { seed: 1 }).comparison.paper.lowerShare
 */
export function simulateStudy(config: Partial<SimulationConfig> = {}, {
  seed = 1,
  labelNoiseLevels = [0, 0.1, 0.2, 0.3],
  world = createWorld(config, { seed }),
}: StudyOptions = {}): SimulationStudy {
  const cfg = world.config
  const textOnly = measureSelection(world, selectTextOnly(world))
  const imageAware = measureSelection(world, selectImageAware(world))
  const comparison = compareIntraClass(textOnly.intra, imageAware.intra)

  const { train, test } = splitSelection(world, imageAware.selection, cfg.trainShare)
  const model = fitCentroidClassifier(world, train)
  const cache = new Int32Array(world.size).fill(-1)
  const accuracy = {
    imageAware: centroidAccuracy(world, model, test, { cache }),
    textOnly: centroidAccuracy(world, model, textOnly.selection, { cache }),
  }

  const trained = new Set(train.rows)
  const selectionFrequency = cfg.selectionFrequencySweep.map((threshold) => {
    const measured = measureSelection(world, selectImageAware(world, { frequency: threshold }))
    const unseen = withoutRows(measured.selection, trained)
    return {
      ...measured, threshold,
      comparison: compareIntraClass(textOnly.intra, measured.intra),
      accuracy: centroidAccuracy(world, model, unseen, { cache }),
    }
  })
  const frontier = selectFrontier(world).map((selection) => ({ ...measureSelection(world, selection), selection }))
  const textSynset = {
    imageAware: captionSynsetSimilarity(world, imageAware.selection, { maxRows: TEXT_SYNSET_ROWS }),
    textOnly: captionSynsetSimilarity(world, textOnly.selection, { maxRows: TEXT_SYNSET_ROWS }),
  }
  const labelNoise = labelNoiseLevels.map((share, j) => ({
    share,
    intraMean: meanIntra(intraByClass(world, relabelShare(world, imageAware.selection, share, { seed: world.seed * 1000 + j }))),
  }))
  return {
    world, textOnly, imageAware, comparison, classifier: { model, train, test }, accuracy,
    selectionFrequency, frontier, textSynset, labelNoise,
  }
}

/** The selection without the given rows (e.g. a classifier's training images). */
function withoutRows(sel: Selection, drop: Set<number>): Selection {
  const keep: number[] = []
  for (let r = 0; r < sel.rows.length; r++) if (!drop.has(sel.rows[r])) keep.push(r)
  return subSelection(sel, keep, sel.name)
}
