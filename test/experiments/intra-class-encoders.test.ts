import { expect } from 'chai'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultConfig } from '../../src/config/defaults.js'
import { encoderShares } from '../../src/experiments/intra-class-encoders.js'
import { loadValidationLabels } from '../../src/imagenet/devkit.js'
import { createTarWriter } from '../../src/io/tar-writer.js'
import { compareIntraClass } from '../../src/metrics/compare.js'
import { intraClassByLabel } from '../../src/metrics/group-rows.js'
import { embedImages } from '../../src/index.js'
import { loadImageEncoder } from '../../src/models/image-encoder.js'
import { requireMirror, shared } from '../helpers/shared.js'
import { encoderFixture } from '../models/encoders.js'

// Fig. 6 with the other image encoders: the downloaded LAIONet images and an ImageNet validation folder, both made
// here from the 18 fixture images, embedded with the tiny random ViT's pooler output.
describe('experiments: intra-class shares of the other image encoders (fig6.lowerShareVit, ...)', function () {
  this.timeout(300_000)
  let dir: string
  let vit: string
  const images = () => readdirSync(shared('fixtures/images')).sort().map((f) => shared(`fixtures/images/${f}`))
  before(async function () {
    requireMirror(this)
    vit = encoderFixture(this, 'vit')
    dir = mkdtempSync(join(tmpdir(), 'laionet-encoders-'))
  })
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }) })

  /** Two classes with 6 validation images each (the first two classes with 6 among the first 2000 images), and 6 LAIONet images of each. */
  async function sources() {
    const labels = await loadValidationLabels()
    const byClass = new Map<string, number[]>()
    labels.slice(0, 2000).forEach((w, i) => byClass.set(w, [...(byClass.get(w) ?? []), i + 1]))
    const classes = [...byClass].filter(([, n]) => n.length >= 6).slice(0, 2)
    const files = images()
    const val = join(dir, 'val')
    mkdirSync(val, { recursive: true })
    const valSet: { file: string, wnid: string }[] = []
    classes.forEach(([wnid, numbers], c) => numbers.slice(0, 6).forEach((n, k) => {
      const file = join(val, `ILSVRC2012_val_${String(n).padStart(8, '0')}.JPEG`)
      copyFileSync(files[(c * 6 + k) % files.length], file)
      valSet.push({ file, wnid })
    }))
    const dl = join(dir, 'laionet-images')
    mkdirSync(dl, { recursive: true })
    const tar = await createTarWriter(join(dl, '00000.tar'))
    const laionet: { bytes: Uint8Array, wnid: string }[] = []
    let row = 0
    for (const [c, [wnid]] of classes.entries()) {
      for (let k = 0; k < 6; k++, row++) {
        const bytes = readFileSync(files[(17 - c * 6 - k + files.length) % files.length])
        const key = String(row).padStart(9, '0')
        await tar.add(`${key}.jpg`, bytes)
        await tar.add(`${key}.json`, Buffer.from(JSON.stringify({ key, row, wnid })))
        laionet.push({ bytes, wnid })
      }
    }
    await tar.close()
    const config = defaultConfig()
    config.sources.laionetImages = dl
    config.sources.imagenetVal.folder = val
    config.cacheDir = join(dir, 'cache')
    return { config, valSet, laionet }
  }

  it('computes the ViT share from the pooler outputs of both image sets (fixture tier), and quotes the unconfigured encoders with their ids', async () => {
    const { config, valSet, laionet } = await sources()
    config.models.imageEncoders = { vit }
    const records = await encoderShares(config)
    expect(records.map((r) => [r.claim, r.tier, r.paper])).to.deep.equal([
      ['classes where LAIONet is significantly less similar, ViT image encoder', 'fixture', 60.0],
      ['classes where LAIONet is significantly less similar, ConvNeXt image encoder', 'quoted', 70.0],
      ['classes where LAIONet is significantly less similar, BEiT image encoder', 'quoted', 66.7],
    ])
    expect(records.map((r) => r.note!.split(';')[0])).to.deep.equal(['fig6.lowerShareVit', 'fig6.lowerShareConvnext', 'fig6.lowerShareBeit'])
    expect(records[1].note).to.equal("fig6.lowerShareConvnext; needs models.imageEncoders.convnext (the ConvNeXt embeddings of LAIONet and ImageNet validation images), so the paper's value is quoted")
    expect(records[0].source).to.deep.equal([config.sources.laionetImages, config.sources.imagenetVal.folder, vit])

    // The same share straight from the encoder and the metrics: 2 classes, so a multiple of 50%.
    const encoder = await loadImageEncoder(vit)
    try {
      const a = await embedImages(encoder, laionet.map((x) => x.bytes), { cache: false })
      const b = await embedImages(encoder, valSet.map((x) => x.file), { cache: false })
      const cmp = compareIntraClass(intraClassByLabel(a.data, laionet.map((x) => x.wnid), a.dim), intraClassByLabel(b.data, valSet.map((x) => x.wnid), b.dim), { minPairs: 7 })
      expect(cmp.compared).to.equal(2)
      expect(records[0].value).to.equal(Math.round(1000 * cmp.paper.lowerShare) / 10)
      expect([0, 50, 100]).to.include(records[0].value)
    } finally {
      await encoder.dispose()
    }
  })

  it('quotes every encoder, naming what is missing, when no image folders are configured', async () => {
    const config = defaultConfig()
    config.models.imageEncoders = { beit: vit }
    const records = await encoderShares(config)
    expect(records.map((r) => [r.tier, r.value])).to.deep.equal([['quoted', null], ['quoted', null], ['quoted', null]])
    expect(records[2].note).to.equal("fig6.lowerShareBeit; needs sources.laionetImages, sources.imagenetVal.folder (the BEiT embeddings of LAIONet and ImageNet validation images), so the paper's value is quoted")
  })
})
