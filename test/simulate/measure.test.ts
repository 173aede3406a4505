import { expect } from 'chai'
import { createWorld, selectTextOnly } from '../../src/index.js'
import { classKey, classOfKey, intraByClass, meanIntra, selectionImages } from '../../src/simulate/measure.js'
import { TINY } from './small-world.js'

describe('simulate/measure', () => {
  const world = createWorld(TINY, { seed: 31 })
  const sel = selectTextOnly(world, { threshold: 0.5 })

  it('keys classes so that sorting keeps the class order', () => {
    expect(classKey(7)).to.equal('c0007')
    expect(classOfKey('c0123')).to.equal(123)
    const keys = [10, 2, 100, 1].map(classKey).sort()
    expect(keys.map(classOfKey)).to.deep.equal([1, 2, 10, 100])
  })

  it('hands src/metrics one row and one key per selected image, in pool order', () => {
    const { X, labels, dim } = selectionImages(world, sel)
    expect(dim).to.equal(world.dim)
    expect(labels.length).to.equal(sel.rows.length)
    expect(X.length).to.equal(sel.rows.length * world.dim)
    const r = 5
    expect(Array.from(X.subarray(r * dim, r * dim + dim))).to.deep.equal(Array.from(world.images.subarray(sel.rows[r] * dim, sel.rows[r] * dim + dim)))
    expect(labels[r]).to.equal(classKey(sel.labels[r]))
  })

  it('matches a brute-force mean over all pairs of the first maxPerClass images of each class', () => {
    const max = 9
    const stats = intraByClass(world, sel, { maxPerClass: max })
    const d = world.dim
    let means = 0
    for (let c = 0; c < world.classes; c++) {
      const rows = Array.from(sel.rows).filter((_, r) => sel.labels[r] === c).slice(0, max)
      let s = 0
      let pairs = 0
      for (let a = 0; a < rows.length; a++) {
        for (let b = 0; b < a; b++) {
          let dot = 0
          for (let k = 0; k < d; k++) dot += world.images[rows[a] * d + k] * world.images[rows[b] * d + k]
          s += dot
          pairs++
        }
      }
      const got = stats.get(classKey(c))!
      expect(got.n).to.equal(rows.length)
      expect(got.pairs).to.equal(pairs)
      expect(got.mean).to.be.closeTo(s / pairs, 1e-9)
      means += s / pairs
    }
    expect(meanIntra(stats)).to.be.closeTo(means / world.classes, 1e-9)
  })

  it('averages only classes that have a pair', () => {
    const one = { n: 1, pairs: 0, mean: NaN, var: NaN, se: NaN }
    const two = { n: 2, pairs: 1, mean: 0.5, var: 0, se: NaN }
    expect(meanIntra(new Map([['c0000', one], ['c0001', two]]))).to.equal(0.5)
    expect(meanIntra(new Map())).to.be.NaN
  })
})
