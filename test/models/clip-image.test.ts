import { expect } from 'chai'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cosineSimilarity, embedImages, type Clip } from '../../src/index.js'
import { decodeImage } from '../../src/models/decode-image.js'
import { shared } from '../helpers/shared.js'
import { clipGolden, closeTinyClip, openTinyClip, readFloat32Npy } from './golden.js'

const image = (file: string) => shared(`fixtures/images/${file}`)

describe('models: CLIP images (tiny random CLIP vs PyTorch goldens)', function () {
  let clip: Clip
  let tmp: string
  before(async function () { ({ clip, tmp } = await openTinyClip(this, 'laionet-images-')) })
  after(() => closeTinyClip(clip, tmp))

  it('preprocesses like the reference CLIPImageProcessor up to resampling differences', async () => {
    const golden = clipGolden().images
    const pv = readFloat32Npy('fixtures/golden/clip_pixel_values.npy')
    expect(pv.shape).to.deep.equal([18, 3, 224, 224])
    const size = 3 * 224 * 224
    for (const [i, g] of golden.entries()) {
      const { data, dims } = await clip.preprocess([await decodeImage(image(g.file))])
      expect(dims).to.deep.equal([1, 3, 224, 224])
      let sum = 0
      for (let k = 0; k < size; k++) sum += Math.abs(data[k] - pv.data[i * size + k])
      // Measured: 0.012-0.13 on RGB images (bicubic in sharp vs PIL), 0.18 on the CMYK one (ICC vs naive conversion).
      expect(sum / size, g.file).to.be.below(g.file.startsWith('cmyk') ? 0.25 : 0.15)
    }
  })

  it('reproduces the golden image embeddings with cosine >= 0.99 on all 18 images, batch sizes 1 and 8', async () => {
    const golden = clipGolden().images
    for (const batchSize of [1, 8]) {
      const e = await embedImages(clip, golden.map((g) => image(g.file)), { batchSize, normalize: false, cache: false })
      expect([e.rows, e.dim, e.errors.length]).to.deep.equal([18, 16, 0])
      golden.forEach((g, i) => expect(cosineSimilarity(g.image_embeds, e.data.subarray(i * 16, (i + 1) * 16)), g.file).to.be.at.least(0.99))
    }
  })

  it('converts grayscale, RGBA and CMYK images to RGB and counts them', async () => {
    const e = await embedImages(clip, ['gray_tench.jpg', 'rgba_goldfish.png', 'cmyk_tabby.jpg', 'n01440764_tench.JPEG'].map(image), { cache: false })
    expect(e.converted).to.deep.equal({ grayscale: 1, rgba: 1, cmyk: 1 })
    expect(e.rows).to.equal(4)
  })

  it('decodes WebP and GIF, and the same pixels give the same embedding as the PNG', async () => {
    const sharp = (await import('sharp')).default
    const src = readFileSync(image('n01443537_goldfish.JPEG'))
    const png = await sharp(src).png().toBuffer()
    const webp = await sharp(src).webp({ lossless: true }).toBuffer()
    const e = await embedImages(clip, [png, webp], { cache: false })
    expect(e.errors).to.deep.equal([])
    expect(cosineSimilarity(e.data.subarray(0, 16), e.data.subarray(16, 32))).to.be.above(0.99999)
    const gif = await sharp(src).gif().toBuffer()
    expect((await decodeImage(gif)).format).to.equal('gif')
  })

  it('counts palette images (PIL mode "P") and reduces 16-bit PNGs to the same 8-bit pixels', async () => {
    const sharp = (await import('sharp')).default
    const src = readFileSync(image('n01443537_goldfish.JPEG'))
    const e = await embedImages(clip, [await sharp(src).png({ palette: true }).toBuffer(), await sharp(src).gif().toBuffer()], { cache: false })
    expect(e.converted).to.deep.equal({ palette: 2 })
    const eight = await decodeImage(await sharp(src).png().toBuffer())
    const sixteen = await decodeImage(await sharp(src).toColourspace('rgb16').png().toBuffer())
    expect(sixteen.converted).to.equal(null)
    let worst = 0
    eight.data.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - sixteen.data[i])) })
    expect(worst).to.be.at.most(1)
  })

  it('turns empty, corrupt, unsupported, missing and oversized files into per-image errors; the batch goes on', async () => {
    const empty = join(tmp, 'empty.jpg'); writeFileSync(empty, '')
    const corrupt = join(tmp, 'corrupt.jpg'); writeFileSync(corrupt, readFileSync(image('123_456.jpg')).subarray(0, 20))
    const svg = join(tmp, 'vector.svg'); writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    const good = image('123_456.jpg')
    const inputs = [empty, good, corrupt, svg, join(tmp, 'missing.jpg'), image('208_495.jpg')]
    const e = await embedImages(clip, inputs, { cache: false, batchSize: 2 })
    expect(e.rows).to.equal(2)
    expect(Array.from(e.rowOf)).to.deep.equal([-1, 0, -1, -1, -1, 1])
    expect(e.errors.map((x) => [x.index, x.file])).to.deep.equal([[0, empty], [2, corrupt], [3, svg], [4, join(tmp, 'missing.jpg')]])
    expect(e.errors[0].error).to.equal(`image: ${empty} is empty (0 bytes)`)
    expect(e.errors[1].error).to.match(new RegExp(`^image: ${corrupt} (is corrupt or not an image|could not be decoded) \\(`))
    expect(e.errors[2].error).to.equal(`image: ${svg} has unsupported format "svg" (expected jpeg, png, webp, gif)`)
    expect(e.errors[3].error).to.equal(`image: cannot read ${join(tmp, 'missing.jpg')} (ENOENT)`)
    const big = await embedImages(clip, [good], { cache: false, maxPixels: 1000 })
    const { width, height } = await decodeImage(good)
    expect(big.errors[0].error).to.equal(`image: ${good} is ${width}x${height} = ${width * height} pixels, above the limit of 1000 (raise maxPixels to accept it)`)
  })

  it('caches image embeddings by content: a rerun makes no model call and keeps errors and conversions', async () => {
    const cache = join(tmp, 'cache')
    const bad = join(tmp, 'bad.png'); writeFileSync(bad, 'not an image')
    const inputs = [image('gray_tench.jpg'), bad, image('416_264.jpg')]
    let calls = 0
    const first = await embedImages(clip, inputs, { cache, onBatch: () => { calls++ } })
    expect(calls).to.equal(1)
    const again = await embedImages(clip, inputs, { cache, onBatch: () => { calls++ } })
    expect(calls).to.equal(1)
    expect(Array.from(again.data)).to.deep.equal(Array.from(first.data))
    expect(Array.from(again.rowOf)).to.deep.equal([0, -1, 1])
    expect(again.errors).to.deep.equal(first.errors)
    expect(again.converted).to.deep.equal({ grayscale: 1 })
    // The same bytes under another name hit the cache, and the error names the file of this run, not the first one.
    const moved = join(tmp, 'moved.png'); copyFileSync(bad, moved)
    const renamed = await embedImages(clip, [image('gray_tench.jpg'), moved, image('416_264.jpg')], { cache, onBatch: () => { calls++ } })
    expect(calls).to.equal(1)
    expect(renamed.errors).to.have.length(1)
    expect(renamed.errors[0].file).to.equal(moved)
    expect(renamed.errors[0].error).to.contain(moved).and.not.contain(bad)
  })
})
