import type { Tier } from '../tier.js'

/** One number a notebook reproduced, set beside the paper's. */
export interface ResultRecord {
  /** The notebook that computed it, e.g. `04_accuracy`. */
  notebook: string
  /** The paper's experiment, e.g. `Fig. 1` or `Section 4.2`. */
  experiment: string
  /** What was measured, in words, e.g. `ResNet-50 equi-weighted top-1 on ImageNet val`. */
  quantity: string
  /** Our value (number, or text such as `910 classes`); null when it could not be computed here. */
  ours: number | string | null
  /** The paper's value for the same quantity; null or absent when the paper gives none. */
  paper?: number | string | null
  /** Unit of both values, e.g. `%`, `classes`, `samples`. Default: none. */
  unit?: string
  /** Where `ours` came from. */
  tier: Tier
  /** A short remark (why it differs, what is missing). */
  note?: string
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
