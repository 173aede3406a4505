import { expect } from 'chai'
import { join } from 'node:path'
import { cosineSimilarity, embedImages } from '../../src/index.js'
import { loadImageEncoder, type ImageEncoder } from '../../src/models/image-encoder.js'
import { shared } from '../helpers/shared.js'
import { encoderFixture, readGolden } from './encoders.js'
import { readFloat32NpyFile, unit } from './golden.js'

interface PoolerGolden { feature: string, images: { file: string, pooler_output: number[] }[] }

// Tiny random ViTModel, ConvNextModel and BeitModel of scripts/make-encoders.py with the preprocessors of the authors'
// google/vit-base-patch16-224, facebook/convnext-base-224-22k-1k and microsoft/beit-base-patch16-224; the goldens are
// PyTorch's pooler_output, the feature core/image_encoders.py takes for all three.
// The model alone matches PyTorch to 1e-4; end to end, sharp's resampling differs from PIL's (mean |pixel difference|
// 0.03 in normalised units), and a random-weight network passes that on unevenly. Measured minima over the 18 images:
// ViT 0.9967 (the CMYK tabby), ConvNeXt 0.9786 (the elephant; its 1/0.875 resize then crop doubles the resampling), BEiT 0.9914.
const MIN_COSINE = { vit: 0.99, convnext: 0.97, beit: 0.99 }

for (const [which, family, dim] of [['vit', 'vit', 32], ['convnext', 'convnext', 32], ['beit', 'beit', 32]] as const) {
  describe(`models: image encoder ${family} (Fig. 6, TMLR 4.2) vs PyTorch pooler_output goldens`, function () {
    this.timeout(120_000)
    let dir: string
    let golden: PoolerGolden
    let encoder: ImageEncoder
    before(async function () {
      dir = encoderFixture(this, which)
      golden = readGolden<PoolerGolden>(dir)
      encoder = await loadImageEncoder(dir, { batchSize: 4 })
    })
    after(async () => { await encoder?.dispose() })

    it('reads its family from config.json and takes the pooler output, as the authors do', () => {
      expect(encoder.family).to.equal(family)
      expect(golden.feature).to.equal('pooler_output')
    })

    it('reproduces PyTorch\'s pooler output within 1e-4 from the reference pixel values (the model alone)', async () => {
      const pv = readFloat32NpyFile(join(dir, 'pixel_values.npy'))
      const e = await encoder.embedPixelBatch({ data: pv.data, dims: pv.shape })
      expect([e.rows, e.dim]).to.deep.equal([golden.images.length, dim])
      let worst = 0
      golden.images.forEach((g, i) => g.pooler_output.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - e.data[i * dim + j])) }))
      expect(worst).to.be.below(1e-4)
    })

    it('preprocesses as the reference up to resampling (mean |difference| below 0.1 in normalised units)', async () => {
      const pv = readFloat32NpyFile(join(dir, 'pixel_values.npy'))
      const { decodeImage } = await import('../../src/models/decode-image.js')
      const images = await Promise.all(golden.images.slice(0, 9).map(async (g) => decodeImage(shared(`fixtures/images/${g.file}`))))
      const p = await encoder.preprocess(images)
      expect(p.dims).to.deep.equal([9, 3, 224, 224])
      let sum = 0
      for (let k = 0; k < p.data.length; k++) sum += Math.abs(p.data[k] - pv.data[k])
      expect(sum / p.data.length).to.be.below(0.1)
    })

    it('embeds the fixture images end to end (decoding, preprocessing, L2 normalisation) with cosine >= 0.99 to PyTorch\'s', async () => {
      const e = await embedImages(encoder, golden.images.map((g) => shared(`fixtures/images/${g.file}`)), { cache: false })
      expect([e.rows, e.dim, e.errors.length]).to.deep.equal([golden.images.length, dim, 0])
      const cosines = golden.images.map((g, i) => {
        const row = e.data.subarray(i * dim, (i + 1) * dim)
        expect(Math.hypot(...row)).to.be.closeTo(1, 1e-5)
        return cosineSimilarity(unit(g.pooler_output), row)
      })
      cosines.forEach((c, i) => expect(c, golden.images[i].file).to.be.at.least(MIN_COSINE[family]))
    })
  })
}

describe('models: image encoder errors', () => {
  it('names the missing pooler output of a classifier export (the tiny ViT classifier has logits only)', async function () {
    const vit = shared('fixtures/models/tiny-random-vit')
    const encoder = await loadImageEncoder(vit)
    let err: Error | undefined
    try { await encoder.embedPixelBatch({ data: new Float32Array(3 * 224 * 224), dims: [1, 3, 224, 224] }) } catch (e) { err = e as Error }
    await encoder.dispose()
    expect(err?.message).to.equal(`image-encoder: ${join(vit, 'onnx', 'model.onnx')} has no output pooler_output (outputs: logits); the authors' feature is the pooler output, so export the model with it (e.g. ViTModel with its pooling layer, not ViTForImageClassification)`)
  })
})
