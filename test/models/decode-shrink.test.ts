import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { embedImages } from '../../src/index.js'
import { decodeBatch, decodeImage, MAX_BATCH_PIXELS, MODEL_DECODE_SIDE, shrunkSize, type DecodedGroup } from '../../src/models/decode-image.js'
import { loadSharp } from '../../src/util/lazy.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { closeTinyClip, openTinyClip, unit } from './golden.js'
import type { Clip } from '../../src/index.js'

const TENCH = 'fixtures/images/n01440764_tench.JPEG'

describe('models: shrink-on-load decoding and the pixel budget of a batch', function () {
  this.timeout(120_000)

  it('shrinks only images whose shortest side is above the decode side, to exactly that side (hand-computed)', () => {
    expect(MODEL_DECODE_SIDE).to.equal(1280)
    expect(shrunkSize(500, 375, 1280)).to.deep.equal({ width: 500, height: 375 })
    expect(shrunkSize(1280, 5000, 1280)).to.deep.equal({ width: 1280, height: 5000 })
    expect(shrunkSize(9999, 9999, 1280)).to.deep.equal({ width: 1280, height: 1280 })
    expect(shrunkSize(4000, 3000, 1280)).to.deep.equal({ width: 1707, height: 1280 }) // 4000 * 1280 / 3000 = 1706.67
    expect(shrunkSize(1300, 90000, 1280)).to.deep.equal({ width: 1280, height: 88615 }) // 90000 * 1280 / 1300 = 88615.4
  })

  it('decodes a batch of large PNGs at the decode side, in groups within the pixel budget, errors in place', async () => {
    const sharp = await loadSharp()
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer()
    const groups: { sizes: string[], at: number[] }[] = []
    const use = async (g: DecodedGroup) => { groups.push({ sizes: g.images.map((i) => `${i.width}x${i.height}`), at: g.at }) }
    const inputs = [big, big, new Uint8Array([1, 2, 3]), big]
    const names = ['a.png', 'b.png', 'bad.png', 'c.png']
    // A budget of two shrunk images (1707 x 1280 each) per group.
    const { errors } = await decodeBatch(inputs, names, {}, {}, use, { maxBatchPixels: 2 * 1707 * 1280 })
    expect(groups).to.deep.equal([{ sizes: ['1707x1280', '1707x1280'], at: [0, 1] }, { sizes: ['1707x1280'], at: [3] }])
    expect(errors.map((e) => [e.index, e.file])).to.deep.equal([[2, 'bad.png']])
    expect(errors[0].error).to.match(/^image: bad\.png is corrupt or not an image/)
    // The default budget holds a whole batch of 16 shrunk images.
    groups.length = 0
    await decodeBatch(Array(16).fill(big), Array(16).fill('x.png'), {}, {}, use)
    expect(16 * 1707 * 1280).to.be.below(MAX_BATCH_PIXELS)
    expect(groups.map((g) => g.at.length)).to.deep.equal([16])
    // The shrunk pixels are the colour of the original (a Lanczos reduce of a flat image).
    const one = await decodeImage(big)
    expect([one.width, one.height, one.data[0], one.data[1], one.data[2]]).to.deep.equal([4000, 3000, 200, 30, 90])
  })

  describe('with the tiny CLIP', () => {
    let clip: Clip | undefined
    before(async function () {
      skipWithoutShared(this, TENCH)
      ;({ clip } = await openTinyClip(this))
    })
    after(() => closeTinyClip(clip))

    it('a large photo embeds as its full-size decode does (cosine >= 0.999), and a golden-size one bit for bit', async () => {
      const sharp = await loadSharp()
      // The tench at 6x (3000 x 2250): shrunk on load to 1707 x 1280, then the model's own bicubic resize to 224.
      const tench = readFileSync(shared(TENCH))
      const large = await sharp(tench).resize({ width: 3000, height: 2250, fit: 'fill' }).jpeg({ quality: 95 }).toBuffer()
      const shrunk = await embedImages(clip!, [large, tench], { cache: false, normalize: false })
      const full = await clip!.embedImageBatch([await decodeImage(large), await decodeImage(tench)])
      const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => unit(a).reduce((s, x, i) => s + x * unit(b)[i], 0)
      const row = (data: Float32Array, r: number, dim: number) => Array.from(data.subarray(r * dim, (r + 1) * dim))
      expect(cos(row(shrunk.data, 0, shrunk.dim), row(full.data, 0, full.dim))).to.be.at.least(0.999)
      expect(row(shrunk.data, 1, shrunk.dim)).to.deep.equal(row(full.data, 1, full.dim))
    })
  })
})
