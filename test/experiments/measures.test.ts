import { expect } from 'chai'
import { captionSynsetShares, nearestCaptions } from '../../src/experiments/imagenet-captions.js'
import { imageLinkDatasets } from '../../src/experiments/image-link-measure.js'
import { perImageClassStats } from '../../src/experiments/cross-modal.js'

describe('experiments: the measures of the real branches', () => {
  it('captionSynsetShares: own-synset similarity and the share of other classes closer (Fig. 8), by hand', () => {
    // Three unit synset texts along x, y and the diagonal; captions of class 0 and 2.
    const s = Math.SQRT1_2
    const S = new Float32Array([1, 0, 0, 1, s, s])
    const C = new Float32Array([1, 0, 0, 1])
    const { similarities, closerShares } = captionSynsetShares(C, [0, 2], S, 2)
    // Caption (1,0) vs its own class 0: 1; no other class is closer. Caption (0,1) vs class 2: 0.7071; class 1 (1.0) is
    // closer, class 0 (0) is not: 1 of the 2 other classes.
    expect(similarities[0]).to.be.closeTo(1, 1e-7)
    expect(similarities[1]).to.be.closeTo(s, 1e-7)
    expect(Array.from(closerShares)).to.deep.equal([0, 0.5])
  })

  it('imageLinkDatasets: NSFW rows dropped, the size of the authors\' reference (text >= 0.82, image >= 0.2), the same size for each text threshold', () => {
    const text = [0.9, 0.85, 0.8, 0.78, 0.75, 0.7, 0.82, 0.6]
    const image = [0.30, 0.20, 0.35, 0.31, 0.40, 0.50, 0.26, 0.9]
    const nsfwOk = [true, false, true, true, true, true, true, true]
    const { datasets, size, fromReference, nsfwDropped } = imageLinkDatasets({ text, image, nsfwOk }, [0.81, 0.79, 0.76, 0.72])
    // Reference: text >= 0.82 and image >= 0.2 are rows 0, 1 and 6; row 1 is NSFW: size 2. Then the two highest image
    // similarities among text > 0.81 (rows 0, 6): 0, 6; > 0.79 (rows 0, 2, 6): 2, 0; > 0.76 (adds 3): 2, 3; > 0.72 (adds 4): 4, 2.
    expect([size, fromReference, nsfwDropped]).to.deep.equal([2, true, 1])
    expect(datasets.map((s) => s.rows)).to.deep.equal([[0, 6], [0, 2], [2, 3], [2, 4]])
    expect(datasets.map((s) => s.imageThreshold)).to.deep.equal([0.26, 0.3, 0.31, 0.35])
  })

  it('imageLinkDatasets: with no reference row (tiny CLIP), half the NSFW-free rows above the first threshold, rounded up', () => {
    const { datasets, size, fromReference } = imageLinkDatasets({ text: [0.9, 0.85, 0.83, 0.7], image: [0.1, 0.05, 0.15, 0.19], nsfwOk: [true, true, true, true] }, [0.81, 0.72])
    expect([size, fromReference]).to.deep.equal([2, false])
    expect(datasets.map((s) => s.rows)).to.deep.equal([[0, 2], [0, 2]])
    // A reference with rows but no class holding two of them measures nothing either: the same fallback.
    const one = imageLinkDatasets({ text: [0.9, 0.85, 0.83, 0.7], image: [0.3, 0.05, 0.15, 0.19], nsfwOk: [true, true, true, true], labels: ['a', 'b', 'a', 'b'] }, [0.81])
    expect([one.size, one.fromReference, one.datasets[0].rows]).to.deep.equal([2, false, [0, 2]])
    expect(imageLinkDatasets({ text: [0.9, 0.85], image: [0.3, 0.25], nsfwOk: [true, true], labels: ['a', 'a'] }, [0.81]).fromReference).to.equal(true)
  })
})

describe('experiments: nearestCaptions', () => {
  it('streams the pool in blocks and finds the same nearest rows as one brute-force pass, ties to the lowest row', async () => {
    // Unit 2-D "embeddings" of pool texts named by their angle in degrees.
    const unit = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)]
    const embed = async (texts: string[]) => ({ data: Float32Array.from(texts.flatMap((t) => unit(Number(t)))), dim: 2 })
    const pool = ['0', '90', '45', '10', '10', '180']
    const Q = Float32Array.from([...unit(12), ...unit(80), ...unit(170)])
    for (const blockSize of [1, 2, 4, 100]) {
      const { index } = await nearestCaptions(Q, 2, pool, embed, { blockSize })
      // 12 degrees: rows 3 and 4 (10 degrees) tie, row 3 wins; 80: row 1 (90); 170: row 5 (180).
      expect(Array.from(index), `block ${blockSize}`).to.deep.equal([3, 1, 5])
    }
  })
})

describe('experiments: perImageClassStats', () => {
  it('one value per image: mean, population variance and std / sqrt(n - 1) per class, by hand', () => {
    const stats = perImageClassStats([0.1, 0.3, 0.2, 0.5], ['b', 'b', 'a', 'b'])
    expect([...stats.keys()]).to.deep.equal(['a', 'b'])
    const b = stats.get('b')!
    // b: 0.1, 0.3, 0.5 -> mean 0.3, variance (0.04 + 0 + 0.04) / 3, se sqrt(var / 2).
    expect(b.n).to.equal(3)
    expect(b.pairs).to.equal(3)
    expect(b.mean).to.be.closeTo(0.3, 1e-12)
    expect(b.var).to.be.closeTo(0.08 / 3, 1e-12)
    expect(b.se).to.be.closeTo(Math.sqrt(0.08 / 3 / 2), 1e-12)
    expect(Number.isNaN(stats.get('a')!.se)).to.equal(true)
  })
})
