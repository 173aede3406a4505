/**
 * Writes an OnnxModel (src/io/onnx-read.ts) back to .onnx bytes. What came from a file is written as it was read
 * (its encoded bytes); nodes and tensors a rewrite made are encoded here (field numbers of onnx.proto3).
 */
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor } from './onnx-read.js'
import { ONNX_TYPES } from './onnx-read.js'
import { WireWriter } from './onnx-wire.js'

/** An AttributeProto of one int (type 2) or a list of ints (type 7), for nodes made by a rewrite. */
export function intAttribute(name: string, value: number | number[]): OnnxAttribute {
  const w = new WireWriter().bytes(1, name)
  if (typeof value === 'number') w.int(20, 2).int(3, value)
  else { w.int(20, 7); for (const v of value) w.int(8, v) }
  return typeof value === 'number' ? { name, type: 2, i: value, payload: w.finish() } : { name, type: 7, ints: value, payload: w.finish() }
}

function encodeNode(n: OnnxNode): Uint8Array {
  if (n.payload) return n.payload
  const w = new WireWriter()
  for (const i of n.inputs) w.bytes(1, i)
  for (const o of n.outputs) w.bytes(2, o)
  if (n.name) w.bytes(3, n.name)
  w.bytes(4, n.opType)
  for (const a of n.attributes) w.bytes(5, a.payload)
  if (n.domain) w.bytes(7, n.domain)
  return w.finish()
}

function encodeTensor(t: OnnxTensor): Uint8Array {
  if (t.payload && !t.floats) return t.payload
  if (!t.floats) throw new Error(`onnx: tensor "${t.name}" has neither its file bytes nor float values to write`)
  const w = new WireWriter()
  for (const d of t.dims) w.int(1, d)
  w.int(2, ONNX_TYPES.float).bytes(8, t.name)
  const raw = new Uint8Array(t.floats.buffer, t.floats.byteOffset, t.floats.byteLength)
  // raw_data is little-endian; so is every platform Node runs on, which the check below makes explicit.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('onnx: writing raw_data needs a little-endian platform')
  return w.bytes(9, raw).finish()
}

/**
 * Encodes a model as .onnx bytes.
 * @example writeFileSync('m.float.onnx', encodeOnnxModel(rewritten))
 */
export function encodeOnnxModel(m: OnnxModel): Uint8Array {
  const g = new WireWriter()
  for (const n of m.graph.nodes) g.bytes(1, encodeNode(n))
  for (const r of m.graph.rest) g.raw(r)
  for (const t of m.graph.initializers) g.bytes(5, encodeTensor(t))
  for (const i of m.graph.inputs) g.bytes(11, i.payload)
  for (const o of m.graph.outputs) g.bytes(12, o.payload)
  const w = new WireWriter()
  for (const r of m.rest) w.raw(r)
  return w.bytes(7, g).finish()
}
