import type { ExperimentRecord } from '../record.js'

/** One number a notebook recorded: an experiment record (src/record.ts) and the notebook that recorded it. */
export interface ResultRecord extends ExperimentRecord {
  /** The notebook that recorded it, e.g. `04_accuracy`. */
  notebook: string
}

/** How one notebook of the main job ended. */
export interface NotebookStatus {
  /** File name without extension, e.g. `04_accuracy`. */
  name: string
  status: 'ok' | 'failed'
  /** Wall time in seconds. */
  seconds: number
  /** The executed copy, relative to the report. */
  file?: string
  /** The failing cell's error text, when failed. */
  error?: string
}
