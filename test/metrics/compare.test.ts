import { expect } from 'chai'
import { compareIntraClass, createRandom, intraClassStats, type IntraClassStats, type Random } from '../../src/index.js'
import { compareWithVersions, paperHalfWidth } from '../../src/metrics/compare.js'
import { gatherRows } from '../../src/metrics/group-rows.js'
import { unitRows } from './unit-rows.js'

const stats = (n: number, mean: number, sd: number, se: number): IntraClassStats => ({ n, pairs: (n * (n - 1)) / 2, mean, var: sd * sd, se })

/**
 * A population where images differ in how typical they are: x = normalise(c + s_i z), with the noise
 * scale s_i itself random. Typical images are similar to everything, atypical ones to nothing, so pairs
 * sharing an image are strongly correlated: the situation the paper's interval ignores.
 */
function population(rng: Random, N: number, d: number): Float64Array {
  return unitRows(rng, N, d, () => 0.3 + 2.2 * rng.next())
}

describe('metrics/compare', () => {
  it("applies the paper's test exactly as PAPER.md gives it (hand-computed)", () => {
    // a: 50 images, std 0.1 -> hw_a = 1.96 * 0.1 / sqrt(1224) = 0.0056023; b: 10 images, std 0.2 -> hw_b = 1.96 * 0.2 / sqrt(44) = 0.0590962
    const a = stats(50, 0.60, 0.1, 0.05)
    const b = stats(10, 0.70, 0.2, 0.05)
    expect(paperHalfWidth(a)).to.be.closeTo(0.0056023, 1e-7)
    expect(paperHalfWidth(b)).to.be.closeTo(0.0590962, 1e-7)
    const r = compareIntraClass({ n1: a }, { n1: b })
    const c = r.classes[0]
    expect(c.delta).to.be.closeTo(-0.1, 1e-15)
    expect(c.paper.halfWidth).to.be.closeTo(Math.sqrt(0.0056023 ** 2 + 0.0590962 ** 2), 1e-7) // 0.0593612
    expect(c.paper.verdict).to.equal('lower') // -0.1 + 0.0594 < 0
    // corrected: 1.96 * sqrt(0.05^2 + 0.05^2) = 0.1385929 > 0.1 -> not significant
    expect(c.corrected.halfWidth).to.be.closeTo(0.1385929, 1e-7)
    expect(c.corrected.verdict).to.equal('none')
    expect(r.disagreements).to.deep.equal(['n1'])
    // The plain comparison calls any lower mean lower, significant or not.
    const tiny = compareIntraClass({ n1: stats(50, 0.699, 0.1, 0.05), n2: stats(50, 0.6, 0.1, 0.05) }, { n1: stats(50, 0.7, 0.1, 0.05), n2: stats(50, 0.7, 0.1, 0.05) })
    expect(tiny.plain).to.deep.equal({ lower: 2, higher: 0, lowerShare: 1, higherShare: 0 })
    expect(tiny.paper.lower).to.equal(1)
  })

  it('counts lower/higher shares, skips classes missing on one side or under minPairs', () => {
    const a = new Map([
      ['n1', stats(50, 0.5, 0.1, 0.01)], // much lower
      ['n2', stats(50, 0.9, 0.1, 0.01)], // much higher
      ['n3', stats(50, 0.7, 0.1, 0.01)], // equal
      ['n4', stats(4, 0.1, 0.1, 0.01)], // 6 pairs < 7
      ['n5', stats(50, 0.1, 0.1, 0.01)], // only in a
    ])
    const b = { n1: stats(50, 0.7, 0.1, 0.01), n2: stats(50, 0.7, 0.1, 0.01), n3: stats(50, 0.7, 0.1, 0.01), n4: stats(50, 0.7, 0.1, 0.01), n6: stats(50, 0.7, 0.1, 0.01) }
    const r = compareIntraClass(a, b)
    expect(r.compared).to.equal(3)
    expect(r.classes.map((c) => c.key)).to.deep.equal(['n1', 'n2', 'n3'])
    expect(r.skipped).to.deep.equal(['n4', 'n5', 'n6'])
    expect(r.paper).to.deep.equal({ lower: 1, higher: 1, lowerShare: 1 / 3, higherShare: 1 / 3 })
    expect(r.corrected).to.deep.equal({ lower: 1, higher: 1, lowerShare: 1 / 3, higherShare: 1 / 3 })
    expect(r.disagreements).to.deep.equal([])
    // plain comparison of means (no test): n1 lower, n2 higher, n3 equal (0.7 - 0.7 = 0: neither)
    expect(r.plain).to.deep.equal({ lower: 1, higher: 1, lowerShare: 1 / 3, higherShare: 1 / 3 })
    expect(compareIntraClass(a, b, { minPairs: 6 }).compared).to.equal(4)
    expect(compareIntraClass({}, {})).to.deep.include({ compared: 0, paper: { lower: 0, higher: 0, lowerShare: 0, higherShare: 0 } })
    expect(() => compareIntraClass(a, b, { minPairs: 1 })).to.throw('compare: minPairs must be at least 3 (the paper\'s interval divides by pairs - 1 and the jackknife needs 3 images), got 1')
  })

  it('Fig. 7 on real data: LAIONet and ImageNet against each version, sorted by selection frequency', () => {
    const laion = { n1: stats(100, 0.55, 0.1, 0.005) }
    const imagenet = { n1: stats(50, 0.75, 0.1, 0.005) }
    const top = { n1: stats(10, 0.80, 0.1, 0.005) }
    const matched = { n1: stats(10, 0.56, 0.1, 0.005) }
    const r = compareWithVersions(laion, imagenet, [{ name: 'TopImages', selectionFrequency: 0.93, stats: top }, { name: 'MatchedFrequency', selectionFrequency: 0.73, stats: matched }])
    expect(r.map((v) => v.name)).to.deep.equal(['MatchedFrequency', 'TopImages'])
    // LAIONet vs MatchedFrequency: delta -0.01; hw = 1.96 * 0.1 * hypot(1 / sqrt(4949), 1 / sqrt(44)) = 0.0297 -> none
    expect(r[0].laionet.classes[0].paper.verdict).to.equal('none')
    expect(r[0].laionet.plain.lower).to.equal(1)
    // ImageNet vs MatchedFrequency: delta +0.19 -> higher; LAIONet vs TopImages: -0.25 -> lower
    expect(r[0].imagenet.paper.higher).to.equal(1)
    expect(r[1].laionet.paper.lower).to.equal(1)
    expect(r[1].imagenet.paper.lower).to.equal(1) // -0.05 against hw hypot(0.0056, 0.0296) = 0.0301
  })

  it('by simulation: the jackknife 95% interval covers the true mean about 95% of the time; the paper\'s does not', () => {
    const rng = createRandom(2024)
    const N = 20_000
    const d = 8
    const P = population(rng, N, d)
    const truth = intraClassStats(P, N, d).mean // the population pair mean = E[sample pair mean] without replacement
    const all = Array.from({ length: N }, (_, i) => i)
    const reps = 400
    const n = 50
    let jack = 0
    let paper = 0
    for (let r = 0; r < reps; r++) {
      const s = intraClassStats(gatherRows(P, rng.sample(all, n), d), n, d)
      if (Math.abs(s.mean - truth) <= 1.96 * s.se) jack++
      if (Math.abs(s.mean - truth) <= paperHalfWidth(s)) paper++
    }
    // 400 replicates: the coverage's standard error is about 1.1 points.
    expect(jack / reps).to.be.within(0.92, 0.985)
    expect(paper / reps).to.be.below(0.6)
  })

  it('by simulation: two samples of the same population are rarely called different by the corrected test', () => {
    const rng = createRandom(7)
    const N = 20_000
    const d = 8
    const P = population(rng, N, d)
    const all = Array.from({ length: N }, (_, i) => i)
    const a = new Map<string, IntraClassStats>()
    const b = new Map<string, IntraClassStats>()
    for (let c = 0; c < 200; c++) {
      const key = `c${String(c).padStart(3, '0')}`
      a.set(key, intraClassStats(gatherRows(P, rng.sample(all, 100), d), 100, d))
      b.set(key, intraClassStats(gatherRows(P, rng.sample(all, 50), d), 50, d))
    }
    const r = compareIntraClass(a, b)
    expect(r.compared).to.equal(200)
    const corrected = r.corrected.lowerShare + r.corrected.higherShare
    const paper = r.paper.lowerShare + r.paper.higherShare
    expect(corrected).to.be.below(0.1) // nominal 5%
    expect(paper).to.be.above(0.3)
    expect(r.disagreements.length).to.equal(r.classes.filter((c) => c.paper.verdict !== c.corrected.verdict).length)
  })
})
