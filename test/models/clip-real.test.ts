import { expect } from 'chai'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cosineSimilarity, embedImages, embedTexts, loadClip, readNpy, type Clip } from '../../src/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

// Real CLIP ViT-B/32 weights are not on this machine. Point LAIONET_CLIP_MODEL_DIR at a local folder holding
// Xenova/clip-vit-base-patch32's files (config.json, tokenizer.json, preprocessor_config.json, onnx/...) to run it.
const dir = process.env.LAIONET_CLIP_MODEL_DIR

describe('models: CLIP ViT-B/32 with real weights vs the released clip-retrieval embeddings', function () {
  let clip: Clip
  before(async function () {
    if (!dir || !existsSync(join(dir, 'config.json'))) {
      console.log(`      skipped: LAIONET_CLIP_MODEL_DIR ${dir ? `(${dir}) has no config.json` : 'is not set'}; ` +
        "set it to a local folder with Xenova/clip-vit-base-patch32's files to run the real-weights CLIP tests")
      this.skip()
    }
    skipWithoutShared(this, 'data/clip/golden-real/files.json')
    this.timeout(300_000)
    clip = await loadClip(dir, { offline: true })
  })
  after(async () => { await clip?.dispose() })

  it('embeds the 7 golden-real images with cosine >= 0.99 to their released embeddings', async function () {
    this.timeout(300_000)
    const files = JSON.parse(readFileSync(shared('data/clip/golden-real/files.json'), 'utf8')) as string[]
    const released = await readNpy(shared('data/clip/golden-real/image_embeds_vit_b32.npy'))
    expect(released.shape).to.deep.equal([7, 512])
    const e = await embedImages(clip, files.map((f) => shared(`data/clip/golden-real/${f}`)), { cache: false })
    expect([e.rows, e.dim]).to.deep.equal([7, 512])
    const want = released.data as Float32Array
    files.forEach((f, i) => expect(cosineSimilarity(e.data.subarray(i * 512, (i + 1) * 512), want.subarray(i * 512, (i + 1) * 512)), f).to.be.at.least(0.99))
  })

  it('gives 512-dimensional unit text embeddings, a long caption keeping its end-of-text token', async () => {
    const [ids] = await clip.tokenize([Array(60).fill('hello world').join(' ')])
    expect(ids).to.have.length(77)
    expect(ids[76]).to.equal(49407)
    const e = await embedTexts(clip, ['cougar which is large American feline resembling a lion'], { cache: false })
    expect(e.dim).to.equal(512)
    expect(Math.abs(Math.hypot(...e.data) - 1)).to.be.below(1e-5)
  })
})
