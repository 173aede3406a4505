import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readOnnxModel, tensorValues, type OnnxModel } from '../../src/io/onnx-read.js'
import { WireWriter, wireFields } from '../../src/io/onnx-wire.js'
import { encodeOnnxModel } from '../../src/io/onnx-write.js'
import { root } from '../helpers/shared.js'

// The hand-made int8 graph of scripts/onnx_int8_reference.py (tiny_model): its nodes, attributes and constants are
// known from that script's text, independently of this reader.
const TINY = join(root, 'test/models/fixtures/int8-tiny.onnx')
const f32 = (x: number) => Math.fround(x)

describe('io: ONNX protobuf reader and writer', () => {
  const bytes = readFileSync(TINY)
  const model = readOnnxModel(bytes, 'int8-tiny.onnx')
  const init = (m: OnnxModel, name: string) => m.graph.initializers.find((t) => t.name === name)!

  it('reads the graph: operators in order, domains, inputs and outputs, opsets', () => {
    expect(model.irVersion).to.equal(8)
    expect(model.opsets).to.deep.equal([{ domain: '', version: 13 }, { domain: 'com.microsoft', version: 1 }])
    expect(model.graph.nodes.map((n) => n.opType)).to.deep.equal(['QuantizeLinear', 'QLinearConv', 'QLinearConv', 'QLinearAdd',
      'QLinearGlobalAveragePool', 'Reshape', 'QLinearMatMul', 'DequantizeLinear', 'DequantizeLinear', 'MatMul', 'ConvInteger', 'Cast',
      'Mul', 'MatMulInteger'])
    const conv = model.graph.nodes[1]
    expect(conv.name).to.equal('conv1')
    expect(conv.inputs).to.deep.equal(['xq', 'xs', 'xz', 'w1', 'w1s', 'w1z', 'y1s', 'y1z', 'b1'])
    expect(conv.outputs).to.deep.equal(['y1'])
    expect(model.graph.nodes[3].domain).to.equal('com.microsoft')
    expect(model.graph.inputs.map((i) => i.name)).to.deep.equal(['x'])
    expect(model.graph.outputs.map((o) => o.name)).to.deep.equal(['logits', 'qdq_out', 'conv_integer_out', 'matmul_integer_out'])
  })

  it('reads attributes: ints, int, and the Cast target type', () => {
    const attrs = (i: number) => Object.fromEntries(model.graph.nodes[i].attributes.map((a) => [a.name, a.ints ?? a.i]))
    expect(attrs(1)).to.deep.equal({ strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] })
    expect(attrs(2)).to.deep.equal({ group: 4, pads: [1, 1, 1, 1] })
    expect(attrs(4)).to.deep.equal({ channels_last: 0 })
    expect(attrs(11)).to.deep.equal({ to: 1 })
  })

  it('decodes initializers of every type the rewrite reads: float, uint8, int8, int32, int64 (negative)', () => {
    expect(init(model, 'w1').dims).to.deep.equal([4, 3, 3, 3])
    expect(init(model, 'w1').dataType).to.equal(3)
    expect(Array.from(tensorValues(init(model, 'w1s'), 'x'))).to.deep.equal([0.01, 0.02, 0.015, 0.03].map(f32))
    expect(Array.from(tensorValues(init(model, 'xz'), 'x'))).to.deep.equal([128])
    expect(Array.from(tensorValues(init(model, 'miwz'), 'x'))).to.deep.equal([1, -2, 3])
    expect(Array.from(tensorValues(init(model, 'flat'), 'x'))).to.deep.equal([-1, 4])
    const w = tensorValues(init(model, 'w1'), 'x')
    expect(w.length).to.equal(108)
    expect(w.every((v) => Number.isInteger(v) && v >= -127 && v <= 127)).to.equal(true)
    expect(tensorValues(init(model, 'b1'), 'x').every((v) => v >= -500 && v < 500)).to.equal(true)
  })

  it('decodes typed (non-raw) data fields: int32_data, int64_data packed and unpacked, float_data', () => {
    const t = (fields: (w: WireWriter) => void) => {
      const w = new WireWriter()
      fields(w)
      const g = new WireWriter().bytes(5, w).bytes(1, new WireWriter().bytes(4, 'Identity'))
      return readOnnxModel(new WireWriter().int(1, 8).bytes(7, g).finish(), 'typed.onnx').graph.initializers[0]
    }
    const int32 = t((w) => { w.int(1, 3).int(2, 6).bytes(8, 'a'); for (const v of [-7, 0, 300]) w.int(5, v) })
    expect(Array.from(tensorValues(int32, 'typed.onnx'))).to.deep.equal([-7, 0, 300])
    const int64 = t((w) => w.int(1, 2).int(2, 7).bytes(8, 'b').bytes(7, Uint8Array.of(0x96, 0x01, 0x7f)))
    expect(Array.from(tensorValues(int64, 'typed.onnx'))).to.deep.equal([150, 127])
    const floats = t((w) => w.int(1, 2).int(2, 1).bytes(8, 'c').bytes(4, new Uint8Array(Float32Array.of(1.5, -2).buffer)))
    expect(Array.from(tensorValues(floats, 'typed.onnx'))).to.deep.equal([1.5, -2])
    const short = t((w) => w.int(1, 4).int(2, 6).bytes(8, 'd').int(5, 1))
    expect(() => tensorValues(short, 'typed.onnx')).to.throw('onnx: typed.onnx: tensor "d" holds 1 values, its dims [4] say 4 at byte 0')
  })

  it('writes back what it read: the same nodes, attributes, initializers and outputs', () => {
    const again = readOnnxModel(encodeOnnxModel(model), 'again.onnx')
    const strip = (m: OnnxModel) => ({
      opsets: m.opsets, ir: m.irVersion,
      nodes: m.graph.nodes.map(({ payload: _p, attributes, ...n }) => ({ ...n, attributes: attributes.map(({ payload: _a, ...a }) => a) })),
      inits: m.graph.initializers.map((t) => ({ name: t.name, dims: t.dims, type: t.dataType, values: Array.from(tensorValues(t, m.file)) })),
      outputs: m.graph.outputs.map((o) => o.name),
    })
    expect(strip(again)).to.deep.equal(strip(model))
  })

  it('decodes varints as protobuf does: 150, -1 as ten bytes, and refuses eleven', () => {
    const field = (b: number[]) => [...wireFields(Uint8Array.from(b), 0, b.length, 'v.onnx')][0]
    expect(field([0x08, 0x96, 0x01]).value).to.equal(150) // the protobuf documentation's example
    expect(field([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).value).to.equal(-1)
    expect(field([0x08, 0x80, 0x80, 0x80, 0x80, 0x08]).value).to.equal(2 ** 31)
    expect(() => field([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).to.throw('a varint longer than 10 bytes at byte 1')
    expect(() => field([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])).to.throw('an integer 72057594037927935 beyond 2^53 at byte 1') // 56 one-bits
  })

  it('refuses truncated and foreign files, naming the file, the byte and what to do', () => {
    expect(() => readOnnxModel(bytes.subarray(0, bytes.length - 100), 'cut.onnx')).to.throw(/^onnx: cut\.onnx: field 7 declares \d+ bytes but its message has \d+ left at byte \d+\. The file is truncated or not an ONNX model/)
    const text = readFileSync(join(root, 'test/models/fixtures/int8-tiny-golden.json')) // JSON, not protobuf
    expect(() => readOnnxModel(text, 'golden.json')).to.throw(/^onnx: golden\.json: /)
    expect(() => readOnnxModel(new Uint8Array(0), 'empty.onnx')).to.throw('onnx: empty.onnx: 0 graphs in the model (expected one ModelProto.graph) at byte 0')
  })

  it('bounds every size it reads: a length past the end, a dimension of 2^40, a tensor above 2^28 values', () => {
    expect(() => [...wireFields(Uint8Array.of(0x3a, 0xff, 0xff, 0x03, 0x00), 0, 5, 'len.onnx')]).to.throw('onnx: len.onnx: field 7 declares 65535 bytes but its message has 1 left at byte 0')
    const huge = (dims: number[]) => {
      const t = new WireWriter()
      for (const d of dims) t.int(1, d)
      t.int(2, 1).bytes(8, 'w').bytes(9, new Uint8Array(8))
      return new WireWriter().bytes(7, new WireWriter().bytes(5, t)).finish()
    }
    expect(() => readOnnxModel(huge([2 ** 40]), 'dims.onnx')).to.throw('onnx: dims.onnx: tensor "w" has dimension 1099511627776 at byte 2')
    const big = readOnnxModel(huge([2 ** 15, 2 ** 15]), 'big.onnx').graph.initializers[0]
    expect(() => tensorValues(big, 'big.onnx')).to.throw('onnx: big.onnx: tensor "w" has 32768x32768 elements, above the 268435456 this reader decodes at byte 0')
    const three = readOnnxModel(huge([3]), 'three.onnx').graph.initializers[0]
    expect(() => tensorValues(three, 'three.onnx')).to.throw('onnx: three.onnx: tensor "w" has 8 bytes of raw data for 3 values of 4 bytes at byte 0')
  })
})
