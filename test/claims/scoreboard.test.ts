import { expect } from 'chai'
import { scoreboard, verdictCounts, verdictSummary } from '../../src/claims/scoreboard.js'
import type { ClaimEntry, ClaimRecord } from '../../src/claims/types.js'
import { defaultConfig } from '../../src/config/defaults.js'
import { resolveSources } from '../../src/config/resolve-sources.js'
import { CLAIM_RULES } from '../../src/paper/claim-rules.js'
import { PAPER_VALUES, paperQuotes } from '../../src/paper/registry.js'
import type { Tier } from '../../src/tier.js'
import { runCli } from '../helpers/cli.js'

const rec = (id: string, value: number | null, tier: Tier, experiment = 'e'): ClaimRecord => ({ id, experiment, value, tier, source: [`${experiment}.file`] })

describe('claims/scoreboard', () => {
  it('has one entry per registry claim, in registry order, computed or not', () => {
    const entries = scoreboard([])
    expect(entries.map((e) => e.id)).to.deep.equal(Object.keys(PAPER_VALUES))
    expect(entries.every((e) => e.verdict === 'quoted' && e.value === null)).to.equal(true)
    // Every claim has a judging rule whose tolerance is argued.
    for (const q of paperQuotes()) expect(CLAIM_RULES[q.id].why.length, q.id).to.be.above(5)
  })

  it('judges each claim from the strongest record that carries its id, and reads a direction from the same experiment', () => {
    const entries = scoreboard([
      rec('construction.lemmas', 1825, 'real', 'classes'),
      rec('fig6.lowerShare', 77.3, 'simulated', 'causal-story'),
      rec('fig6.higherShare', 12.1, 'simulated', 'causal-story'),
      rec('fig6.lowerShare', 60.1, 'released', 'intra-class'),
      rec('fig6.higherShare', 90, 'simulated', 'other'),
      rec('imageLink.meanA', 0.5, 'simulated', 'image-link'),
      rec('imageLink.meanD', 0.7, 'simulated', 'image-link'),
      rec('construction.classes', 915, 'fixture'),
      rec('construction.samples.subset', 20, 'real', 'construction'),
      rec('not.a.registry.id', 1, 'real'),
    ])
    const get = (id: string) => entries.find((e) => e.id === id)!
    expect([get('construction.lemmas').verdict, get('construction.lemmas').source]).to.deep.equal(['reproduced', ['experiment classes', 'classes.file']])
    // released beats simulated: 60.1 against 57.6 within the binomial half-width (3.28)
    expect([get('fig6.lowerShare').verdict, get('fig6.lowerShare').tier, get('fig6.lowerShare').value]).to.deep.equal(['reproduced', 'released', 60.1])
    // the strongest fig6.higherShare is the causal story's 12.1 (first of equal tiers), judged against the same
    // experiment's fig6.lowerShare (77.3), not the released one
    expect(get('fig6.higherShare').verdict).to.equal('direction')
    expect(get('imageLink.meanA').verdict).to.equal('direction')
    expect([get('construction.classes').verdict, get('construction.classes').configure]).to.deep.equal(['plumbing', 'set sources.laionParquet to all 32 LAION-400M parts with real CLIP weights (models.clip), or sources.laionetReleased'])
    // a count on a sample is shown beside the claim, never judged against it
    const samples = get('construction.samples')
    expect([samples.verdict, samples.value, samples.source[0]]).to.deep.equal(['quoted', null, 'experiment construction (on a subset)'])
    expect(samples.reason).to.contain('construction.samples.subset = 20')
    expect(entries.some((e) => e.id === 'not.a.registry.id')).to.equal(false)
  })

  it('says what to configure for every quoted or plumbing claim, from the run\'s own source resolution', () => {
    const entries = scoreboard([], resolveSources(defaultConfig()))
    for (const e of entries) expect(e.configure, e.id).to.be.a('string').and.have.length.above(10)
    expect(entries.find((e) => e.id === 'fig6.lowerShare')!.configure).to.contain('sources.embeddings.laionet')
    expect(entries.find((e) => e.id === 'fig1.dropMin')!.configure).to.contain('sources.laionetReleased')
  })

  it('counts verdicts, every verdict present', () => {
    const entries = scoreboard([rec('construction.lemmas', 1825, 'real'), rec('construction.sharedLemmas', 18, 'real')])
    expect(verdictCounts(entries)).to.deep.equal({ reproduced: 1, differs: 1, direction: 0, opposite: 0, plumbing: 0, quoted: entries.length - 2 })
    expect(verdictSummary(entries)).to.equal(`${entries.length} claims: 1 reproduced, 1 differs, 0 direction, 0 opposite, 0 plumbing, ${entries.length - 2} quoted`)
  })

  describe('laionet claims --json on the default configuration', function () {
    this.timeout(600_000)
    let entries: ClaimEntry[]
    let summary: Record<string, number>
    before(async () => {
      const out = await runCli(['claims', '--json'])
      expect(out.code, out.stderr).to.equal(0)
      const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l))
      summary = lines.pop().summary
      entries = lines
    })

    it('lists every registry claim with its verdict', () => {
      expect(entries.map((e) => e.id)).to.deep.equal(Object.keys(PAPER_VALUES))
      expect(Object.values(summary).reduce((a, b) => a + b, 0)).to.equal(entries.length)
    })

    it('reproduces the lemma-map counts, Appendix B from the released labels and the 977 evaluated classes', () => {
      const verdict = (id: string) => entries.find((e) => e.id === id)!
      for (const id of ['construction.lemmas', 'construction.lemmaClasses', 'construction.sharedLemmas', 'construction.punctuatedLemmas', 'construction.classesLostToPunctuation', 'construction.classList', 'construction.matchedClasses', 'appB.samples', 'fig1.evaluatedClasses', 'fig1.models']) {
        expect([verdict(id).verdict, verdict(id).value], id).to.deep.equal(['reproduced', verdict(id).paper])
      }
    })

    it('never calls a fixture, simulated or quoted number reproduced', () => {
      for (const e of entries.filter((x) => x.verdict === 'reproduced' || x.verdict === 'differs')) expect(e.tier, e.id).to.be.oneOf(['real', 'released'])
      for (const e of entries.filter((x) => x.tier === 'fixture')) expect(e.verdict, e.id).to.equal('plumbing')
      for (const e of entries.filter((x) => x.tier === 'simulated')) expect(e.verdict, e.id).to.be.oneOf(['direction', 'opposite'])
    })

    it('every claim but the method settings is emitted by some experiment (computed, on a subset, or quoted with a reason)', () => {
      const silent = entries.filter((e) => !e.setting && e.source.length === 0).map((e) => e.id)
      expect(silent).to.deep.equal([])
    })
  })
})
