import { expect } from 'chai'
import { appDCrossModal, compareIntraClass, createWorld, crossModalDifficulty, selectImageAware, selectTextOnly, simulatedCrossModalInput } from '../../src/index.js'
import { crossModalSide } from '../../src/simulate/cross-modal.js'
import { SMALL, TINY } from './small-world.js'

function run(config: object, seed: number) {
  const world = createWorld({ ...SMALL, ...config }, { seed })
  return crossModalDifficulty(world, selectTextOnly(world), selectImageAware(world))
}

describe('simulate: cross-modal difficulty (Appendix D)', function () {
  this.timeout(60_000)

  it('per class: the mean image-to-synset cosine and a jackknife standard error, computed by hand', () => {
    const world = createWorld(TINY, { seed: 3 })
    const sel = selectTextOnly(world, { threshold: 0.5 })
    const side = crossModalSide(world, sel)
    const rows = Array.from(sel.rows).filter((_, r) => sel.labels[r] === sel.labels[0])
    const v = rows.map((i) => {
      let s = 0
      for (let k = 0; k < world.dim; k++) s += world.images[i * world.dim + k] * world.synsetTexts[sel.labels[0] * world.dim + k]
      return s
    })
    const n = v.length
    const mean = v.reduce((a, b) => a + b, 0) / n
    // Jackknife over images: leave each value out, spread of the n leave-one-out means.
    const loo = v.map((_, j) => (mean * n - v[j]) / (n - 1))
    const looMean = loo.reduce((a, b) => a + b, 0) / n
    const jack = Math.sqrt((n - 1) / n * loo.reduce((a, b) => a + (b - looMean) ** 2, 0))
    const stats = side.byClass.get(`c${String(sel.labels[0]).padStart(4, '0')}`)!
    expect(n).to.be.at.least(3)
    expect(stats.n).to.equal(n)
    expect(stats.mean).to.be.closeTo(mean, 1e-6)
    expect(stats.se).to.be.closeTo(jack, 1e-6)
    expect(side.values.length).to.equal(sel.rows.length)
  })

  it('is deterministic, both tests agree on per-image values, and it feeds the Appendix D builder', () => {
    const a = run({}, 1)
    const b = run({}, 1)
    expect(a.comparison.paper).to.deep.equal(b.comparison.paper)
    expect(a.comparison.disagreements).to.deep.equal([])
    expect(compareIntraClass(a.textOnly.byClass, a.imageAware.byClass).compared).to.equal(a.comparison.compared)
    const fig = appDCrossModal(simulatedCrossModalInput(a))
    expect(fig.data.length).to.be.above(2)
  })

  it('without an image link in the web pool, text-only images match their class text worse, unlike the paper (seeds 1-3)', () => {
    for (const seed of [1, 2, 3]) {
      const r = run({}, seed)
      expect(r.comparison.paper.lowerShare, `seed ${seed}`).to.be.above(r.comparison.paper.higherShare)
    }
  })

  it("LAION's CLIP pre-filter (an image link) gives the paper's direction: higher on the text-only set", () => {
    for (const seed of [1, 2, 3]) {
      const r = run({ clipPrefilterDrop: 0.5 }, seed)
      expect(r.comparison.paper.higherShare, `seed ${seed}`).to.be.above(0.4)
      expect(r.comparison.paper.higherShare, `seed ${seed}`).to.be.above(r.comparison.paper.lowerShare)
    }
  })
})
