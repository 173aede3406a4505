import { expect } from 'chai'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cosineSimilarity, embedImages, embedTexts, loadClip, type Clip } from '../../src/index.js'
import { ensureFullClip, fullClipDir } from '../../scripts/make-full-clip.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { readFloat32Npy } from './golden.js'

interface FullGolden {
  texts: { text: string, input_ids: number[], text_embeds: number[] }[]
  images: { file: string, image_embeds: number[] }[]
}

// The full-size CLIP (ViT-B/32 architecture, seeded random weights) is built by scripts/make-full-clip.ts into the
// cache, never committed. Measured on the 2-core machine: a fresh venv (pip from the local wheel folders) 1 min 53 s
// under load, the build (torch init, ONNX export, goldens) 17 s quiet: under the 3 minutes CI can spend, so under
// CI=true (or LAIONET_FULL_CLIP=1) a missing model is built here, never skipped. Elsewhere the suite runs when the
// model is there and says how to build it when not.
describe('models: full-size CLIP ViT-B/32 (random weights) vs PyTorch goldens', function () {
  this.timeout(300_000)
  let clip: Clip
  let golden: FullGolden
  let dir = fullClipDir()
  before(async function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip/tokenizer.json')
    if (process.env.CI === 'true' || process.env.LAIONET_FULL_CLIP === '1') {
      this.timeout(900_000)
      dir = ensureFullClip(shared('fixtures'))
    } else if (!existsSync(join(dir = fullClipDir(), 'golden.json'))) {
      console.log(`      skipped: no full-size CLIP in ${dir}; build it with \`node --import tsx scripts/make-full-clip.ts\` (about 2-3 min; CI builds it)`)
      this.skip()
    }
    golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8'))
    clip = await loadClip(dir)
  })
  after(async () => { await clip?.dispose() })

  it('has the ViT-B/32 architecture: text 12 x 512 over 77 positions and 49,408 tokens, vision 12 x 768, patch 32, projection 512', () => {
    const c = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
    const t = c.text_config, v = c.vision_config
    expect([t.num_hidden_layers, t.hidden_size, t.intermediate_size, t.num_attention_heads, t.max_position_embeddings, t.vocab_size]).to.deep.equal([12, 512, 2048, 8, 77, 49408])
    expect([v.num_hidden_layers, v.hidden_size, v.intermediate_size, v.num_attention_heads, v.image_size, v.patch_size]).to.deep.equal([12, 768, 3072, 12, 224, 32])
    expect(c.projection_dim).to.equal(512)
  })

  it('tokenises the 60 golden texts to the PyTorch tokenizer\'s ids, the 3 long ones truncated to 77 with end-of-text last', async () => {
    const ids = await clip.tokenize(golden.texts.map((t) => t.text))
    golden.texts.forEach((t, i) => expect(ids[i], t.text.slice(0, 60)).to.deep.equal(t.input_ids))
    expect(golden.texts.filter((t) => t.input_ids.length === 77).length).to.equal(3)
  })

  for (const batchSize of [1, 32]) {
    it(`reproduces PyTorch's projected text embeddings within 1e-4 at full size (77-token truncation, all 77 positions; batch ${batchSize})`, async () => {
      const e = await embedTexts(clip, golden.texts.map((t) => t.text), { batchSize, normalize: false, cache: false })
      expect([e.rows, e.dim]).to.deep.equal([60, 512])
      let worst = 0
      golden.texts.forEach((t, i) => t.text_embeds.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - e.data[i * 512 + j])) }))
      expect(worst).to.be.below(1e-4)
    })
  }

  it('reproduces PyTorch\'s image embeddings within 1e-4 from the golden pixel values (the vision tower alone)', async () => {
    const pv = readFloat32Npy('fixtures/golden/clip_pixel_values.npy')
    const e = await clip.embedPixelBatch({ data: pv.data, dims: pv.shape })
    expect([e.rows, e.dim]).to.deep.equal([18, 512])
    let worst = 0
    golden.images.forEach((g, i) => g.image_embeds.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - e.data[i * 512 + j])) }))
    expect(worst).to.be.below(1e-4)
  })

  it('embeds the 18 fixture images end to end (our decoding and preprocessing) with cosine >= 0.99 to PyTorch\'s', async () => {
    const e = await embedImages(clip, golden.images.map((g) => shared(`fixtures/images/${g.file}`)), { normalize: false, cache: false })
    expect([e.rows, e.dim, e.errors.length]).to.deep.equal([18, 512, 0])
    // Measured: 0.9991-1.0000 on RGB images (bicubic in sharp vs PIL), 0.9947 on the CMYK one.
    golden.images.forEach((g, i) => expect(cosineSimilarity(g.image_embeds, e.data.subarray(i * 512, (i + 1) * 512)), g.file).to.be.at.least(0.99))
  })
})
