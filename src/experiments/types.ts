import type { ExperimentName, SourceChoice } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import type { PlotlyFigure } from '../plots/types.js'
import type { ExperimentRecord } from '../record.js'
import type { LaionetContext } from '../util/context.js'

export type { ExperimentRecord } from '../record.js'

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
