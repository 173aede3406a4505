import type { ExperimentName, SourceChoice } from '../config/resolve-sources.js'
import { LaionetError } from '../util/errors.js'
import { cachedStudy } from '../simulate/study-cache.js'
import type { SimulationStudy } from '../simulate/study.js'
import type { Tier } from '../tier.js'
import type { ExperimentRecord } from './types.js'
import { asPercent, roundTo } from '../util/format.js'
import { isPaperValueId, paperQuote } from '../paper/registry.js'

/** A fraction as percentage points at full precision (records never round; displays do, with src/util/format.ts). */
export const pct = asPercent

/** A share as percentage points rounded to 2 decimals, for a table cell (never for a record). */
export const shown = (share: number): number => roundTo(asPercent(share), 2)

/** A name as an id part: `resnet-50` stays, `clip-zero-shot (tiny random CLIP)` -> `clip-zero-shot-tiny-random-clip`. */
export const idPart = (name: string): string => name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-|-$/g, '')

/** Options of one record (`paper` and `unit` default to the registry's when the id is a registry id). */
export interface RecordOptions { unit?: string, tier: Tier, paper?: number | string | null, source: string[], note?: string }

/**
 * A record builder bound to one experiment (or a notebook's own numbers). When `id` is a registry id, the paper's value and unit come from the
 * registry (src/paper/registry.ts), so no experiment retypes a paper number.
 * @example recorder('classes')('construction.lemmas', 'Section 2', 'lemmas kept (paper rule)', 1825, { tier: 'real', source })
 */
export function recorder(experiment: ExperimentName | string) {
  return (id: string, section: string, claim: string, value: number | string | null, o: RecordOptions): ExperimentRecord => {
    // A variant of a paper claim (ours, or the same quantity on less data) shows the paper's value beside it too.
    const base = id.replace(/(\.ours)?(\.subset|\.simulated)?$/, '')
    const quote = isPaperValueId(base) ? paperQuote(base) : null
    return {
      id, experiment, section, claim, value, unit: o.unit ?? quote?.unit ?? '', tier: o.tier, paper: o.paper !== undefined ? o.paper : quote?.value ?? null, source: o.source,
      ...(o.note !== undefined ? { note: o.note } : {}),
    }
  }
}

/** The choice of one part (throws when the resolution has no such part: a programming error). */
export function part(sources: readonly SourceChoice[], id: string): SourceChoice {
  const c = sources.find((s) => s.part === id)
  if (!c) throw new LaionetError('experiments', `no source resolution for part ${id}`, { code: 'failed' })
  return c
}

const studies = new Map<number, SimulationStudy>()

/** The simulated study of one seed with the default dials: once per process (several experiments read it), from the disk cache when stored (notebooks run in processes of their own). */
export async function simulatedStudy(seed = 1): Promise<SimulationStudy> {
  let s = studies.get(seed)
  if (!s) studies.set(seed, s = cachedStudy({}, { seed }))
  return s
}
