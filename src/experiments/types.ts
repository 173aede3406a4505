import type { ExperimentName, SourceChoice } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import type { PlotlyFigure } from '../plots/types.js'
import type { Tier } from '../tier.js'
import type { LaionetContext } from '../util/context.js'

/** One number an experiment computed (the JSON line of `laionet experiment --json`). */
export interface ExperimentRecord {
  /** The experiment that computed it, e.g. 'construction'. */
  experiment: ExperimentName
  /** The paper's figure or section it belongs to, e.g. 'Fig. 3' or 'Section 2'. */
  section: string
  /** What was measured, in words. */
  quantity: string
  /** Our value; null when it could not be computed here (then `tier` is 'quoted'). */
  value: number | string | null
  /** Unit of `value` and `paper` ('' when none). */
  unit: string
  /** Where `value` came from. */
  tier: Tier
  /** The paper's value for the same quantity, or null. */
  paper: number | string | null
  /** The files and models it was computed from (a data-mirror file, a configured path, a model); [] for the simulated world. */
  source: string[]
  /** A short remark. Default: none. */
  note?: string
}

/** One table of an experiment: rows of plain values, for a notebook or a report. */
export interface ExperimentTable {
  id: string
  title: string
  rows: Record<string, string | number | boolean | null>[]
}

/** What one experiment returns. */
export interface ExperimentResult {
  experiment: ExperimentName
  /** The source resolution it ran (the same as `describeTiers`'). */
  sources: SourceChoice[]
  records: ExperimentRecord[]
  /** Its figures, by the id `showFigure` saves them under. */
  figures: { id: string, figure: PlotlyFigure }[]
  tables: ExperimentTable[]
}

/** What an experiment runs with. */
export interface ExperimentContext {
  config: LaionetConfig
  /** Where it reads and writes (data mirror, cache, output, models, hub). Default: `configContext(config)`. */
  context?: LaionetContext
  /** Progress lines (stderr of `laionet experiment`). Default: none. */
  onProgress?: (message: string) => void
}

/** One experiment module. */
export type Experiment = (context: ExperimentContext) => Promise<ExperimentResult>
