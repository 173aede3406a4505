import { expect } from 'chai'
import { judgeClaim } from '../../src/claims/verdict.js'
import type { ClaimRecord } from '../../src/claims/types.js'
import type { ClaimRule } from '../../src/paper/claim-rules.js'
import type { Tier } from '../../src/tier.js'

const record = (value: number | string | null, tier: Tier, id = 'x'): ClaimRecord => ({ id, experiment: 'e', value, tier, source: [] })
const exact: ClaimRule = { tolerance: 0, why: 'exact' }
const share: ClaimRule = { tolerance: 3.28, why: 'binomial', direction: { is: '>', than: 'fig6.higherShare', meaning: 'lower in more classes' } }
const atLeast: ClaimRule = { tolerance: 0, why: 'more than', bound: 'atLeast', direction: { is: '>', than: 50, meaning: 'most' } }

describe('claims/judgeClaim: the verdict rules', () => {
  // [what, rule, paper, record, related value, verdict, difference]
  const table: [string, ClaimRule, number, ClaimRecord | undefined, number | undefined, string, number | null][] = [
    ['no record', exact, 1825, undefined, undefined, 'quoted', null],
    ['a quoted record (value null)', exact, 1825, record(null, 'quoted'), undefined, 'quoted', null],
    ['a quoted tier never becomes reproduced, even with the paper\'s value', exact, 1825, record(1825, 'quoted'), undefined, 'quoted', null],
    ['a null value on real data is not computed', exact, 1825, record(null, 'real'), undefined, 'quoted', null],
    ['an exact count, equal', exact, 1825, record(1825, 'real'), undefined, 'reproduced', 0],
    ['an exact count, one off', exact, 1825, record(1826, 'real'), undefined, 'differs', 1],
    ['released data within the tolerance', share, 57.6, record(60.8, 'released'), undefined, 'reproduced', 60.8 - 57.6],
    ['released data just outside it', share, 57.6, record(54.3, 'released'), undefined, 'differs', 54.3 - 57.6],
    ['floating point noise is not a difference', exact, 57.6, record(57.60000000000001, 'real'), undefined, 'reproduced', 57.60000000000001 - 57.6],
    ['fixture models: plumbing whatever the number, even the paper\'s own', exact, 915, record(915, 'fixture'), undefined, 'plumbing', null],
    ['simulated with the paper\'s sign', share, 57.6, record(77.3, 'simulated'), 12.1, 'direction', null],
    ['simulated with the other sign', share, 57.6, record(10, 'simulated'), 40, 'opposite', null],
    ['simulated, a tie is not the paper\'s strict sign', share, 57.6, record(30, 'simulated'), 30, 'opposite', null],
    ['simulated without the number it is compared with', share, 57.6, record(30, 'simulated'), undefined, 'quoted', null],
    ['simulated without a direction rule', exact, 915, record(900, 'simulated'), undefined, 'quoted', null],
    ['"more than": above the bound', atLeast, 95, record(97.2, 'real'), undefined, 'reproduced', 97.2 - 95],
    ['"more than": below it', atLeast, 95, record(94.9, 'real'), undefined, 'differs', 94.9 - 95],
    ['a direction against a constant', atLeast, 95, record(60, 'simulated'), undefined, 'direction', null],
    ['a text value on real data', exact, 3, record('3 of 12', 'released'), undefined, 'differs', null],
  ]
  for (const [what, rule, paper, rec, related, verdict, difference] of table) {
    it(what, () => {
      const j = judgeClaim(rule, paper, rec, () => related)
      expect(j.verdict).to.equal(verdict)
      if (difference === null) expect(j.difference).to.equal(null)
      else expect(j.difference).to.be.closeTo(difference, 1e-12)
      expect(j.reason.length).to.be.above(10)
    })
  }

  it('states the difference in the reason of a finding', () => {
    expect(judgeClaim(exact, 822_149, record(800_000, 'released'), () => undefined).reason).to.equal('differs by -22,149 (tolerance 0) (exact)')
    expect(judgeClaim(share, 57.6, record(77.3, 'simulated'), () => 12.1).reason).to.equal("same sign as the paper: 77.3 > fig6.higherShare (12.1); the paper's claim: lower in more classes")
  })
})
