import type { ClaimRule } from '../paper/claim-rules.js'
import type { ClaimRecord, Verdict } from './types.js'

/** A verdict with the comparison behind it. */
export interface Judgement {
  verdict: Verdict
  difference: number | null
  reason: string
}

/** Relative slack for floating point (57.6 stored as 57.60000000000001 still equals 57.6). */
const EPSILON = 1e-9

const show = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : String(Number(x.toPrecision(6))))

/**
 * Judges one computed number against the paper's under the claim's rule.
 * - no record, a null value or tier `quoted`: `quoted`;
 * - tier `fixture`: `plumbing` (whatever the number);
 * - tier `simulated`: `direction` when the effect has the paper's sign (`rule.direction`), else `opposite`;
 * - tier `real` or `released`: `reproduced` within `rule.tolerance` (or above `paper - tolerance` for an
 *   `atLeast` claim), else `differs`.
 * @param related the value of another record id (for a direction stated against another number), or undefined
 * @example judgeClaim({ tolerance: 0, why: '' }, 1825, { id: 'construction.lemmas', experiment: 'classes', value: 1825, tier: 'real', source: [] }).verdict // 'reproduced'
 */
export function judgeClaim(rule: ClaimRule, paper: number, record: ClaimRecord | undefined, related: (id: string) => number | undefined = () => undefined): Judgement {
  if (!record || record.value === null || record.tier === 'quoted') return { verdict: 'quoted', difference: null, reason: 'not computed here: the paper\'s number only' }
  if (record.tier === 'fixture') return { verdict: 'plumbing', difference: null, reason: 'computed through a tiny random model: proves the pipeline runs, the number means nothing' }
  if (typeof record.value !== 'number' || !Number.isFinite(record.value)) {
    return { verdict: record.tier === 'simulated' ? 'opposite' : 'differs', difference: null, reason: `the value ${JSON.stringify(record.value)} is not a finite number` }
  }
  const value = record.value
  if (record.tier === 'simulated') {
    const d = rule.direction
    if (!d) return { verdict: 'quoted', difference: null, reason: 'the simulated world computes it, but the registry states no direction to judge it by' }
    const than = typeof d.than === 'number' ? d.than : related(d.than)
    if (than === undefined) return { verdict: 'quoted', difference: null, reason: `the simulated world computes it, but ${d.than} (what it is compared with) is not there` }
    const holds = d.is === '>' ? value > than : value < than
    const what = `${show(value)} ${holds ? d.is : d.is === '>' ? '<=' : '>='} ${typeof d.than === 'number' ? show(than) : `${d.than} (${show(than)})`}`
    return { verdict: holds ? 'direction' : 'opposite', difference: null, reason: `${holds ? 'same sign as the paper' : 'the other sign'}: ${what}; the paper's claim: ${d.meaning}` }
  }
  const difference = value - paper
  const slack = rule.tolerance + EPSILON * Math.max(1, Math.abs(paper))
  const ok = rule.bound === 'atLeast' ? value >= paper - slack : Math.abs(difference) <= slack
  const tol = rule.tolerance === 0 ? 'exactly' : `within ${show(rule.tolerance)}`
  const reason = rule.bound === 'atLeast'
    ? `${show(value)} ${ok ? '>=' : '<'} ${show(paper)}${rule.tolerance ? ` - ${show(rule.tolerance)}` : ''} (${rule.why})`
    : `${ok ? 'matches' : 'differs by'} ${ok && difference === 0 ? '' : `${difference > 0 ? '+' : ''}${show(difference)} `}${ok ? `${tol} ` : `(tolerance ${show(rule.tolerance)}) `}(${rule.why})`.replace(/\s+\(/, ' (')
  return { verdict: ok ? 'reproduced' : 'differs', difference, reason }
}
