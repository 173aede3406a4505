import type { Tier } from './tier.js'

/**
 * One number an experiment computed: the one record type of laionet (experiments, `laionet experiment --json`,
 * the notebooks' results files, the report and the claims scoreboard all carry it).
 */
export interface ExperimentRecord {
  /** Stable id. For a number the paper states, the registry id (src/paper/registry.ts), e.g. `fig6.lowerShare`;
   * the authors'-way default carries it and our variant the suffix `.ours`; a number that measures the same thing on
   * less data (a sample, a trimmed part) carries the suffix `.subset`. Others: `<figure>.<what>[.<model>]`. */
  id: string
  /** The experiment that computed it, e.g. 'construction' (or a notebook's name for a notebook's own number). */
  experiment: string
  /** The paper's figure or section it belongs to, e.g. 'Fig. 3' or 'Section 2'. */
  section: string
  /** What was measured, in words. */
  claim: string
  /** Our value at full precision (percentages as 0-100); null when it could not be computed here (tier 'quoted'). */
  value: number | string | null
  /** Unit of `value` and `paper` ('' when none). */
  unit: string
  /** Where `value` came from. */
  tier: Tier
  /** The paper's value for the same quantity, or null. */
  paper: number | string | null
  /** The files and models it was computed from (a data-mirror file, a configured path, a model); [] for the simulated world. */
  source: string[]
  /** A short remark in words. Default: none. */
  note?: string
}
