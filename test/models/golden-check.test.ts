import { expect } from 'chai'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareClipGoldens, compareReleasedImageEmbeddings, embedImages, type Clip } from '../../src/index.js'
import { encodeNpy } from '../../src/io/npy.js'
import { shared, sharedDir } from '../helpers/shared.js'
import { closeTinyClip, openTinyClip } from './golden.js'

describe('models: golden comparison tables', function () {
  let clip: Clip
  before(async function () { clip = (await openTinyClip(this)).clip })
  after(() => closeTinyClip(clip))

  it('compareClipGoldens: the tiny CLIP matches every golden id list, text within 1e-4, image cosine >= 0.99', async () => {
    const { texts, images } = await compareClipGoldens(clip, join(sharedDir, 'fixtures'))
    expect(texts).to.have.length(57)
    expect(texts.filter((t) => !t.idsMatch)).to.deep.equal([])
    expect(Math.max(...texts.map((t) => t.maxAbsDiff))).to.be.below(1e-4)
    expect(images).to.have.length(18)
    images.forEach((r) => expect(r.cosine, r.file).to.be.at.least(0.99))
    expect(images.filter((r) => r.converted).map((r) => [r.file, r.converted])).to.deep.equal([
      ['gray_tench.jpg', 'grayscale'], ['rgba_goldfish.png', 'rgba'], ['cmyk_tabby.jpg', 'cmyk'],
    ])
  })

  it('compareReleasedImageEmbeddings: cosine 1 against embeddings made by the same model, rows in files.json order', async () => {
    // A golden-real-shaped folder whose "released" embeddings come from the tiny model itself, files not in sorted order.
    const dir = mkdtempSync(join(tmpdir(), 'laionet-golden-real-'))
    try {
      const files = ['456_123.jpg', '123_456.jpg', '416_264.jpg']
      files.forEach((f) => copyFileSync(shared(`fixtures/images/${f}`), join(dir, f)))
      const e = await embedImages(clip, files.map((f) => join(dir, f)), { cache: false })
      writeFileSync(join(dir, 'files.json'), JSON.stringify(files))
      writeFileSync(join(dir, 'image_embeds_vit_b32.npy'), encodeNpy({ dtype: 'float32', shape: [3, e.dim], data: e.data }))
      const rows = await compareReleasedImageEmbeddings(clip, dir)
      expect(rows.map((r) => r.file)).to.deep.equal(files)
      rows.forEach((r) => expect(r.cosine).to.be.above(0.99999))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
