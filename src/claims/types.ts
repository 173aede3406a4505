import type { ExperimentRecord } from '../record.js'
import type { Tier } from '../tier.js'

/** The verdict on one claim of the paper. */
export type Verdict =
  /** real or released data, within the claim's tolerance */
  | 'reproduced'
  /** real or released data, outside it: a finding, stated with the difference */
  | 'differs'
  /** the simulated world: the effect has the paper's sign */
  | 'direction'
  /** the simulated world: the effect has the other sign */
  | 'opposite'
  /** computed through fixture models: the number means nothing */
  | 'plumbing'
  /** not computed here: the paper's number only */
  | 'quoted'

/** Every verdict, in the order a scoreboard counts them. */
export const VERDICTS: readonly Verdict[] = ['reproduced', 'differs', 'direction', 'opposite', 'plumbing', 'quoted']

/** What the scoreboard needs of a computed number (every ExperimentRecord has it). */
export type ClaimRecord = Pick<ExperimentRecord, 'id' | 'experiment' | 'value' | 'tier' | 'source' | 'note'>

/** One row of the scoreboard: one numbered claim of the paper, computed or not. */
export interface ClaimEntry {
  /** The registry id, e.g. `fig6.lowerShare`. */
  id: string
  /** Where the paper states it, e.g. `ICLR, Section 3, Fig. 6`. */
  section: string
  /** What it measures, in words. */
  claim: string
  unit: string
  /** The paper's value. */
  paper: number
  /** Ours at full precision, or null when not computed. */
  value: number | string | null
  tier: Tier
  verdict: Verdict
  /** Ours minus the paper's (in `unit`), when both are numbers and the verdict compares them. */
  difference: number | null
  /** The tolerance the verdict used, and why. */
  tolerance: number
  /** The verdict in words: the comparison made, or why none could be. */
  reason: string
  /** The files and models the value came from (with the experiment that computed it). */
  source: string[]
  /** For `quoted` and `plumbing`: which source or model would compute it; null otherwise. */
  configure: string | null
  /** True for a method setting (a threshold, a count per class) rather than a finding. */
  setting: boolean
}
