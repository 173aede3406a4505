import { expect } from 'chai'
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { classifyImages, loadClassifier, type Classifier, type DecodedImage } from '../../src/index.js'
import { decodeImage } from '../../src/models/decode-image.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { classInfoClasses, classifierGolden, readFloat32Npy } from './golden.js'

type Tiny = 'tiny-random-vit' | 'tiny-random-resnet'
const image = (file: string) => shared(`fixtures/images/${file}`)
const SIZE = 3 * 224 * 224

/** Indices of the k largest values, computed here independently of the code under test. */
function argsortTop(values: ArrayLike<number>, k: number): number[] {
  return Array.from(values, (v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i)
}

async function goldenImages(model: Tiny): Promise<DecodedImage[]> {
  return Promise.all(classifierGolden(model).map((g) => decodeImage(image(g.file))))
}

/** Stage 1: the model on the reference pixel values reproduces the reference logits. */
async function checkStage1(classifier: Classifier, model: Tiny): Promise<void> {
  const golden = classifierGolden(model)
  const pv = readFloat32Npy(`fixtures/golden/${model}_pixel_values.npy`)
  const logits = readFloat32Npy(`fixtures/golden/${model}_logits.npy`)
  const rows = await classifier.logitsFromPixels!(pv.data, pv.shape)
  expect(rows.length).to.equal(18)
  rows.forEach((row, i) => {
    let worst = 0, sum = 0
    row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - logits.data[i * 1000 + j])); sum += v })
    expect(worst, golden[i].file).to.be.below(1e-4)
    expect(Math.abs(sum - golden[i].logits_sha), golden[i].file).to.be.below(1e-2)
    expect(argsortTop(row, 5), golden[i].file).to.deep.equal(golden[i].top5)
  })
}

/** Stage 2: our preprocessing reproduces the reference pixel values up to resampling differences. */
async function checkStage2(classifier: Classifier, model: Tiny, medianLimit: number): Promise<number[]> {
  const pv = readFloat32Npy(`fixtures/golden/${model}_pixel_values.npy`)
  const ours = await classifier.preprocess!(await goldenImages(model))
  expect(ours.dims).to.deep.equal([18, 3, 224, 224])
  const means: number[] = []
  for (let i = 0; i < 18; i++) {
    let sum = 0
    for (let k = 0; k < SIZE; k++) sum += Math.abs(ours.data[i * SIZE + k] - pv.data[i * SIZE + k])
    means.push(sum / SIZE)
  }
  // Worst measured: 0.22 on the CMYK image (libvips' colour management vs PIL's naive conversion).
  means.forEach((m, i) => expect(m, classifierGolden(model)[i].file).to.be.below(0.25))
  expect([...means].sort((a, b) => a - b)[9]).to.be.below(medianLimit)
  return means
}

describe('models: classifiers (tiny random ViT and ResNet vs PyTorch goldens, stage by stage)', function () {
  const classes = () => classInfoClasses()
  let tmp: string
  before(function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-vit')
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    tmp = mkdtempSync(join(tmpdir(), 'laionet-classify-'))
  })
  after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }) })

  for (const model of ['tiny-random-vit', 'tiny-random-resnet'] as const) {
    describe(`${model} as a transformers.js image-classification folder`, () => {
      let classifier: Classifier
      before(async () => { classifier = await loadClassifier(shared(`fixtures/models/${model}`), { classes: classes() }) })
      after(async () => { await classifier?.dispose() })

      if (model === 'tiny-random-vit') {
        it('stage 1: reproduces the golden logits within 1e-4 and the exact top-5 on the golden pixel values', async () => {
          expect(classifier.kind).to.equal('transformers')
          await checkStage1(classifier, model)
        })
      } else {
        // The fixture's ResNet graph does not reproduce its own goldens even on the golden pixel values
        // (onnxruntime alone: max |difference| 0.93, top-1 always 492): graph and goldens disagree, so the
        // model stage is checked against onnxruntime run directly on the same graph.
        it('stage 1: gives exactly what onnxruntime gives on the same graph and the golden pixel values', async () => {
          const ort = await import('onnxruntime-node')
          const pv = readFloat32Npy(`fixtures/golden/${model}_pixel_values.npy`)
          const session = await ort.InferenceSession.create(shared(`fixtures/models/${model}/onnx/model.onnx`))
          const direct = (await session.run({ pixel_values: new ort.Tensor('float32', pv.data, pv.shape) })).logits.data as Float32Array
          await session.release()
          const rows = await classifier.logitsFromPixels!(pv.data, pv.shape)
          rows.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - direct[i * 1000 + j])).to.be.below(1e-5)))
        })
      }

      it('stage 2: preprocesses like the reference processor (mean |difference| per image below 0.25, median below 0.05)', async () => {
        await checkStage2(classifier, model, 0.05)
      })

      it('full path: top-5 are the 5 largest logits with softmax scores over the 1000 classes', async () => {
        const files = classifierGolden(model).map((g) => image(g.file))
        const { predictions, errors, converted } = await classifyImages(classifier, files, { batchSize: 7 })
        expect(errors).to.deep.equal([])
        expect(converted).to.deep.equal({ grayscale: 1, rgba: 1, cmyk: 1 })
        const logits = await classifier.logits(await goldenImages(model))
        predictions.forEach((p, i) => {
          const row = logits[i]
          const max = Math.max(...row)
          const z = row.reduce((s, v) => s + Math.exp(v - max), 0)
          const top = argsortTop(row, 5)
          expect(p!.file).to.equal(files[i])
          expect(p!.top5.map((c) => c.index)).to.deep.equal(top)
          expect(p!.top5.map((c) => c.wnid)).to.deep.equal(top.map((j) => classes()[j].wnid))
          p!.top5.forEach((c) => expect(Math.abs(c.score - Math.exp(row[c.index] - max) / z)).to.be.below(1e-6))
        })
        if (model === 'tiny-random-vit') {
          // Measured with transformers.js 4.3: the ViT's top-1 survives the resampling noise on all 18 images.
          const golden = classifierGolden(model)
          predictions.forEach((p, i) => expect(p!.top5[0].index, golden[i].file).to.equal(golden[i].top5[0]))
        }
      })
    })
  }

  it('restricts a head whose labels are not the 1000 classes in order (as for ImageNet-22k heads)', async () => {
    const dir = join(tmp, 'permuted-vit')
    cpSync(shared('fixtures/models/tiny-random-vit'), dir, { recursive: true })
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
    const labels = config.id2label as Record<string, string>
    // Output 0 now claims goldfish and output 1 tench; output 2 is a label outside ImageNet-1k.
    ;[labels['0'], labels['1']] = [labels['1'], labels['0']]
    labels['2'] = 'quasar, QSO'
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
    const classifier = await loadClassifier(dir, { classes: classes() })
    const pv = readFloat32Npy('fixtures/golden/tiny-random-vit_pixel_values.npy')
    const golden = readFloat32Npy('fixtures/golden/tiny-random-vit_logits.npy')
    const rows = await classifier.logitsFromPixels!(pv.data.slice(0, SIZE), [1, 3, 224, 224])
    expect(Math.abs(rows[0][0] - golden.data[1])).to.be.below(1e-4)
    expect(Math.abs(rows[0][1] - golden.data[0])).to.be.below(1e-4)
    expect(rows[0][2]).to.equal(-Infinity)
    expect(Math.abs(rows[0][3] - golden.data[3])).to.be.below(1e-4)
    await classifier.dispose()
  })

  describe('a raw .onnx file with declared preprocessing (resize 256, centre crop 224, ImageNet mean/std, bicubic)', () => {
    let classifier: Classifier
    before(async () => {
      // A bare graph (the tiny ViT's), copied away from its config.json so only the declared preprocessing
      // applies. The model stage is checked on the ViT goldens; the preprocessing on the ResNet goldens,
      // whose ConvNext processor is exactly this transform (shortest edge 224 / 0.875 = 256, crop 224).
      const file = join(tmp, 'vit.onnx')
      copyFileSync(shared('fixtures/models/tiny-random-vit/onnx/model.onnx'), file)
      classifier = await loadClassifier(file, { classes: classes(), preprocess: { kernel: 'cubic' } })
    })
    after(async () => { await classifier?.dispose() })

    it('stage 1: reproduces the golden logits on the golden pixel values, outputs in sorted-wnid order', async () => {
      expect(classifier.kind).to.equal('onnx')
      await checkStage1(classifier, 'tiny-random-vit')
    })

    it('stage 2: our resize and crop match the reference ConvNext processing (median mean |difference| below 0.01)', async () => {
      await checkStage2(classifier, 'tiny-random-resnet', 0.01)
    })

    it('rejects a crop larger than the resize', async () => {
      const err = await loadClassifier(join(tmp, 'vit.onnx'), { classes: classes(), preprocess: { resize: 200 } }).then(() => null, (e: Error) => e)
      expect(err?.message).to.equal('classify: preprocessing needs 0 < crop <= resize, got resize 200, crop 224')
    })
  })

  it('says where it looked for a missing model and what to pass instead', async () => {
    const missing = join(tmp, 'nope')
    const err = await loadClassifier(missing + '/', { classes: classes() }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`models: model not found at ${missing} (no such file or folder). Pass an existing model folder or .onnx file, or a hub id such as Xenova/clip-vit-base-patch32`)
    const offline = await loadClassifier('Xenova/resnet-50', { classes: classes(), offline: true, modelCache: join(tmp, 'models') }).then(() => null, (e: Error) => e)
    expect(offline?.message).to.equal(`models: hub model "Xenova/resnet-50" is not in the model cache (looked in ${join(tmp, 'models', 'Xenova/resnet-50')}) and offline mode is on (LAIONET_OFFLINE or models.allowRemoteModels: false). ` +
      'Copy the files of https://huggingface.co/Xenova/resnet-50 into that folder, pass --model <folder>, or allow downloads (unset LAIONET_OFFLINE, set models.allowRemoteModels) to download it')
  })
})
