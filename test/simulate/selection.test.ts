import { expect } from 'chai'
import { createWorld, selectImageAware, selectTextOnly } from '../../src/index.js'
import { selectFrontier } from '../../src/simulate/selection.js'
import { TINY } from './small-world.js'

describe('simulate/selection', () => {
  const world = createWorld({ ...TINY, clipPrefilterDrop: 0.1 }, { seed: 21 })

  it('text-only keeps exactly the web captions that name a class and pass the threshold (brute force)', () => {
    const sel = selectTextOnly(world, { threshold: 0.8 })
    const expected: number[] = []
    for (let i = 0; i < world.size; i += 2) {
      if (world.inPool[i] === 1 && world.matchedClass[i] >= 0 && world.textSimilarity[i] > 0.8) expected.push(i)
    }
    expect(Array.from(sel.rows)).to.deep.equal(expected)
    expect(Array.from(sel.labels)).to.deep.equal(expected.map((i) => world.matchedClass[i]))
    expect(selectTextOnly(world).rows.length).to.equal(Array.from(world.textSimilarity).filter((v, i) =>
      i % 2 === 0 && world.inPool[i] === 1 && v > world.config.textThreshold).length)
  })

  it('image-aware keeps the searched photos with enough annotator votes, ignoring the text similarity', () => {
    const sel = selectImageAware(world, { frequency: 0.7 })
    const expected: number[] = []
    for (let i = 1; i < world.size; i += 2) if (world.matchedClass[i] >= 0 && world.votes[i] >= 7) expected.push(i)
    expect(Array.from(sel.rows)).to.deep.equal(expected)
    expect(sel.rows.some((i) => world.textSimilarity[i] < world.config.textThreshold)).to.equal(true)
  })

  it('nests image-aware selections: a higher selection frequency keeps a subset', () => {
    const sizes = [0, 0.5, 0.73, 0.85, 0.93, 1].map((f) => selectImageAware(world, { frequency: f }))
    for (let j = 1; j < sizes.length; j++) {
      const prev = new Set(sizes[j - 1].rows)
      expect(sizes[j].rows.every((i) => prev.has(i))).to.equal(true)
    }
    expect(() => selectImageAware(world, { frequency: 1.1 })).to.throw('simulate: selection frequency must be in [0, 1], got 1.1')
  })

  it('gives every frontier dataset the same size and the thresholds it reports', () => {
    const points = selectFrontier(world, { textThresholds: [0.85, 0.8, 0.7, 0.6], share: 0.5 })
    const pool85 = Array.from(world.textSimilarity).filter((v, i) => i % 2 === 0 && world.inPool[i] === 1 && v >= 0.85).length
    expect(points.map((p) => p.name)).to.deep.equal(['A', 'B', 'C', 'D'])
    for (const p of points) {
      expect(p.rows.length).to.equal(Math.round(0.5 * pool85))
      for (const i of p.rows) {
        expect(world.textSimilarity[i]).to.be.at.least(p.textThreshold)
        expect(world.imageSimilarity[i]).to.be.at.least(p.imageThreshold)
      }
      // Maximality: no left-out web candidate above the text threshold beats the image threshold.
      const kept = new Set(p.rows)
      for (let i = 0; i < world.size; i += 2) {
        if (!kept.has(i) && world.inPool[i] === 1 && world.textSimilarity[i] >= p.textThreshold) {
          expect(world.imageSimilarity[i]).to.be.at.most(p.imageThreshold)
        }
      }
    }
    // A looser text threshold leaves more candidates, so the image threshold can only rise.
    for (let j = 1; j < points.length; j++) expect(points[j].imageThreshold).to.be.at.least(points[j - 1].imageThreshold)
  })
})
