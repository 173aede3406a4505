import type { ExperimentName, SourceChoice } from '../config/resolve-sources.js'
import { LaionetError } from '../util/errors.js'
import type { ResultRecord } from '../report/types.js'
import { simulateStudy, type SimulationStudy } from '../simulate/study.js'
import type { Tier } from '../tier.js'
import type { ExperimentRecord } from './types.js'

/** A fraction as percentage points with one decimal, as the notebooks record them. */
export const pct = (x: number) => Math.round(1000 * x) / 10

/** A record builder bound to one experiment. */
export function recorder(experiment: ExperimentName) {
  return (section: string, quantity: string, value: number | string | null, o: { unit?: string, tier: Tier, paper?: number | string | null, source: string[], note?: string }): ExperimentRecord => ({
    experiment, section, quantity, value, unit: o.unit ?? '', tier: o.tier, paper: o.paper ?? null, source: o.source, ...(o.note !== undefined ? { note: o.note } : {}),
  })
}

/** The choice of one part (throws when the resolution has no such part: a programming error). */
export function part(sources: readonly SourceChoice[], id: string): SourceChoice {
  const c = sources.find((s) => s.part === id)
  if (!c) throw new LaionetError('experiments', `no source resolution for part ${id}`, { code: 'failed' })
  return c
}

/**
 * Turns experiment records into the records `recordResults` stores for a notebook: the paper's section becomes
 * `experiment`, `value` becomes `ours`, and the sources go into the note.
 * @param records the experiment's records (optionally filtered)
 * @example recordResults('02_class_frequency', toResultRecords(result.records))
 */
export function toResultRecords(records: readonly ExperimentRecord[]): Omit<ResultRecord, 'notebook'>[] {
  return records.map((r) => ({
    experiment: r.section, quantity: r.quantity, ours: r.value, paper: r.paper, ...(r.unit ? { unit: r.unit } : {}), tier: r.tier,
    ...(r.note !== undefined ? { note: r.note } : {}),
  }))
}

const studies = new Map<number, SimulationStudy>()

/** The simulated study of one seed with the default dials, computed once per process (several experiments read it). */
export async function simulatedStudy(seed = 1): Promise<SimulationStudy> {
  let s = studies.get(seed)
  if (!s) studies.set(seed, s = simulateStudy({}, { seed }))
  return s
}
