import { expect } from 'chai'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cachedClassifier } from '../../src/models/classification-cache.js'
import { classifyImages } from '../../src/models/classify-images.js'
import type { ClassEntry, Classifier, DecodedImage } from '../../src/models/types.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

// The classification cache: a second run over the same images and model files loads no model and decodes nothing,
// and returns what classifyImages returned; a changed image, model file or option is classified again.
describe('models: cachedClassifier', () => {
  before(function () { skipWithoutShared(this, 'fixtures/images') })
  let dir = ''
  let modelDir = ''
  let images: string[] = []
  const classes: ClassEntry[] = Array.from({ length: 1000 }, (_, i) => ({ index: i, wnid: `n${String(i).padStart(8, '0')}`, lemmas: [`class ${i}`] }))
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-classify-cache-'))
    modelDir = join(dir, 'model')
    mkdirSync(join(modelDir, 'onnx'), { recursive: true })
    writeFileSync(join(modelDir, 'config.json'), '{"model_type": "fake"}')
    writeFileSync(join(modelDir, 'onnx', 'model.onnx'), 'weights v1')
    images = ['n01440764_tench.JPEG', 'gray_tench.jpg', 'n02123045_tabby.JPEG'].map((f) => {
      const to = join(dir, f)
      copyFileSync(shared(`fixtures/images/${f}`), to)
      return to
    })
    writeFileSync(join(dir, 'broken.jpg'), 'not an image')
    images.push(join(dir, 'broken.jpg'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  // A stand-in model whose logits depend on the pixels (so a changed image changes them) and that counts its work.
  let loads = 0
  let imagesSeen = 0
  const fake = async (): Promise<Classifier> => {
    loads++
    return {
      id: 'fake', kind: 'onnx', classes,
      async logits(batch: DecodedImage[]) {
        imagesSeen += batch.length
        return batch.map((im) => Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * (im.data[0] + 1) + im.width) * 3))
      },
      async dispose() {},
    }
  }
  const cache = () => join(dir, 'cache')
  const run = async (inputs: string[], options = { batchSize: 2 }) => {
    const c = cachedClassifier(fake, { spec: modelDir, settings: { classes: classes.length }, dir: cache() })
    try {
      return await c.classify(inputs, options)
    } finally {
      await c.dispose()
    }
  }

  it('returns what classifyImages returns, and on a rerun loads no model and reads no image', async () => {
    const expected = await classifyImages(await fake(), images, { batchSize: 2 })
    loads = 0
    imagesSeen = 0
    const first = await run(images)
    expect(first).to.deep.equal(expected)
    expect(first.errors).to.have.length(1) // broken.jpg, kept as an error in the entry
    expect([loads, imagesSeen]).to.deep.equal([1, 3])
    const second = await run(images)
    expect(second).to.deep.equal(expected)
    expect([loads, imagesSeen]).to.deep.equal([1, 3])
  })

  it('classifies again when an image changes, an option changes, or a model file changes', async () => {
    loads = 0
    await run(images, { batchSize: 3 }) // another option: another entry
    expect(loads).to.equal(1)
    copyFileSync(shared('fixtures/images/n01443537_goldfish.JPEG'), images[1])
    const changed = await run(images)
    expect(loads).to.equal(2)
    expect(changed).to.deep.equal(await classifyImages(await fake(), images, { batchSize: 2 }))
    loads = 0
    await run(images)
    expect(loads).to.equal(0)
    writeFileSync(join(modelDir, 'onnx', 'model.onnx'), 'weights v2')
    await run(images)
    expect(loads).to.equal(1)
  })

  it('classifies again an image replaced by another file given an old mtime', async () => {
    loads = 0
    await run(images.slice(0, 1))
    const before = loads
    // The memo of content hashes is keyed by (path, size, mtime, inode): a replaced file misses it and is hashed.
    const tmp = `${images[0]}.new`
    copyFileSync(shared('fixtures/images/n02504458_African_elephant.JPEG'), tmp)
    rmSync(images[0])
    copyFileSync(tmp, images[0])
    utimesSync(images[0], new Date(0), new Date(0))
    await run(images.slice(0, 1))
    expect(loads).to.equal(before + 1)
    expect(readdirSync(cache()).some((f) => f === 'file-sha256.json')).to.equal(true)
  })

  it('runs uncached with no cache folder', async () => {
    loads = 0
    const c = cachedClassifier(fake, { spec: modelDir, dir: null })
    await c.classify(images.slice(0, 1))
    await c.classify(images.slice(0, 1))
    await c.dispose()
    expect(loads).to.equal(1)
  })
})
