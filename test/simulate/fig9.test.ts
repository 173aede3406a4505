import { expect } from 'chai'
import { createRandom, createWorld, fig9ImageNetTextSelection, selectByImageNetTexts, selectImageAware, simulatedTextSelectionInput } from '../../src/index.js'
import { measureSelection } from '../../src/simulate/study.js'
import { nearestByInnerProduct } from '../../src/simulate/text-nearest.js'
import type { World } from '../../src/index.js'
import { SMALL, TINY } from './small-world.js'

function bruteForce(Q: Float32Array, P: Float32Array, d: number): { index: number[], similarity: number[] } {
  const m = Q.length / d
  const n = P.length / d
  const index: number[] = []
  const similarity: number[] = []
  for (let q = 0; q < m; q++) {
    let best = -Infinity
    let arg = -1
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < d; k++) s += Q[q * d + k] * P[j * d + k]
      if (s > best) {
        best = s
        arg = j
      }
    }
    index.push(arg)
    similarity.push(best)
  }
  return { index, similarity }
}

function imageAwareOf(world: World) {
  return measureSelection(world, selectImageAware(world))
}

describe('simulate: nearest caption by inner product', () => {
  it('equals brute force on random instances, including sizes that are not multiples of the blocks', () => {
    const rng = createRandom(11)
    for (const [m, n, d] of [[9, 13, 5], [8, 40, 7], [1, 1, 3], [3, 2, 4]]) {
      const Q = Float32Array.from({ length: m * d }, () => rng.normal())
      const P = Float32Array.from({ length: n * d }, () => rng.normal())
      const got = nearestByInnerProduct(Q, P, d)
      const want = bruteForce(Q, P, d)
      expect(Array.from(got.index), `${m}x${n}x${d}`).to.deep.equal(want.index)
      for (let q = 0; q < m; q++) expect(got.similarity[q]).to.be.closeTo(want.similarity[q], 1e-6)
    }
  })

  it('breaks ties towards the lowest pool row', () => {
    const P = new Float32Array([0, 1, 1, 0, 1, 0, 0.5, 0.5, 1, 0])
    const got = nearestByInnerProduct(new Float32Array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]), P, 2)
    expect(Array.from(got.index)).to.deep.equal([1, 1, 1, 1, 1])
  })

  it('returns -1 for an empty pool and rejects ragged rows with the sizes', () => {
    expect(Array.from(nearestByInnerProduct(new Float32Array([1, 0]), new Float32Array(0), 2).index)).to.deep.equal([-1])
    expect(() => nearestByInnerProduct(new Float32Array(3), new Float32Array(4), 2)).to.throw(/3 query values are not whole rows of width 2/)
  })
})

describe('simulate: LAION selected by ImageNet texts (Fig. 9)', function () {
  this.timeout(60_000)

  it('keeps exactly the web captions nearest to an image-aware caption above the threshold, labelled by the query', () => {
    const world = createWorld(TINY, { seed: 4 })
    const ia = imageAwareOf(world)
    const r = selectByImageNetTexts(world, ia, { threshold: 0.75, captionsPerClass: 5 })
    const web = Array.from({ length: world.size }, (_, i) => i).filter((i) => i % 2 === 0)
    const expected = new Set<string>()
    for (let q = 0; q < r.captions.rows.length; q++) {
      let best = -Infinity
      let arg = -1
      for (const j of web) {
        let s = 0
        for (let k = 0; k < world.dim; k++) s += world.texts[r.captions.rows[q] * world.dim + k] * world.texts[j * world.dim + k]
        if (s > best) {
          best = s
          arg = j
        }
      }
      expect(r.nearestRow[q]).to.equal(arg)
      if (best > 0.75) expected.add(`${arg}:${r.captions.labels[q]}`)
    }
    const got = Array.from(r.selection.rows, (row, k) => `${row}:${r.selection.labels[k]}`)
    expect(new Set(got)).to.deep.equal(expected)
    expect(got.length).to.equal(expected.size)
    expect(Array.from(r.selection.rows)).to.deep.equal(Array.from(r.selection.rows).sort((a, b) => a - b))
    // At most five queries per class, all image-aware.
    const perClass = new Map<number, number>()
    for (const c of r.captions.labels) perClass.set(c, (perClass.get(c) ?? 0) + 1)
    expect(Math.max(...perClass.values())).to.be.at.most(5)
    expect(r.captions.rows.every((i) => ia.selection.rows.includes(i))).to.equal(true)
  })

  it('is deterministic and feeds the Fig. 9 builder', () => {
    const world = createWorld(TINY, { seed: 2 })
    const a = selectByImageNetTexts(world, imageAwareOf(world))
    const b = selectByImageNetTexts(createWorld(TINY, { seed: 2 }), imageAwareOf(world))
    expect(Array.from(a.selection.rows)).to.deep.equal(Array.from(b.selection.rows))
    expect(Array.from(a.nearestSimilarity)).to.deep.equal(Array.from(b.nearestSimilarity))
    const fig = fig9ImageNetTextSelection(simulatedTextSelectionInput(a))
    expect(fig.data.length).to.be.above(1)
    expect(() => selectByImageNetTexts(world, imageAwareOf(world), { captionsPerClass: 0 })).to.throw(/captionsPerClass must be a positive integer/)
  })

  it('text alone cannot redo the image-aware selection: the selected web images are more diverse (seeds 1-3)', () => {
    for (const seed of [1, 2, 3]) {
      const world = createWorld(SMALL, { seed })
      const ia = imageAwareOf(world)
      const r = selectByImageNetTexts(world, ia)
      expect(r.classCoverage, `seed ${seed}`).to.be.above(0.95)
      expect(r.intraMean, `seed ${seed}`).to.be.below(ia.intraMean)
      expect(r.comparison.paper.lowerShare, `seed ${seed}`).to.be.above(r.comparison.paper.higherShare)
    }
  })

  it('captions that describe the whole image break it (captionDescribesImage = 1)', () => {
    for (const seed of [1, 2, 3]) {
      const world = createWorld({ ...SMALL, captionDescribesImage: 1 }, { seed })
      const ia = imageAwareOf(world)
      const r = selectByImageNetTexts(world, ia)
      expect(r.intraMean, `seed ${seed}`).to.be.at.least(ia.intraMean)
      expect(r.comparison.paper.lowerShare, `seed ${seed}`).to.be.below(0.25)
    }
  })
})
