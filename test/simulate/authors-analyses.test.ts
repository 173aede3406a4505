import { expect } from 'chai'
import { compareIntraClass, selectByImageNetTexts, selectTopK, simulateStudy, simulatedAppF, simulatedCandidates, simulatedCaptionItems, simulatedFirstN, simulatedPooling, simulatedFig7Panels, simulatedFig9Sweep, simulatedLabelNoiseCheck, simulatedPrefilterStrata, type SimulationStudy } from '../../src/index.js'
import { meanIntra } from '../../src/simulate/measure.js'
import { predictCentroid } from '../../src/simulate/classifier.js'
import { comparisonShares } from '../../src/simulate/authors-analyses.js'
import { SMALL } from './small-world.js'

describe('simulate: the analyses of the paper the world lacked (Fig. 7 panels, Fig. 9 sweep, App. F, reviewers)', function () {
  this.timeout(60_000)
  let study: SimulationStudy
  before(() => {
    // The sweep includes the world's own frequency (0.7): that version IS the image-aware set.
    study = simulateStudy({ ...SMALL, classes: 60, candidates: 18_000, selectionFrequencySweep: [0.5, 0.7, 0.93] }, { seed: 5 })
  })

  it('Fig. 7: LAIONet vs each version and ImageNet vs each version; ImageNet vs itself is never different', () => {
    const rows = simulatedFig7Panels(study)
    expect(rows.map((r) => r.name)).to.deep.equal(['>= 0.5', '>= 0.7', '>= 0.93'])
    const self = rows[1]
    expect(self.imagenet.compared).to.be.above(0)
    for (const t of [self.imagenet.paper, self.imagenet.corrected, self.imagenet.plain]) expect([t.lower, t.higher]).to.deep.equal([0, 0])
    // At the world's own frequency, LAIONet vs the version is the headline Fig. 6 comparison.
    expect(self.laionet).to.deep.equal(comparisonShares(study.comparison))
    // A stricter version (>= 0.93) is more self-similar than ImageNet in more classes than a looser one (>= 0.5).
    expect(rows[2].imagenet.plain.lowerShare).to.be.above(rows[0].imagenet.plain.lowerShare)
  })

  it('Fig. 9 sweep: coverage and kept images never grow with the threshold; 0.7 matches selectByImageNetTexts', () => {
    const rows = simulatedFig9Sweep(study, { thresholds: [0.5, 0.6, 0.7, 0.75] })
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].classCoverage).to.be.at.most(rows[i - 1].classCoverage)
      expect(rows[i].kept).to.be.at.most(rows[i - 1].kept)
    }
    const direct = selectByImageNetTexts(study.world, study.imageAware, { threshold: 0.7 })
    expect(rows[2].classCoverage).to.equal(direct.classCoverage)
    expect(rows[2].kept).to.equal(direct.selection.rows.length)
    expect(rows[2].shares).to.deep.equal(comparisonShares(direct.comparison))
    expect(() => simulatedFig9Sweep(study, { thresholds: [2] })).to.throw('simulate: a Fig. 9 threshold must be in [-1, 1], got 2')
  })

  it('Appendix F: per-class recall and frequency add up to the text-only set; the drop is held-out minus text-only recall', () => {
    const { recallFrequency, dropGap } = simulatedAppF(study)
    const sel = study.textOnly.selection
    expect(recallFrequency.reduce((s, r) => s + r.frequency, 0)).to.equal(sel.rows.length)
    const pred = predictCentroid(study.world, study.classifier.model, sel)
    let right = 0
    for (let r = 0; r < sel.rows.length; r++) if (pred[r] === sel.labels[r]) right++
    expect(recallFrequency.reduce((s, r) => s + r.recall * r.frequency, 0)).to.be.closeTo(right, 1e-9)
    const one = dropGap[0]
    expect(one.gap).to.be.closeTo(study.imageAware.intra.get(one.wnid)!.mean - study.textOnly.intra.get(one.wnid)!.mean, 1e-15)
    expect(dropGap.length).to.be.at.most(recallFrequency.length)
  })

  it("Appendix F.2 the authors' way: text-only recall against the gap text-only minus image-aware, classes with a pair on both sides", () => {
    const { recallFrequency, recallGap } = simulatedAppF(study)
    const recall = new Map(recallFrequency.map((r) => [r.wnid, r.recall]))
    const both = recallFrequency.filter((r) => (study.imageAware.intra.get(r.wnid)?.n ?? 0) >= 2 && (study.textOnly.intra.get(r.wnid)?.n ?? 0) >= 2)
    expect(recallGap.map((r) => r.wnid)).to.deep.equal(both.map((r) => r.wnid))
    expect(recallGap.length).to.be.above(20)
    for (const r of recallGap) {
      expect(r.recall).to.equal(recall.get(r.wnid))
      expect(r.gap).to.equal(study.textOnly.intra.get(r.wnid)!.mean - study.imageAware.intra.get(r.wnid)!.mean)
    }
    // The paper's reading: text-only classes are more diverse (negative gap) in most classes.
    expect(recallGap.filter((r) => r.gap < 0).length).to.be.above(recallGap.length / 2)
  })

  it('label noise vs diversity: with no noise nothing is explained; with web label noise the check measures it', () => {
    const clean = simulateStudy({ ...SMALL, classes: 40, candidates: 12_000, labelNoise: 0, homonymRate: 0 }, { seed: 2 })
    const c = simulatedLabelNoiseCheck(clean)
    expect(c.textOnlyNoise).to.equal(0)
    expect(c.intraMean.textOnlyClean).to.equal(c.intraMean.textOnly)
    expect(c.intraMean.imageAwareWithTextOnlyNoise).to.equal(c.intraMean.imageAware)
    expect(c.gapExplainedByNoise).to.equal(0)
    expect(c.clean).to.deep.equal(comparisonShares(compareIntraClass(clean.textOnly.intra, clean.imageAware.intra)))
    const noisy = simulatedLabelNoiseCheck(simulateStudy({ ...SMALL, classes: 40, candidates: 12_000, labelNoise: 0.3 }, { seed: 2 }))
    expect(noisy.textOnlyNoise).to.be.above(0.1)
    expect(noisy.intraMean.textOnlyClean).to.be.above(noisy.intraMean.textOnly) // removing the mislabelled rows tightens classes
  })

  it('LAION pre-filter strata: equal-count, ascending score ranges covering the text-only set; one stratum is the whole set', () => {
    const s = simulatedPrefilterStrata(study)
    expect(s.map((x) => x.stratum)).to.deep.equal([1, 2, 3, 4])
    expect(s.reduce((a, x) => a + x.rows, 0)).to.equal(study.textOnly.selection.rows.length)
    for (let i = 1; i < s.length; i++) expect(s[i].range[0]).to.be.at.least(s[i - 1].range[1])
    const whole = simulatedPrefilterStrata(study, { strata: 1 })[0]
    expect(whole.intraMean).to.be.closeTo(study.textOnly.intraMean, 1e-12)
    expect(whole.shares).to.deep.equal(comparisonShares(study.comparison))
    expect(() => simulatedPrefilterStrata(study, { strata: 0 })).to.throw('simulate: strata must be a positive integer, got 0')
  })

  it("Appendix B in the world: the authors' top-50 is a subset of LAIONet; ours (all candidates) reaches more classes", () => {
    const candidates = simulatedCandidates(study.world)
    const authors = selectTopK(candidates, 50, { threshold: study.world.config.textThreshold })
    const ours = selectTopK(candidates, 50, { method: 'candidates' })
    const laionet = new Set(study.textOnly.selection.rows)
    expect(authors.every((c) => laionet.has(c.row))).to.equal(true)
    expect(new Set(authors.map((c) => c.wnid)).size).to.equal(new Set(study.textOnly.selection.labels).size)
    expect(new Set(ours.map((c) => c.wnid)).size).to.be.at.least(new Set(authors.map((c) => c.wnid)).size)
    expect(ours.length).to.be.at.least(authors.length)
  })

  it('first 100: file order equals the study\'s own measurement; a seeded random 100 is reproducible', () => {
    const r = simulatedFirstN(study)
    expect(r.file.intraMean).to.be.closeTo(meanIntra(study.textOnly.intra), 1e-12)
    expect(r.file.shares).to.deep.equal(comparisonShares(study.comparison))
    expect(simulatedFirstN(study).random).to.deep.equal(r.random)
    expect(Math.abs(r.random.intraMean - r.file.intraMean)).to.be.below(0.02) // the world's order carries no signal
  })

  it('Fig. 6 pooling in the world: shared classes are at most all classes; means are pooled pair similarities', () => {
    const p = simulatedPooling(study)
    expect(p.shared.classes).to.be.at.most(p.all.classes)
    expect(p.shared.textOnlyMean).to.be.below(p.shared.imageAwareMean)
  })

  it('caption items: text-only captions of a few classes with their text similarity, at most perClass each', () => {
    const items = simulatedCaptionItems(study, { perClass: 5 })
    const classes = [...new Set(items.map((i) => i.wnid))]
    expect(classes).to.have.length(4)
    for (const w of classes) expect(items.filter((i) => i.wnid === w).length).to.be.at.most(5)
    for (const i of items) expect(i.similarity).to.be.above(study.world.config.textThreshold)
  })
})
