import { expect } from 'chai'
import { createWorld, selectImageAware, selectTextOnly } from '../../src/index.js'
import { captionSynsetSimilarity } from '../../src/simulate/text-synset.js'
import { SMALL, TINY } from './small-world.js'

describe('simulate/captionSynsetSimilarity', () => {
  it('measures own-synset similarity and the share of other classes closer (brute force)', () => {
    const world = createWorld(TINY, { seed: 61 })
    const sel = selectImageAware(world, { frequency: 0.5 })
    const { similarities, closerShares } = captionSynsetSimilarity(world, sel, { maxRows: 50 })
    expect(similarities.length).to.equal(50)
    const d = world.dim
    for (let r = 0; r < 50; r++) {
      const i = sel.rows[r]
      const sims = Array.from({ length: world.classes }, (_, c) => {
        let s = 0
        for (let k = 0; k < d; k++) s += world.texts[i * d + k] * world.synsetTexts[c * d + k]
        return s
      })
      const own = sims[sel.labels[r]]
      expect(similarities[r]).to.be.closeTo(own, 1e-9)
      expect(closerShares[r]).to.equal(sims.filter((s, c) => c !== sel.labels[r] && s > own).length / (world.classes - 1))
    }
  })

  it('leaves the image-aware set a left tail that the text filter removes (Fig. 8)', () => {
    const world = createWorld(SMALL, { seed: 62 })
    const image = captionSynsetSimilarity(world, selectImageAware(world)).similarities
    const text = captionSynsetSimilarity(world, selectTextOnly(world)).similarities
    expect(Math.min(...text)).to.be.above(world.config.textThreshold)
    const below = image.filter((v) => v <= world.config.textThreshold).length / image.length
    expect(below).to.be.above(0.1)
  })
})
