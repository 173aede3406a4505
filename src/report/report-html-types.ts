import type { ClaimEntry } from '../claims/types.js'
import type { ResultRecord } from './types.js'

/** A notebook as the report lists it (src/report/types.ts `NotebookStatus` fits). */
export interface ReportNotebook {
  /** File name without extension, e.g. `04_accuracy`; results name their notebook this way. */
  name: string
  /** How the run ended, e.g. `ok` or `failed`. */
  status: string
  /** The notebook (or its executed copy): absolute, or relative to the report. Default: not linked. */
  file?: string
  /** Wall time in seconds. Default: not shown. */
  seconds?: number
  /** The failing cell's error text. Default: none. */
  error?: string
}

/** A rendered figure (what `renderFigures` returns). */
export interface ReportFigure {
  /** Figure id, e.g. `fig6-intra-class`. */
  id: string
  /** The PNG: absolute, or relative to the report. Embedded as the thumbnail (up to 8 MB), else linked. */
  png?: string
  /** The SVG: absolute, or relative to the report. Linked. */
  svg?: string
}

/** Everything `writeReportHtml` puts in out/report.html. */
export interface ReportHtmlInput {
  /** Every recorded number (`readResults` of each notebook). */
  results: ResultRecord[]
  /** The notebooks the main job ran. */
  notebooks: ReportNotebook[]
  /** Figures rendered to PNG/SVG. Default: none. */
  figures?: ReportFigure[]
  /** The claims scoreboard (`scoreboard(results, sources)`), shown first. Default: none. */
  scoreboard?: ClaimEntry[]
}

/** Options of `writeReportHtml`. */
export interface ReportHtmlOptions {
  /** Page title. Default: `laionet reproduction report`. */
  title?: string
  /** A line such as `Generated 2026-11-26 09:00 UTC by npm run reproduce`. Default: none (the file is deterministic). */
  generated?: string
}
