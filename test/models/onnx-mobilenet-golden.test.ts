import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataPath, loadClassifier, type Classifier } from '../../src/index.js'
import { root, shared, skipWithoutShared } from '../helpers/shared.js'
import { classInfoClasses } from './golden.js'

// MobileNetV2-int8's logits on four real ImageNet samples, pinned against exact integer arithmetic (numpy, no
// onnxruntime: scripts/onnx_int8_reference.py), which is what a CPU with VNNI computes. The inputs are 56x56 crops
// stored in the golden file and enlarged 4x by integer bilinear interpolation, so both sides feed the same numbers.
interface MobileNetGolden {
  model: string
  size: number
  mean: number[]
  std: number[]
  images: { file: string, rgb56: string, logits: number[], top5: number[] }[]
}
const golden = JSON.parse(readFileSync(join(root, 'test/models/fixtures/mobilenet-int8-golden.json'), 'utf8')) as MobileNetGolden

/** scripts/onnx_int8_reference.py upsample4 and the normalisation: float64 throughout, one rounding to float32. */
function pixels(rgb: Uint8Array, n: number, mean: number[], std: number[]): Float32Array {
  const size = 4 * n
  const out = new Float32Array(3 * size * size)
  const at = (y: number, x: number, c: number) => rgb[(y * n + x) * 3 + c]
  for (let y = 0; y < size; y++) {
    const y0 = Math.floor(y / 4), fy = y % 4, y1 = Math.min(y0 + 1, n - 1)
    for (let x = 0; x < size; x++) {
      const x0 = Math.floor(x / 4), fx = x % 4, x1 = Math.min(x0 + 1, n - 1)
      for (let c = 0; c < 3; c++) {
        const v = (at(y0, x0, c) * (4 - fy) + at(y1, x0, c) * fy) * (4 - fx) + (at(y0, x1, c) * (4 - fy) + at(y1, x1, c) * fy) * fx
        out[c * size * size + y * size + x] = (v / (16 * 255) - mean[c]) / std[c]
      }
    }
  }
  return out
}

const top5 = (row: ArrayLike<number>) => Array.from(row, (v, i) => [v, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 5).map((p) => p[1])

describe('models: MobileNetV2-int8 through its float rewrite against exact integer arithmetic (real weights)', function () {
  let classifier: Classifier
  let mirror: string | undefined
  before(async function () {
    skipWithoutShared(this, 'data/models/mobilenetv2-12-int8.onnx')
    this.timeout(60_000) // the first load writes the rewrite into the cache
    mirror = process.env.LAIONET_DATA_MIRROR
    process.env.LAIONET_DATA_MIRROR ??= shared('data')
    classifier = await loadClassifier(await dataPath('models/mobilenetv2-12-int8.onnx'), { classes: classInfoClasses(), threads: 1 })
  })
  after(async () => {
    await classifier?.dispose()
    if (mirror === undefined) delete process.env.LAIONET_DATA_MIRROR
  })

  it('runs the float rewrite and says so, with the CPU', () => {
    expect(classifier.runtime!.path).to.equal('float-rewrite')
    expect(classifier.runtime!.note).to.match(/^mobilenetv2-12-int8\.onnx: int8 model run as its float rewrite \((cached|written to) .*float-rewrite\/[0-9a-f]{64}\.v2\.onnx\) on /)
    expect(classifier.runtime!.cpu).to.have.keys(['model', 'arch', 'cores', 'avx2', 'avx512f', 'vnni', 'flags'])
  })

  // Float32 accumulation moves a requantized activation by one step in rare near-ties (0.03% of a layer's values
  // after ten layers), and 52 layers amplify that, as on a VNNI CPU whose requantization also rounds in float32. So
  // the pins are statistical. Measured here (AMD EPYC, AVX2, no VNNI), per image: the float rewrite's mean |logit
  // difference| 0.23-0.48 and its top-2 equal to the reference's; onnxruntime's int8 kernels: 1.0-1.7, and a
  // different top-1 on 2 of the 4 images.
  it('reproduces the reference logits: the same two best classes, mean |difference| below 0.75, none above 3', async () => {
    const n = golden.size
    const one = 3 * 16 * n * n
    const batch = new Float32Array(golden.images.length * one)
    golden.images.forEach((g, i) => batch.set(pixels(Buffer.from(g.rgb56, 'base64'), n, golden.mean, golden.std), i * one))
    const rows = await classifier.logitsFromPixels!(batch, [golden.images.length, 3, 4 * n, 4 * n])
    expect(rows).to.have.length(golden.images.length)
    rows.forEach((row, i) => {
      const want = golden.images[i]
      expect(top5(row).slice(0, 2), want.file).to.deep.equal(want.top5.slice(0, 2))
      const diffs = Array.from(row, (v, k) => Math.abs(v - want.logits[k]))
      expect(diffs.reduce((a, b) => a + b, 0) / diffs.length, want.file).to.be.below(0.75)
      expect(Math.max(...diffs), want.file).to.be.below(3)
    })
  })
})
