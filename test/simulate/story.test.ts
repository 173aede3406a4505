import { expect } from 'chai'
import { createWorld, runSimulation, selectTextOnly, sweepDial } from '../../src/index.js'
import { intraByClass, meanIntra } from '../../src/simulate/measure.js'
import type { Selection } from '../../src/index.js'
import { SMALL } from './small-world.js'

// The paper's claims as properties of the mechanism, checked on several seeds: nothing here is hard-coded in
// the world, which only knows images, captions, annotators and thresholds.
const SEEDS = [1, 2, 3]

describe('simulate: the causal story, over seeds', function () {
  this.timeout(120_000)
  const reports = SEEDS.map((seed) => runSimulation(SMALL, { seed }))

  it('text-only selection gives lower intra-class similarity than image-aware selection in most classes (Fig. 6)', () => {
    for (const r of reports) {
      expect(r.textOnly.intraMean!, `seed ${r.seed}`).to.be.below(r.imageAware.intraMean!)
      expect(r.shareTextLower!, `seed ${r.seed}`).to.be.above(0.5)
      expect(r.shareTextLower!, `seed ${r.seed}`).to.be.above(r.shareTextHigher!)
      // Treating pairs as independent makes the paper's test the bolder one.
      expect(r.shareTextLower! + r.shareTextHigher!).to.be.at.least(r.corrected.shareTextLower! + r.corrected.shareTextHigher!)
    }
  })

  it('a classifier fitted on the image-aware set is less accurate on the text-only set (Fig. 1)', () => {
    for (const r of reports) expect(r.accuracy.textOnly!, `seed ${r.seed}`).to.be.below(r.accuracy.imageAware!)
  })

  it('raising the selection-frequency threshold raises intra-class similarity and shrinks the set (Fig. 7)', () => {
    for (const r of reports) {
      const sweep = r.selectionFrequency
      for (let j = 1; j < sweep.length; j++) {
        expect(sweep[j].intraMean!, `seed ${r.seed}`).to.be.above(sweep[j - 1].intraMean!)
        expect(sweep[j].size).to.be.below(sweep[j - 1].size)
      }
    }
  })

  it('trading text threshold for image threshold at a fixed size raises similarity from A to D (Section 4.2)', () => {
    for (const r of reports) {
      const f = r.frontier
      expect(new Set(f.map((p) => p.size)).size).to.equal(1)
      for (let j = 1; j < f.length; j++) {
        expect(f[j].intraMean!, `seed ${r.seed}`).to.be.above(f[j - 1].intraMean!)
        expect(f[j].imageThreshold!).to.be.above(f[j - 1].imageThreshold!)
      }
    }
  })

  it('image-aware captions keep a left tail of low caption-to-synset similarity (Fig. 8)', () => {
    for (const r of reports) {
      expect(r.captionSimilarity.imageAwareMedian!).to.be.below(r.captionSimilarity.textOnlyMedian!)
      expect(r.captionSimilarity.imageAwareBelowTextThreshold!).to.be.above(0.1)
    }
  })

  it('label noise lowers intra-class similarity with no selection at all', () => {
    for (const r of reports) {
      const noise = r.labelNoise
      expect(noise[0].share).to.equal(0)
      expect(noise[0].intraMean).to.equal(r.imageAware.intraMean)
      for (let j = 1; j < noise.length; j++) expect(noise[j].intraMean!, `seed ${r.seed}`).to.be.below(noise[j - 1].intraMean!)
    }
  })

  it('with no X -> T edge, text-only selection draws from p(X | Y): the bottleneck', () => {
    for (const seed of SEEDS) {
      const world = createWorld({ ...SMALL, captionDescribesImage: 0, homonymRate: 0 }, { seed })
      const text = meanIntra(intraByClass(world, selectTextOnly(world)))
      // Every web caption that names its class, whatever its similarity: p(X | Y) itself.
      const rows = Array.from({ length: world.size }, (_, i) => i).filter((i) => i % 2 === 0 && world.matchedClass[i] >= 0)
      const all: Selection = { name: 'all named', rows: Int32Array.from(rows), labels: Int32Array.from(rows, (i) => world.matchedClass[i]) }
      expect(text).to.be.closeTo(meanIntra(intraByClass(world, all)), 0.005)
    }
  })

  it('captions that describe the whole image remove the gap', () => {
    for (const seed of SEEDS) {
      const [none, some, whole] = sweepDial('captionDescribesImage', [0, 0.5, 1], SMALL, { seed })
      expect(none.gap).to.be.below(0)
      expect(some.gap).to.be.above(none.gap)
      expect(whole.gap).to.be.above(some.gap)
      expect(whole.gap).to.be.at.least(0)
      expect(whole.lowerShare).to.be.below(0.1)
      expect(none.lowerShare).to.be.above(0.9)
    }
  })

  it('label noise in the pool widens the gap: annotators reject wrong images, the text filter cannot', () => {
    for (const seed of SEEDS) {
      const [clean, noisy] = sweepDial('labelNoise', [0, 0.3], SMALL, { seed })
      const textDrop = clean.textOnly - noisy.textOnly
      const imageDrop = clean.imageAware - noisy.imageAware
      expect(textDrop, `seed ${seed}`).to.be.above(0.02)
      expect(imageDrop, `seed ${seed}`).to.be.below(textDrop / 2)
      expect(noisy.gap).to.be.below(clean.gap)
    }
  })
})
