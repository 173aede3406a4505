import type { SourceChoice } from '../config/resolve-sources.js'
import { CLAIM_RULES } from '../paper/claim-rules.js'
import { paperCitation, paperQuotes, type PaperValueId } from '../paper/registry.js'
import { TIERS } from '../tier.js'
import { claimPart, specificConfigure } from './claim-parts.js'
import { VERDICTS, type ClaimEntry, type ClaimRecord, type Verdict } from './types.js'
import { judgeClaim } from './verdict.js'

/**
 * The record that speaks for a claim: of all records carrying its id, the strongest tier (real > released >
 * simulated > fixture > quoted); the first of equals.
 */
function strongest(records: readonly ClaimRecord[]): ClaimRecord | undefined {
  let best: ClaimRecord | undefined
  for (const r of records) if (!best || TIERS.indexOf(r.tier) < TIERS.indexOf(best.tier)) best = r
  return best
}

/**
 * The scoreboard: one entry for every numbered claim of the paper (every registry entry, in registry order),
 * judged from the records that carry its id.
 * @param records every record of a run (experiments, notebooks); ids that are not registry ids are ignored
 * @param sources the run's source resolution, for what to configure where a claim is `quoted` or `plumbing`
 * @example scoreboard(records, resolveSources(config)).filter((e) => e.verdict === 'reproduced')
 */
export function scoreboard(records: readonly ClaimRecord[], sources: readonly SourceChoice[] = []): ClaimEntry[] {
  const byId = new Map<string, ClaimRecord[]>()
  for (const r of records) {
    const list = byId.get(r.id)
    if (list) list.push(r)
    else byId.set(r.id, [r])
  }
  return paperQuotes().map((q) => {
    const rule = CLAIM_RULES[q.id]
    const record = strongest(byId.get(q.id) ?? [])
    // A direction stated against another number reads it from the same experiment's record first.
    const related = (id: string): number | undefined => {
      const same = (byId.get(id) ?? []).find((r) => r.experiment === record?.experiment && r.tier === record?.tier && typeof r.value === 'number')
      const other = same ?? strongest((byId.get(id) ?? []).filter((r) => typeof r.value === 'number'))
      return typeof other?.value === 'number' ? other.value : undefined
    }
    let j = judgeClaim(rule, q.value, record, related)
    // The same quantity measured on less data (a sample, trimmed parts), or the simulated world's counterpart of a
    // count that has no direction, is shown beside the claim, never judged against the paper's number.
    const subset = record ? undefined : strongest([...byId.get(`${q.id}.subset`) ?? [], ...byId.get(`${q.id}.simulated`) ?? []])
    if (subset) {
      const shown = `${subset.id} = ${typeof subset.value === 'number' ? Number(subset.value.toPrecision(6)) : subset.value}, tier ${subset.tier}`
      j = { ...j, reason: subset.id.endsWith('.subset') ? `computed here on less data only (${shown}): not comparable with the paper's number` : `the simulated world's counterpart only (${shown}): not the paper's quantity` }
    }
    const from = record ?? subset
    const choice = sources.find((s) => s.part === claimPart(q.id))
    // A plumbing verdict says why the model is not the real one (the CLIP weights' fingerprint check, in `reason`).
    if (j.verdict === 'plumbing' && choice?.tier === 'fixture') j = { ...j, reason: `${j.reason}: ${choice.reason}` }
    const configure = j.verdict === 'quoted' || j.verdict === 'plumbing'
      ? specificConfigure(q.id as PaperValueId) ?? (rule.setting ? 'a method setting of the paper, applied as stated (nothing to compute); a run that records it shows it here' : choice?.upgrade ?? 'no source configured here computes it')
      : null
    return {
      id: q.id, section: paperCitation(q.id), claim: q.quantity, unit: q.unit, paper: q.value,
      value: record?.value ?? null, tier: record?.tier ?? 'quoted', verdict: j.verdict, difference: j.difference, tolerance: rule.tolerance, reason: j.reason,
      source: from ? [`experiment ${from.experiment}${from !== subset ? '' : from.id.endsWith('.subset') ? ' (on a subset)' : ' (simulated counterpart)'}`, ...from.source] : [], configure, setting: Boolean(rule.setting),
    }
  })
}

/** How many claims got each verdict, every verdict present (0 when none). */
export function verdictCounts(entries: readonly ClaimEntry[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>
  for (const e of entries) counts[e.verdict]++
  return counts
}

/** One line for a console: `52 claims: 14 reproduced, 1 differs, 11 direction, 0 opposite, 4 plumbing, 22 quoted`. */
export function verdictSummary(entries: readonly ClaimEntry[]): string {
  const c = verdictCounts(entries)
  return `${entries.length} claims: ${VERDICTS.map((v) => `${c[v]} ${v}`).join(', ')}`
}
