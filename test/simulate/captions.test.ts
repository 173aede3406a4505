import { expect } from 'chai'
import { createWorld, exampleCaptions } from '../../src/index.js'
import { className, exampleCaption } from '../../src/simulate/captions.js'
import { TINY } from './small-world.js'

describe('simulate/captions', () => {
  const world = createWorld({ ...TINY, homonymRate: 0.3 }, { seed: 71 })

  it('names classes by an adjective and a noun, unique over the first 600', () => {
    expect(className(0)).to.equal('fox')
    expect(className(31)).to.equal('red violin')
    expect(new Set(Array.from({ length: 600 }, (_, c) => className(c))).size).to.equal(600)
    expect(className(600)).to.equal('fox 2')
  })

  it('templates a caption from what generated it', () => {
    for (let row = 0; row < 400; row++) {
      const caption = exampleCaption(world, row)
      const own = className(world.captionClass[row])
      const matched = world.matchedClass[row]
      if (matched < 0) expect(caption, `row ${row}`).to.not.contain(own)
      else if (world.homonym[row] === 1) expect(caption).to.contain(className(matched))
      else expect(caption).to.contain(own)
    }
  })

  it('tabulates candidates with their measurements, NaN as null', () => {
    const rows = exampleCaptions(world, [0, 1, 2, 3, 4, 5])
    expect(rows).to.have.length(6)
    for (const r of rows) {
      expect(r.caption).to.equal(exampleCaption(world, r.row))
      expect(r.matched === null).to.equal(r.textSimilarity === null)
      expect(r.votes).to.equal(world.votes[r.row])
    }
  })
})
