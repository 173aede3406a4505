import { expect } from 'chai'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readOnnxModel } from '../../src/io/onnx-read.js'
import { encodeOnnxModel } from '../../src/io/onnx-write.js'
import { int8Operators, rewriteToFloat } from '../../src/models/onnx-float-rewrite.js'
import { planOnnxRun } from '../../src/models/onnx-run-plan.js'
import { parseCpuInfo } from '../../src/util/cpu-features.js'
import { root, shared, skipWithoutShared } from '../helpers/shared.js'

// Goldens: scripts/onnx_int8_reference.py evaluates the original int8 graph with exact integer arithmetic in numpy
// (what a VNNI CPU computes), without onnxruntime or this package.
const FIXTURES = join(root, 'test/models/fixtures')
const TINY = join(FIXTURES, 'int8-tiny.onnx')
interface TinyGolden { input: { name: string, dims: number[], data: number[] }, outputs: Record<string, { dims: number[], data: number[] }> }
const golden = JSON.parse(readFileSync(join(FIXTURES, 'int8-tiny-golden.json'), 'utf8')) as TinyGolden
const AVX2 = parseCpuInfo('model name : AMD EPYC\nflags : sse avx2 fma\n', { arch: 'x64', cores: 2 })
const VNNI = parseCpuInfo('model name : Intel Xeon\nflags : sse avx2 fma avx512f avx512bw avx512_vnni\n', { arch: 'x64', cores: 2 })

async function runOnnx(file: string): Promise<Record<string, { dims: readonly number[], data: unknown }>> {
  const ort = await import('onnxruntime-node')
  const session = await ort.InferenceSession.create(file)
  try {
    const x = new ort.Tensor('float32', Float32Array.from(golden.input.data), golden.input.dims)
    return await session.run({ [golden.input.name]: x })
  } finally {
    await session.release()
  }
}

describe('models: the float rewrite of int8 ONNX graphs', () => {
  let cache: string
  before(() => { cache = mkdtempSync(join(tmpdir(), 'laionet-float-rewrite-')) })
  after(() => rmSync(cache, { recursive: true, force: true }))
  const tiny = () => readOnnxModel(readFileSync(TINY), 'int8-tiny.onnx')

  it('finds the int8 operators of the hand-made graph (dot products, and the DequantizeLinear of an int8 weight)', () => {
    expect(int8Operators(tiny())).to.deep.equal({ QLinearConv: 2, QLinearMatMul: 1, DequantizeLinear: 1, ConvInteger: 1, MatMulInteger: 1 })
  })

  it('replaces every int8 operator by float ones between the model\'s own quantize / dequantize steps', () => {
    const { model, report } = rewriteToFloat(tiny())
    expect(report.replaced).to.deep.equal({ QLinearConv: 2, QLinearAdd: 1, QLinearGlobalAveragePool: 1, QLinearMatMul: 1, DequantizeLinear: 1, ConvInteger: 1, MatMulInteger: 1 })
    expect(int8Operators(model)).to.deep.equal({})
    const ops = model.graph.nodes.map((n) => n.opType)
    expect(ops.filter((o) => o.startsWith('QLinear') || o.endsWith('Integer'))).to.deep.equal([])
    expect(ops.filter((o) => o === 'Conv')).to.have.length(3) // conv1, depthwise, ConvInteger
    // Every int8 weight is gone; its float copy is (q - zero point) * scale.
    const names = model.graph.initializers.map((t) => t.name)
    for (const w of ['w1', 'w2', 'fcw', 'qdqw', 'ciw', 'miw', 'b1']) expect(names).to.not.include(w)
    const w1 = model.graph.initializers.find((t) => t.name === 'w1/float')!
    const original = tiny().graph.initializers.find((t) => t.name === 'w1')!
    const q = new Int8Array(original.raw!.buffer, original.raw!.byteOffset, 108)
    const scales = [0.01, 0.02, 0.015, 0.03].map(Math.fround)
    expect(Array.from(w1.floats!)).to.deep.equal(Array.from(q, (v, i) => Math.fround(v * scales[Math.floor(i / 27)])))
  })

  it('dequantizes a weight read by two nodes once', () => {
    const m = tiny()
    const conv1 = m.graph.nodes[1]
    m.graph.nodes.splice(2, 0, { ...conv1, name: 'conv1_twin', outputs: ['y1_twin'], payload: undefined })
    const { model } = rewriteToFloat(m)
    expect(model.graph.initializers.filter((t) => t.name.startsWith('w1/')).map((t) => t.name)).to.deep.equal(['w1/float'])
    expect(model.graph.nodes.filter((n) => n.opType === 'Conv' && n.inputs[1] === 'w1/float')).to.have.length(2)
  })

  it('gives the integer reference\'s outputs through onnxruntime (scripts/onnx_int8_reference.py goldens)', async () => {
    const file = join(cache, 'tiny-float.onnx')
    writeFileSync(file, encodeOnnxModel(rewriteToFloat(tiny()).model))
    const out = await runOnnx(file) // default session options: the rewritten file needs no configuration
    // Quantized outputs: the same integers, so equal to float32 precision. Integer outputs: exact.
    for (const name of ['logits', 'qdq_out', 'conv_integer_out', 'matmul_integer_out']) {
      const want = golden.outputs[name]
      expect(Array.from(out[name].dims), name).to.deep.equal(want.dims)
      const got = Array.from(out[name].data as ArrayLike<number | bigint>, Number)
      got.forEach((v, k) => expect(v, `${name}[${k}]`).to.be.closeTo(want.data[k], 1e-5 * Math.max(1, Math.abs(want.data[k]))))
    }
  })

  it('plans the path: a float model as it is, an int8 model through its cached rewrite, int8 kernels when asked', async function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-resnet/onnx/model.onnx')
    const warnings: string[] = []
    const warn = (m: string) => warnings.push(m)
    const float = await planOnnxRun(shared('fixtures/models/tiny-random-resnet/onnx/model.onnx'), { cache, cpu: AVX2, warn })
    expect(float.path).to.equal('float')
    expect(float.file).to.equal(shared('fixtures/models/tiny-random-resnet/onnx/model.onnx'))
    const first = await planOnnxRun(TINY, { cache, cpu: AVX2, warn })
    expect(first).to.include({ path: 'float-rewrite', cached: false })
    expect(first.file.startsWith(cache)).to.equal(true)
    expect(first.note).to.equal(`int8-tiny.onnx: int8 model run as its float rewrite (written to ${first.file}) on AMD EPYC (x64, 2 cores; avx2 fma)`)
    const second = await planOnnxRun(TINY, { cache, cpu: AVX2, warn })
    expect(second).to.include({ path: 'float-rewrite', cached: true, file: first.file })
    expect(second.int8Operators).to.deep.equal(first.int8Operators)
    expect(readFileSync(first.file)).to.deep.equal(Buffer.from(encodeOnnxModel(rewriteToFloat(tiny()).model)))
    writeFileSync(`${first.file}.json`, '{"int8Oper') // a torn side record: the rewrite is made again
    expect(await planOnnxRun(TINY, { cache, cpu: AVX2, warn })).to.include({ path: 'float-rewrite', cached: false, file: first.file })
    expect(JSON.parse(readFileSync(`${first.file}.json`, 'utf8')).int8Operators).to.deep.equal(first.int8Operators)
    expect(warnings).to.deep.equal([])
    const raw = await planOnnxRun(TINY, { cache, cpu: AVX2, warn, int8Kernels: true })
    expect(raw).to.include({ path: 'int8', file: TINY })
    expect(warnings).to.have.length(1)
    expect(warnings[0]).to.match(/^onnx: int8-tiny\.onnx runs on onnxruntime's int8 kernels \(asked for\), and this CPU has no VNNI \(AMD EPYC .*\): expect about 8 points of top-1 on MobileNetV2-int8/)
    await planOnnxRun(TINY, { cache, cpu: VNNI, warn, int8Kernels: true })
    expect(warnings).to.have.length(1) // with VNNI the int8 kernels are exact: no warning
  })

  it('falls back to the int8 kernels, saying why, when an operator has no rewrite (QGemm)', async () => {
    const m = tiny()
    m.graph.nodes[1] = { ...m.graph.nodes[1], opType: 'QGemm', domain: 'com.microsoft', payload: undefined }
    expect(() => rewriteToFloat(m)).to.throw('onnx: int8-tiny.onnx: cannot rewrite QGemm node "conv1" to float: no float rewrite for this operator yet')
    const file = join(cache, 'qgemm.onnx')
    writeFileSync(file, encodeOnnxModel(m))
    const warnings: string[] = []
    const plan = await planOnnxRun(file, { cache, cpu: AVX2, warn: (w) => warnings.push(w) })
    expect(plan.path).to.equal('int8')
    expect(plan.note).to.contain('(the float rewrite failed: onnx: ')
    expect(warnings[0]).to.contain('cannot rewrite QGemm node "conv1" to float')
    expect(existsSync(join(cache, 'qgemm.onnx'))).to.equal(true)
  })
})
