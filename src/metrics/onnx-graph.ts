/**
 * A minimal writer of ONNX models (protocol buffers, onnx.proto3 field numbers) for the few small graphs the
 * intra-class statistics hand to onnxruntime: no .onnx file is shipped, the bytes are generated here and fed to
 * `InferenceSession.create`. Only what those graphs use: nodes with int / ints attributes, typed inputs and
 * outputs with symbolic or fixed dimensions, int64 and float64 initializers.
 */
import { varintBytes } from '../io/onnx-wire.js'

/** ONNX TensorProto.DataType codes used here. */
const ONNX_INT64 = 7
export const ONNX_DOUBLE = 11

type Bytes = number[]

const utf8 = new TextEncoder()

const varint: (value: number) => Bytes = varintBytes

const tag = (field: number, wire: number): Bytes => varint((field << 3) | wire)
/** A varint field. */
const int = (field: number, value: number): Bytes => [...tag(field, 0), ...varint(value)]
/** A length-delimited field (string or embedded message). */
function len(field: number, body: Bytes | string): Bytes {
  const b = typeof body === 'string' ? Array.from(utf8.encode(body)) : body
  return [...tag(field, 2), ...varint(b.length), ...b]
}

/** An attribute: an int (type 2) or a list of ints (type 7). */
export function attr(name: string, value: number | number[]): Bytes {
  return typeof value === 'number'
    ? [...len(1, name), ...int(20, 2), ...int(3, value)]
    : [...len(1, name), ...int(20, 7), ...value.flatMap((v) => int(8, v))]
}

/** A NodeProto: `op` reads `inputs` and writes `outputs`. */
export function node(op: string, inputs: string[], outputs: string[], attrs: Bytes[] = []): Bytes {
  return [...inputs.flatMap((i) => len(1, i)), ...outputs.flatMap((o) => len(2, o)), ...len(3, `${op}_${outputs[0]}`),
    ...len(4, op), ...attrs.flatMap((a) => len(5, a))]
}

/** A ValueInfoProto of a tensor: element type and dimensions (a string is a symbolic dimension). */
export function tensor(name: string, elemType: number, dims: (number | string)[]): Bytes {
  const dim = (d: number | string) => len(1, typeof d === 'number' ? int(1, d) : len(2, d))
  return [...len(1, name), ...len(2, len(1, [...int(1, elemType), ...len(2, dims.flatMap(dim))]))]
}

/** An int64 initializer (TensorProto with int64_data). */
export function int64Initializer(name: string, values: number[]): Bytes {
  return [...int(1, values.length), ...int(2, ONNX_INT64), ...len(7, values.flatMap((v) => varint(v))), ...len(8, name)]
}

/** A float64 initializer (TensorProto with little-endian raw_data). */
export function doubleInitializer(name: string, values: number[], dims: number[] = [values.length]): Bytes {
  const raw = new Uint8Array(new Float64Array(values).buffer)
  return [...dims.flatMap((d) => int(1, d)), ...int(2, ONNX_DOUBLE), ...len(8, name), ...len(9, Array.from(raw))]
}

/** A ModelProto (IR version 8, default-domain opset 17) of one graph; returns its bytes. */
export function onnxModel(g: { nodes: Bytes[], inputs: Bytes[], outputs: Bytes[], initializers?: Bytes[] }): Uint8Array {
  const graph = [...g.nodes.flatMap((n) => len(1, n)), ...len(2, 'laionet'), ...(g.initializers ?? []).flatMap((t) => len(5, t)),
    ...g.inputs.flatMap((i) => len(11, i)), ...g.outputs.flatMap((o) => len(12, o))]
  return Uint8Array.from([...int(1, 8), ...len(8, [...len(1, ''), ...int(2, 17)]), ...len(7, graph)])
}
