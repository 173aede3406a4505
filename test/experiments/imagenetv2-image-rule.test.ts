import { expect } from 'chai'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultConfig } from '../../src/config/defaults.js'
import type { LaionetConfig } from '../../src/config/types.js'
import { imagenetV2 } from '../../src/experiments/imagenetv2.js'
import { idPart } from '../../src/experiments/common.js'
import type { ExperimentResult } from '../../src/experiments/types.js'
import { loadSharp } from '../../src/util/lazy.js'
import { root, shared, skipWithoutShared } from '../helpers/shared.js'

// PIL's verdicts on the shared images (test/models/fixtures/make-image-rule-golden.py ran the authors' rules in PIL).
const golden = JSON.parse(readFileSync(join(root, 'test/models/fixtures/image-rule-golden.json'), 'utf8')) as { files: Record<string, { local: string }> }
const RGB = ['n01440764_tench.JPEG', 'n01443537_goldfish.JPEG', 'n02123045_tabby.JPEG', 'n02504458_African_elephant.JPEG', 'n03792782_mountain_bike.JPEG', 'n04552348_warplane.JPEG']
const NON_RGB = ['gray_tench.jpg', 'cmyk_tabby.jpg', 'rgba_goldfish.png']

// Fig. 7 from ImageNetV2 folders: the classifiers (accuracy) and CLIP (intra-class) read each folder under the
// authors' local rule (predict_local.py / the *_local.py similarity scripts: `image.mode == 'RGB'` only) by default.
describe('experiments: Fig. 7 applies the authors\' image rule to the ImageNetV2 folders', function () {
  this.timeout(300_000)
  let dir: string
  let config: LaionetConfig
  before(async function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip')
    skipWithoutShared(this, 'fixtures/models/tiny-random-resnet')
    dir = mkdtempSync(join(tmpdir(), 'laionet-v2-rule-'))
    const v2 = join(dir, 'matched')
    // Class 0: four RGB images; class 1: two RGB, the grayscale, CMYK and RGBA images and a palette PNG.
    for (const c of ['0', '1']) mkdirSync(join(v2, c), { recursive: true })
    RGB.forEach((f, i) => copyFileSync(shared(`fixtures/images/${f}`), join(v2, i < 4 ? '0' : '1', `rgb${i}.${f.split('.').pop()}`)))
    NON_RGB.forEach((f) => copyFileSync(shared(`fixtures/images/${f}`), join(v2, '1', f)))
    const sharp = await loadSharp()
    const palette = await sharp(readFileSync(shared(`fixtures/images/${RGB[0]}`))).png({ palette: true }).toBuffer()
    expect(palette[25], 'PNG IHDR colour type 3: PIL opens it in mode P').to.equal(3)
    writeFileSync(join(v2, '1', 'palette.png'), palette)
    config = defaultConfig()
    config.outDir = join(dir, 'out')
    config.models.clip = shared('fixtures/models/tiny-random-clip')
    config.models.classifiers = [shared('fixtures/models/tiny-random-resnet')]
    config.sources.imagenetV2.matchedFrequency = v2
  })
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }) })

  const byId = (r: ExperimentResult, id: string) => {
    const x = r.records.find((y) => y.id === id)
    expect(x, id).to.not.equal(undefined)
    return x!
  }
  const reasons = ['mode', 'size', 'verify']

  it('drops the non-RGB images by default and counts them per side; methods.imageRule convert keeps them', async () => {
    // The independent count: PIL's local verdicts on the shared images, and the palette PNG (mode P).
    const expected = NON_RGB.filter((f) => golden.files[`shared/fixtures/images/${f}`].local !== 'kept').length + 1
    expect(expected).to.equal(4)
    const total = RGB.length + NON_RGB.length + 1
    const model = idPart(shared('fixtures/models/tiny-random-resnet')) // a model folder's name is its path
    const authors = await imagenetV2({ config })
    for (const side of ['matchedfrequency-classifiers', 'matchedfrequency-clip']) {
      const ids = reasons.map((x) => `imagenetv2.imagesDropped.${side}.${x}`)
      expect(ids.map((id) => byId(authors, id).value), side).to.deep.equal([expected, 0, 0])
      expect(byId(authors, ids[0])).to.include({ unit: 'images', paper: null })
      expect(byId(authors, ids[0]).note).to.equal(`dropped by the authors' local rule (PIL mode RGB only); of ${total} images read`)
    }
    expect(byId(authors, `fig7.top1.matchedFrequency.${model}`).note).to.equal(`${total - expected} images; 0 failed to decode; ${expected} dropped by the authors' image rule (local)`)
    expect(byId(authors, 'fig7.meanIntraClass.matchedFrequency').note).to.match(new RegExp(`^${total - expected} images; `))
    const table = authors.tables.find((t) => t.id === 'image-drops')!
    expect(table.rows.filter((r) => r.images !== 0).map((r) => [r.side, r.rule, r.images, r['of images read']])).to.deep.equal([
      ['MatchedFrequency (classifiers)', 'local', expected, total], ['MatchedFrequency (CLIP)', 'local', expected, total],
    ])

    const c = structuredClone(config)
    c.methods.imageRule = 'convert'
    const ours = await imagenetV2({ config: c })
    for (const side of ['matchedfrequency-classifiers', 'matchedfrequency-clip']) {
      expect(reasons.map((x) => byId(ours, `imagenetv2.imagesDropped.${side}.${x}`).value), side).to.deep.equal([0, 0, 0])
    }
    expect(byId(ours, `fig7.top1.matchedFrequency.${model}`).note).to.equal(`${total} images; 0 failed to decode; 0 dropped by the authors' image rule (convert)`)
    expect(byId(ours, 'fig7.meanIntraClass.matchedFrequency').note).to.match(new RegExp(`^${total} images; `))
  })
})
