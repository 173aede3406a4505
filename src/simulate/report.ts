import type { SimulationStudy } from './study.js'
import { simulateStudy } from './study.js'
import type { SimulationConfig } from './types.js'

/** One dataset's size and mean intra-class similarity. */
export interface DatasetSummary {
  /** Selected samples. */
  size: number
  /** Classes with at least one sample. */
  classes: number
  /** Mean over classes of the mean pair cosine similarity (first `maxPerClass` images per class). */
  intra_mean: number | null
}

/** The machine-readable summary of a simulation: what `laionet simulate --json` prints. */
export interface SimulationReport {
  seed: number
  /** The full resolved configuration. */
  config: SimulationConfig
  /** LAIONet's selection (text only). */
  text_only: DatasetSummary
  /** ImageNet's selection (annotators look at the image). */
  image_aware: DatasetSummary
  /** Classes compared (at least 7 pairs on both sides). */
  compared: number
  /** Share of compared classes where text-only is significantly lower, the paper's test (paper: 0.576). */
  share_text_lower: number
  /** Share of compared classes where text-only is significantly higher, the paper's test (paper: 0.279). */
  share_text_higher: number
  /** The same shares with the corrected (jackknife over images) test. */
  corrected: { share_text_lower: number, share_text_higher: number }
  /** Equi-weighted accuracy of a classifier fitted on the image-aware set: held-out image-aware vs text-only. */
  accuracy: { image_aware: number | null, text_only: number | null }
  /** Fig. 7: image-aware selection at each selection-frequency threshold. */
  selection_frequency: { threshold: number, size: number, intra_mean: number | null, share_text_lower: number, share_text_higher: number }[]
  /** Section 4.2: equal-size datasets along the text/image threshold frontier. */
  frontier: { name: string, text_threshold: number, image_threshold: number | null, size: number, intra_mean: number | null }[]
  /** Fig. 8: caption-to-synset similarity of the image-aware set against the text-only set. */
  caption_similarity: {
    image_aware_median: number | null
    text_only_median: number | null
    /** Share of image-aware captions at or below the text-only threshold (they would not enter LAIONet). */
    image_aware_below_text_threshold: number | null
    /** Share of image-aware captions with fewer than 5% of the other classes closer (paper: 0.957). */
    image_aware_fewer_than_5pct_closer: number | null
  }
  /** Label noise without selection: mean intra-class similarity of the relabelled image-aware set. */
  label_noise: { share: number, intra_mean: number | null }[]
}

/** Rounds to 6 decimals so the JSON is readable; NaN becomes null. */
function r6(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toFixed(6)) : null
}

function median(values: Float64Array): number {
  if (values.length === 0) return NaN
  const v = Float64Array.from(values).sort()
  const m = v.length >> 1
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2
}

function shareOf(values: Float64Array, test: (v: number) => boolean): number {
  if (values.length === 0) return NaN
  let k = 0
  for (const v of values) if (test(v)) k++
  return k / values.length
}

function classCount(labels: Int32Array): number {
  return new Set(labels).size
}

/**
 * Summarises a study as plain JSON: the object `laionet simulate --json` prints.
 * @example simulationReport(simulateStudy({}, { seed: 1 })).share_text_lower
 */
export function simulationReport(study: SimulationStudy): SimulationReport {
  const { world, textOnly, imageAware, comparison } = study
  const summary = (m: SimulationStudy['textOnly']): DatasetSummary => ({
    size: m.selection.rows.length, classes: classCount(m.selection.labels), intra_mean: r6(m.intraMean),
  })
  const ts = study.textSynset
  return {
    seed: world.seed,
    config: world.config,
    text_only: summary(textOnly),
    image_aware: summary(imageAware),
    compared: comparison.compared,
    share_text_lower: r6(comparison.paper.lowerShare) ?? 0,
    share_text_higher: r6(comparison.paper.higherShare) ?? 0,
    corrected: {
      share_text_lower: r6(comparison.corrected.lowerShare) ?? 0,
      share_text_higher: r6(comparison.corrected.higherShare) ?? 0,
    },
    accuracy: { image_aware: r6(study.accuracy.imageAware.accuracy), text_only: r6(study.accuracy.textOnly.accuracy) },
    selection_frequency: study.selectionFrequency.map((s) => ({
      threshold: s.threshold,
      size: s.selection.rows.length,
      intra_mean: r6(s.intraMean),
      share_text_lower: r6(s.comparison.paper.lowerShare) ?? 0,
      share_text_higher: r6(s.comparison.paper.higherShare) ?? 0,
    })),
    frontier: study.frontier.map((f) => ({
      name: f.selection.name,
      text_threshold: f.selection.textThreshold,
      image_threshold: r6(f.selection.imageThreshold),
      size: f.selection.rows.length,
      intra_mean: r6(f.intraMean),
    })),
    caption_similarity: {
      image_aware_median: r6(median(ts.imageAware.similarities)),
      text_only_median: r6(median(ts.textOnly.similarities)),
      image_aware_below_text_threshold: r6(shareOf(ts.imageAware.similarities, (v) => v <= world.config.textThreshold)),
      image_aware_fewer_than_5pct_closer: r6(shareOf(ts.imageAware.closerShares, (v) => v < 0.05)),
    },
    label_noise: study.labelNoise.map((l) => ({ share: l.share, intra_mean: r6(l.intraMean) })),
  }
}

/**
 * Generates a world, runs every experiment and returns the JSON summary. Same seed and config, same output.
 * @param config a partial configuration (validated; defaults fill the rest)
 * @param options `seed` (default 1)
 * @returns the {@link SimulationReport}
 * @example runSimulation({ captionDescribesImage: 1 }, { seed: 2 }).share_text_lower
 */
export function runSimulation(config: Partial<SimulationConfig> = {}, { seed = 1 } = {}): SimulationReport {
  return simulationReport(simulateStudy(config, { seed }))
}
