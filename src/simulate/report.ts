import type { IntraClassComparison } from '../metrics/types.js'
import type { SimulationStudy } from './study.js'
import { simulateStudy } from './study.js'
import type { SimulationConfig } from './types.js'

/** One dataset's size and mean intra-class similarity. */
export interface DatasetSummary {
  /** Selected samples. */
  size: number
  /** Classes with at least one sample. */
  classes: number
  /** Mean over classes of the mean pair cosine similarity (first `maxPerClass` images per class); null when undefined. */
  intraMean: number | null
}

/** The two shares of a per-class test: classes where text-only is significantly lower / higher (null: no class compared). */
export interface TestShares {
  /** Share of compared classes where the text-only selection is significantly less similar. */
  shareTextLower: number | null
  /** Share of compared classes where the text-only selection is significantly more similar. */
  shareTextHigher: number | null
}

/**
 * The machine-readable summary of a simulation: what `laionet simulate --json` prints. Numbers are rounded to 6
 * decimals; a quantity that is undefined (no class compared, an empty selection) is null, never 0.
 */
export interface SimulationReport extends TestShares {
  seed: number
  /** The full resolved configuration. */
  config: SimulationConfig
  /** LAIONet's selection (text only). */
  textOnly: DatasetSummary
  /** ImageNet's selection (annotators look at the image). */
  imageAware: DatasetSummary
  /** Classes compared (at least 7 pairs on both sides). */
  compared: number
  /** The two shares under the corrected (jackknife over images) test; the top-level ones are the paper's test (paper: 0.576 / 0.279). */
  corrected: TestShares
  /** Equi-weighted accuracy of a classifier fitted on the image-aware set: held-out image-aware vs text-only. */
  accuracy: { imageAware: number | null, textOnly: number | null }
  /** Fig. 7: image-aware selection at each selection-frequency threshold, tested against the text-only set. */
  selectionFrequency: ({ threshold: number, size: number, intraMean: number | null } & TestShares)[]
  /** Section 4.2: equal-size datasets along the text/image threshold frontier. */
  frontier: { name: string, textThreshold: number, imageThreshold: number | null, size: number, intraMean: number | null }[]
  /** Fig. 8: caption-to-synset similarity of the image-aware set against the text-only set. */
  captionSimilarity: {
    imageAwareMedian: number | null
    textOnlyMedian: number | null
    /** Share of image-aware captions at or below the text-only threshold (they would not enter LAIONet). */
    imageAwareBelowTextThreshold: number | null
    /** Share of image-aware captions with fewer than 5% of the other classes closer (paper: 0.957). */
    imageAwareFewerThan5pctCloser: number | null
  }
  /** Label noise without selection: mean intra-class similarity of the relabelled image-aware set. */
  labelNoise: { share: number, intraMean: number | null }[]
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

/** The shares of one test, or null each when no class was compared (a share of nothing is undefined, not 0). */
function shares(comparison: IntraClassComparison, test: 'paper' | 'corrected'): TestShares {
  if (comparison.compared === 0) return { shareTextLower: null, shareTextHigher: null }
  return { shareTextLower: r6(comparison[test].lowerShare), shareTextHigher: r6(comparison[test].higherShare) }
}

/**
 * Summarises a study as plain JSON: the object `laionet simulate --json` prints.
 * @example simulationReport(simulateStudy({}, { seed: 1 })).shareTextLower
 */
export function simulationReport(study: SimulationStudy): SimulationReport {
  const { world, textOnly, imageAware, comparison } = study
  const summary = (m: SimulationStudy['textOnly']): DatasetSummary => ({
    size: m.selection.rows.length, classes: classCount(m.selection.labels), intraMean: r6(m.intraMean),
  })
  const ts = study.textSynset
  return {
    seed: world.seed,
    config: world.config,
    textOnly: summary(textOnly),
    imageAware: summary(imageAware),
    compared: comparison.compared,
    ...shares(comparison, 'paper'),
    corrected: shares(comparison, 'corrected'),
    accuracy: { imageAware: r6(study.accuracy.imageAware.accuracy), textOnly: r6(study.accuracy.textOnly.accuracy) },
    selectionFrequency: study.selectionFrequency.map((s) => ({
      threshold: s.threshold,
      size: s.selection.rows.length,
      intraMean: r6(s.intraMean),
      ...shares(s.comparison, 'paper'),
    })),
    frontier: study.frontier.map((f) => ({
      name: f.selection.name,
      textThreshold: f.selection.textThreshold,
      imageThreshold: r6(f.selection.imageThreshold),
      size: f.selection.rows.length,
      intraMean: r6(f.intraMean),
    })),
    captionSimilarity: {
      imageAwareMedian: r6(median(ts.imageAware.similarities)),
      textOnlyMedian: r6(median(ts.textOnly.similarities)),
      imageAwareBelowTextThreshold: r6(shareOf(ts.imageAware.similarities, (v) => v <= world.config.textThreshold)),
      imageAwareFewerThan5pctCloser: r6(shareOf(ts.imageAware.closerShares, (v) => v < 0.05)),
    },
    labelNoise: study.labelNoise.map((l) => ({ share: l.share, intraMean: r6(l.intraMean) })),
  }
}

/**
 * Generates a world, runs every experiment and returns the JSON summary. Same seed and config, same output.
 * @param config a partial configuration (validated; defaults fill the rest)
 * @param options `seed` (default 1)
 * @returns the {@link SimulationReport}
 * @example runSimulation({ captionDescribesImage: 1 }, { seed: 2 }).shareTextLower
 */
export function runSimulation(config: Partial<SimulationConfig> = {}, { seed = 1 } = {}): SimulationReport {
  return simulationReport(simulateStudy(config, { seed }))
}
