/**
 * Rewrites a quantized ONNX graph so that no integer dot product is left for onnxruntime's int8 kernels, whose
 * result depends on the CPU: without VNNI, x86 kernels multiply u8 x s8 pairs with vpmaddubsw, whose int16 sums
 * saturate, and MobileNetV2-int8 loses about 8 points of top-1. The rewrite keeps the model's quantized semantics:
 * every activation stays quantized exactly where the model quantizes it (DequantizeLinear before a float operator,
 * QuantizeLinear after it, with the model's own scales and zero points), and only the arithmetic in between becomes
 * float32 with the weights dequantized once, `(q - zero_point) * scale`. Keeping the activations' quantization
 * matters: the quantizer folded ReLU and ReLU6 into the output ranges (MobileNetV2-int8 has no Clip node left; the
 * uint8 saturation of each QLinearConv output is the activation), so a float-only graph would be another model.
 * What remains differs from exact integer arithmetic (a VNNI CPU) only by float32 rounding of the accumulation,
 * which moves a requantized activation by one step in rare ties. An activation is dequantized with Cast, Sub and Mul,
 * not DequantizeLinear: onnxruntime's graph optimizer fuses DequantizeLinear -> Conv -> QuantizeLinear groups back
 * into int8 kernels (measured: the first convolution's output then differs from exact integer arithmetic by up to 43
 * steps) and at its basic level drops QuantizeLinear -> DequantizeLinear pairs (the folded ReLU6); without a
 * DequantizeLinear there is no group to fuse, so the rewritten file runs the same under any session options.
 */
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor } from '../io/onnx-read.js'
import { ONNX_TYPES, tensorSize, tensorValues } from '../io/onnx-read.js'
import { intAttribute } from '../io/onnx-write.js'
import { LaionetError } from '../util/errors.js'

/** Operators whose arithmetic runs onnxruntime's integer dot-product kernels (CPU-dependent without VNNI). */
const INT8_KERNEL_OPS = new Set(['QLinearConv', 'QLinearMatMul', 'ConvInteger', 'MatMulInteger', 'QGemm', 'MatMulIntegerToFloat',
  'DynamicQuantizeMatMul', 'QAttention', 'DynamicQuantizeLSTM', 'QLinearConvTranspose'])
/** Element-wise quantized operators of onnxruntime's contrib domain that the rewrite also turns into float. */
const ELEMENTWISE: Record<string, string> = { QLinearAdd: 'Add', QLinearMul: 'Mul', QLinearGlobalAveragePool: 'GlobalAveragePool' }
const INTEGER_TYPES = new Set<number>([ONNX_TYPES.uint8, ONNX_TYPES.int8, ONNX_TYPES.int32])

/** What a rewrite did: operators replaced, by type, and the weights it dequantized. */
export interface FloatRewriteReport {
  /** Quantized operators replaced, by op type (e.g. { QLinearConv: 52, QLinearAdd: 11 }). */
  replaced: Record<string, number>
  /** Initializers turned into float32 (dequantized weights and biases). */
  dequantizedWeights: number
}

/** Raised when a graph holds an int8 operator the rewrite does not handle; names the node. */
function unsupported(file: string, n: OnnxNode, why: string): LaionetError {
  return new LaionetError('onnx', `${file}: cannot rewrite ${n.opType} node "${n.name}" to float: ${why}`, { code: 'invalid-input' })
}

/**
 * The int8 operators of a model that make its result CPU-dependent, by op type: integer dot products, and
 * DequantizeLinear of an int8 weight (QDQ models, which onnxruntime fuses back into int8 kernels). Empty for a float model.
 * @example int8Operators(readOnnxModel(bytes, 'm.onnx')) // { QLinearConv: 52, QLinearMatMul: 1 }
 */
export function int8Operators(m: OnnxModel): Record<string, number> {
  const weights = new Set(m.graph.initializers.filter((t) => t.dataType === ONNX_TYPES.int8 || t.dataType === ONNX_TYPES.uint8).map((t) => t.name))
  const out: Record<string, number> = {}
  for (const n of m.graph.nodes) {
    if (INT8_KERNEL_OPS.has(n.opType) || (n.opType === 'DequantizeLinear' && weights.has(n.inputs[0]))) out[n.opType] = (out[n.opType] ?? 0) + 1
  }
  return out
}

/**
 * Returns a copy of `m` whose integer dot products are float32 operators between the model's own quantize and
 * dequantize steps (see the file comment), and what was replaced. Throws naming the node when an operator cannot be
 * rewritten (e.g. QGemm, or a scale that is not a constant).
 * @example const { model, report } = rewriteToFloat(readOnnxModel(bytes, file)); writeFileSync(out, encodeOnnxModel(model))
 */
export function rewriteToFloat(m: OnnxModel): { model: OnnxModel, report: FloatRewriteReport } {
  const file = m.file
  const inits = new Map(m.graph.initializers.map((t) => [t.name, t]))
  const used = new Set<string>([...inits.keys(), ...m.graph.inputs.map((i) => i.name)])
  for (const n of m.graph.nodes) for (const t of [...n.inputs, ...n.outputs, n.name]) used.add(t)
  const fresh = (base: string) => {
    let name = base
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`
    used.add(name)
    return name
  }
  const added: OnnxTensor[] = []
  const nodes: OnnxNode[] = []
  const report: FloatRewriteReport = { replaced: {}, dequantizedWeights: 0 }
  const memo = new Map<string, string>()
  const values = (name: string) => tensorValues(inits.get(name)!, file)
  const node = (opType: string, inputs: string[], outputs: string[], attributes: OnnxAttribute[] = []): void => {
    nodes.push({ opType, domain: '', name: fresh(`${outputs[0]}/${opType}`), inputs, outputs, attributes })
  }

  /** A float32 initializer `(q - zp) * scale`, per `axis` when scale or zp has more than one value. */
  const folded = new Map<string, string>()
  const fold = (n: OnnxNode, q: string, scale: string | undefined, zp: string | undefined, axis: number, output?: string): string => {
    // A weight read by several nodes (same scale and zero point) is dequantized once.
    const key = `${q}\u0000${scale ?? ''}\u0000${zp ?? ''}\u0000${axis}`
    if (!output && folded.has(key)) return folded.get(key)!
    const name = output ?? fresh(`${q}/float`)
    if (!output) folded.set(key, name)
    const t = inits.get(q)
    if (!t) throw unsupported(file, n, `"${q}" is not a constant initializer (a weight computed at run time)`)
    if (!INTEGER_TYPES.has(t.dataType)) throw unsupported(file, n, `weight "${q}" has data type ${t.dataType}, expected int8, uint8 or int32`)
    for (const c of [scale, zp]) if (c && !inits.has(c)) throw unsupported(file, n, `"${c}" of the constant "${q}" is not a constant initializer`)
    const w = values(q)
    const s = scale ? values(scale) : Float64Array.of(1)
    const z = zp ? values(zp) : Float64Array.of(0)
    const dims = t.dims
    const ax = axis < 0 ? axis + dims.length : axis
    const channels = dims.length ? dims[ax] : 1
    for (const [what, v] of [['scale', s], ['zero point', z]] as const) {
      if (v.length !== 1 && v.length !== channels) throw unsupported(file, n, `${what} of "${q}" has ${v.length} values for ${channels} channels on axis ${ax}`)
    }
    const inner = dims.slice(ax + 1).reduce((a, b) => a * b, 1)
    const out = new Float32Array(w.length)
    for (let i = 0; i < w.length; i++) {
      const c = channels > 1 ? Math.floor(i / inner) % channels : 0
      out[i] = (w[i] - z[z.length === 1 ? 0 : c]) * s[s.length === 1 ? 0 : c]
    }
    added.push({ name, dataType: ONNX_TYPES.float, dims: [...dims], floats: out })
    report.dequantizedWeights++
    return name
  }

  /** The float value of a quantized tensor: folded when constant, else one DequantizeLinear node (shared by its readers). */
  const dequantized = (n: OnnxNode, x: string, scale: string, zp: string | undefined, axis: number): string => {
    if (inits.has(x)) return fold(n, x, scale, zp, axis)
    if (inits.has(scale) && tensorSize(inits.get(scale)!, file) !== 1) throw unsupported(file, n, `activation "${x}" has a per-channel scale`)
    const key = `${x}\u0000${scale}\u0000${zp ?? ''}`
    let name = memo.get(key)
    if (!name) {
      // Cast, Sub, Mul computes exactly what DequantizeLinear does, (float(q) - zp) * scale, but leaves no
      // DequantizeLinear -> op -> QuantizeLinear group for onnxruntime's optimizer to fuse back into int8 kernels.
      name = fresh(`${x}/float`)
      node('Mul', [integerToFloat(n, x, zp), scale], [name])
      memo.set(key, name)
    }
    return name
  }
  const quantize = (n: OnnxNode, yf: string, scale: string, zp: string | undefined, y: string): void => {
    if (!zp) throw unsupported(file, n, 'its output has no zero point, so its integer type is unknown')
    node('QuantizeLinear', [yf, scale, zp], [y])
  }
  const opt = (s: string | undefined) => (s ? s : undefined) // '' marks an absent optional input

  for (const n of m.graph.nodes) {
    const i = n.inputs
    const dotOrElementwise = INT8_KERNEL_OPS.has(n.opType) || (n.domain === 'com.microsoft' && n.opType in ELEMENTWISE)
    if (n.opType === 'DequantizeLinear' && inits.has(i[0])) {
      if (n.attributes.some((a) => a.name === 'block_size' && a.i)) throw unsupported(file, n, 'blocked quantization (block_size)')
      fold(n, i[0], i[1], opt(i[2]), n.attributes.find((a) => a.name === 'axis')?.i ?? 1, n.outputs[0])
      count(report, n.opType)
      continue
    }
    if (!dotOrElementwise) { nodes.push(n); continue }
    const yf = fresh(`${n.outputs[0]}/float`)
    switch (n.opType) {
      case 'QLinearConv': {
        const [x, xs, xz, w, ws, wz, ys, yz, b] = i
        const inputs = [dequantized(n, x, xs, opt(xz), 1), fold(n, w, ws, opt(wz), 0)]
        if (opt(b)) {
          if (!inits.has(xs) || !inits.has(ws)) throw unsupported(file, n, 'its scales are not constants, so its int32 bias cannot be dequantized')
          inputs.push(foldBias(n, b, values(xs)[0], values(ws)))
        }
        node('Conv', inputs, [yf], n.attributes)
        quantize(n, yf, ys, opt(yz), n.outputs[0])
        break
      }
      case 'QLinearMatMul': {
        const [a, as, az, b, bs, bz, ys, yz] = i
        const rank = (t: string) => inits.get(t)?.dims.length ?? 2
        node('MatMul', [dequantized(n, a, as, opt(az), rank(a) - 2), dequantized(n, b, bs, opt(bz), rank(b) - 1)], [yf])
        quantize(n, yf, ys, opt(yz), n.outputs[0])
        break
      }
      case 'QLinearAdd': case 'QLinearMul': {
        const [a, as, az, b, bs, bz, cs, cz] = i
        node(ELEMENTWISE[n.opType], [dequantized(n, a, as, opt(az), 1), dequantized(n, b, bs, opt(bz), 1)], [yf])
        quantize(n, yf, cs, opt(cz), n.outputs[0])
        break
      }
      case 'QLinearGlobalAveragePool': {
        if (n.attributes.some((a) => a.name === 'channels_last' && a.i)) throw unsupported(file, n, 'channels_last layout')
        const [x, xs, xz, ys, yz] = i
        node('GlobalAveragePool', [dequantized(n, x, xs, opt(xz), 1)], [yf])
        quantize(n, yf, ys, opt(yz), n.outputs[0])
        break
      }
      case 'ConvInteger': case 'MatMulInteger': {
        // Integer in, int32 out: subtract the zero points in float, and cast the float accumulation back to int32
        // (exact while partial sums stay below 2^24, as they do for 8-bit layers of image classifiers).
        const [x, w, xz, wz] = i
        const conv = n.opType === 'ConvInteger'
        const xf = inits.has(x) ? fold(n, x, undefined, opt(xz), conv ? 1 : -2) : integerToFloat(n, x, opt(xz))
        const wf = fold(n, w, undefined, opt(wz), conv ? 0 : -1)
        node(conv ? 'Conv' : 'MatMul', [xf, wf], [yf], conv ? n.attributes : [])
        node('Cast', [yf], [n.outputs[0]], [intAttribute('to', ONNX_TYPES.int32)])
        break
      }
      default:
        throw unsupported(file, n, 'no float rewrite for this operator yet')
    }
    count(report, n.opType)
  }

  /** An int32 bias quantized with scale x_scale * w_scale[c]. */
  function foldBias(n: OnnxNode, b: string, xs: number, ws: Float64Array): string {
    const t = inits.get(b)!
    const q = values(b)
    if (ws.length !== 1 && ws.length !== q.length) throw unsupported(file, n, `bias "${b}" has ${q.length} values for ${ws.length} weight scales`)
    const name = fresh(`${b}/float`)
    added.push({ name, dataType: ONNX_TYPES.float, dims: [...t.dims], floats: Float32Array.from(q, (v, c) => v * xs * ws[ws.length === 1 ? 0 : c]) })
    report.dequantizedWeights++
    return name
  }
  /** Cast an integer activation to float and subtract its zero point. */
  function integerToFloat(n: OnnxNode, x: string, zp: string | undefined): string {
    const xf = fresh(`${x}/float`)
    node('Cast', [x], [xf], [intAttribute('to', ONNX_TYPES.float)])
    if (!zp) return xf
    const zf = inits.has(zp) ? fold(n, zp, undefined, undefined, 0) : fresh(`${zp}/float`)
    if (!inits.has(zp)) node('Cast', [zp], [zf], [intAttribute('to', ONNX_TYPES.float)])
    const centred = fresh(`${x}/centred`)
    node('Sub', [xf, zf], [centred])
    return centred
  }

  // Keep only the initializers something still reads (the int8 weights are gone), and drop them from the inputs.
  const read = new Set<string>([...nodes.flatMap((n) => n.inputs), ...m.graph.outputs.map((o) => o.name)])
  const initializers = [...m.graph.initializers, ...added].filter((t) => read.has(t.name))
  const kept = new Set(initializers.map((t) => t.name))
  const inputs = m.graph.inputs.filter((x) => !inits.has(x.name) || kept.has(x.name))
  return { model: { ...m, graph: { ...m.graph, nodes, initializers, inputs } }, report }
}

function count(report: FloatRewriteReport, op: string): void {
  report.replaced[op] = (report.replaced[op] ?? 0) + 1
}
