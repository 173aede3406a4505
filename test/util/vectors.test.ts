import { expect } from 'chai'
import { createRandom } from '../../src/util/random.js'
import { cosineSimilarity, dot, dotRows, normalizeRow, normalizeRows, randomUnit, row, softmax, topIndices } from '../../src/util/vectors.js'

describe('util/vectors: the one set of vector helpers', () => {
  it('dot and cosine of hand-computed vectors', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).to.equal(32)
    expect(() => dot([1], [1, 2])).to.throw('vectors: dot of vectors of length 1 and 2 (expected equal lengths)')
    expect(cosineSimilarity([1, 0], [1, 1])).to.be.closeTo(Math.SQRT1_2, 1e-15)
    expect(cosineSimilarity([0, 0], [1, 1])).to.equal(0)
    expect(dotRows([1, 2, 3, 4], 1, [5, 6, 7, 8], 0, 2)).to.equal(3 * 5 + 4 * 6)
  })

  it('normalises rows of a matrix and rows inside a flat array, zero rows stay zero', () => {
    const m = normalizeRows({ data: Float32Array.of(3, 4, 0, 0), rows: 2, dim: 2 })
    expect([...row(m, 0)]).to.deep.equal([Math.fround(0.6), Math.fround(0.8)])
    expect([...row(m, 1)]).to.deep.equal([0, 0])
    const flat = Float64Array.of(9, 0, 3, 4)
    normalizeRow(flat, 2, 2)
    expect([...flat]).to.deep.equal([9, 0, 3 * (1 / 5), 4 * (1 / 5)])
  })

  it('draws seeded random unit vectors', () => {
    const a = new Float64Array(8)
    randomUnit(createRandom(7), a, 0, 8)
    const b = new Float64Array(8)
    randomUnit(createRandom(7), b, 0, 8)
    expect([...a]).to.deep.equal([...b])
    expect(dot(a, a)).to.be.closeTo(1, 1e-12)
  })

  it('top indices and softmax', () => {
    expect(topIndices([0.1, 0.5, NaN, 0.3, 0.5], 3)).to.deep.equal([1, 4, 3])
    const p = softmax([0, Math.log(3), -Infinity])
    expect(p[0]).to.be.closeTo(0.25, 1e-15)
    expect(p[1]).to.be.closeTo(0.75, 1e-15)
    expect(p[2]).to.equal(0)
  })
})
