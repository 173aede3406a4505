/**
 * Reads an ONNX model (onnx.proto3: ModelProto > GraphProto > NodeProto, TensorProto) into plain objects, keeping
 * each message's encoded bytes so that a rewrite writes back verbatim whatever it does not change. Bounded: lengths
 * are checked by the wire reader, tensor sizes against their data, and nothing is copied but names and small values.
 */
import { wireError, wireFields, wireInts, wireString, type WireField } from './onnx-wire.js'

/** ONNX TensorProto.DataType codes this reader decodes to numbers. */
export const ONNX_TYPES = { float: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, double: 11 } as const

/** Largest tensor the reader decodes to numbers (elements): far above any weight of an image classifier. */
const MAX_TENSOR_ELEMENTS = 2 ** 28

/** An attribute of a node: its decoded value where it is a number, list or text, and its encoded bytes. */
export interface OnnxAttribute {
  name: string
  /** AttributeProto.type: 1 float, 2 int, 3 string, 4 tensor, 6 floats, 7 ints, 8 strings... */
  type: number
  i?: number
  f?: number
  s?: string
  ints?: number[]
  floats?: number[]
  /** The AttributeProto's bytes (payload, without its tag). */
  payload: Uint8Array
}

/** A node: operator, domain, tensor names in and out, attributes; `payload` is its encoded NodeProto. */
export interface OnnxNode {
  opType: string
  /** '' is the default ONNX domain (ai.onnx); 'com.microsoft' holds onnxruntime's contrib operators. */
  domain: string
  name: string
  inputs: string[]
  outputs: string[]
  attributes: OnnxAttribute[]
  /** The NodeProto's bytes when the node comes from a file (written back as they are). */
  payload?: Uint8Array
}

/** A tensor (initializer): type, shape and where its data lies; `payload` is its encoded TensorProto. */
export interface OnnxTensor {
  name: string
  dataType: number
  dims: number[]
  /** The TensorProto's bytes when read from a file. */
  payload?: Uint8Array
  /** raw_data, little-endian (a view into the file's bytes). */
  raw?: Uint8Array
  /** The typed data fields present (float_data, int32_data, int64_data, double_data), as views. */
  typed?: WireField[]
  /** Set when data_location is EXTERNAL: values live in another file, which this reader does not open. */
  external?: boolean
  /** Float values of a tensor made by a rewrite (written as raw_data). */
  floats?: Float32Array
}

/** A graph: nodes in topological order, initializers, and inputs/outputs by name (their ValueInfoProto bytes kept). */
export interface OnnxGraph {
  nodes: OnnxNode[]
  initializers: OnnxTensor[]
  inputs: { name: string, payload: Uint8Array }[]
  outputs: { name: string, payload: Uint8Array }[]
  /** Every other GraphProto field (name, value_info, doc_string, ...), encoded with its tag, in file order. */
  rest: Uint8Array[]
}

/** A model: its graph, its operator sets, and every other ModelProto field encoded with its tag. */
export interface OnnxModel {
  irVersion: number
  opsets: { domain: string, version: number }[]
  graph: OnnxGraph
  /** ModelProto fields other than graph, in file order, encoded with their tag (written back verbatim). */
  rest: Uint8Array[]
  /** Where it was read from (for messages). */
  file: string
}

/**
 * Parses the bytes of an .onnx file.
 * @param bytes the file's content (views into it are kept: do not modify it while the model is in use)
 * @param file its name, for error messages
 * @example readOnnxModel(readFileSync('m.onnx'), 'm.onnx').graph.nodes.map((n) => n.opType)
 */
export function readOnnxModel(bytes: Uint8Array, file: string): OnnxModel {
  const model: OnnxModel = { irVersion: 0, opsets: [], graph: { nodes: [], initializers: [], inputs: [], outputs: [], rest: [] }, rest: [], file }
  let graphs = 0
  for (const f of wireFields(bytes, 0, bytes.length, file)) {
    if (f.field === 1 && f.wire === 0) model.irVersion = f.value
    if (f.field === 8 && f.wire === 2) model.opsets.push(readOpset(bytes, f, file))
    if (f.field === 7 && f.wire === 2) {
      graphs++
      model.graph = readGraph(bytes, f, file)
    } else {
      model.rest.push(bytes.subarray(f.at, f.end))
    }
  }
  if (graphs !== 1) throw wireError(file, 0, `${graphs} graphs in the model (expected one ModelProto.graph)`)
  return model
}

function readOpset(bytes: Uint8Array, m: WireField, file: string): { domain: string, version: number } {
  const o = { domain: '', version: 0 }
  for (const f of wireFields(bytes, m.start, m.end, file)) {
    if (f.field === 1 && f.wire === 2) o.domain = wireString(bytes, f)
    if (f.field === 2 && f.wire === 0) o.version = f.value
  }
  return o
}

function readGraph(bytes: Uint8Array, m: WireField, file: string): OnnxGraph {
  const g: OnnxGraph = { nodes: [], initializers: [], inputs: [], outputs: [], rest: [] }
  for (const f of wireFields(bytes, m.start, m.end, file)) {
    if (f.field === 1 && f.wire === 2) g.nodes.push(readNode(bytes, f, file))
    else if (f.field === 5 && f.wire === 2) g.initializers.push(readTensor(bytes, f, file))
    else if ((f.field === 11 || f.field === 12) && f.wire === 2) {
      (f.field === 11 ? g.inputs : g.outputs).push({ name: firstString(bytes, f, file), payload: bytes.subarray(f.start, f.end) })
    } else g.rest.push(bytes.subarray(f.at, f.end))
  }
  return g
}

/** Field 1 of a message (ValueInfoProto.name), '' when absent. */
function firstString(bytes: Uint8Array, m: WireField, file: string): string {
  for (const f of wireFields(bytes, m.start, m.end, file)) if (f.field === 1 && f.wire === 2) return wireString(bytes, f)
  return ''
}

function readNode(bytes: Uint8Array, m: WireField, file: string): OnnxNode {
  const n: OnnxNode = { opType: '', domain: '', name: '', inputs: [], outputs: [], attributes: [], payload: bytes.subarray(m.start, m.end) }
  for (const f of wireFields(bytes, m.start, m.end, file)) {
    if (f.wire !== 2) continue
    if (f.field === 1) n.inputs.push(wireString(bytes, f))
    else if (f.field === 2) n.outputs.push(wireString(bytes, f))
    else if (f.field === 3) n.name = wireString(bytes, f)
    else if (f.field === 4) n.opType = wireString(bytes, f)
    else if (f.field === 7) n.domain = wireString(bytes, f)
    else if (f.field === 5) n.attributes.push(readAttribute(bytes, f, file))
  }
  return n
}

function readAttribute(bytes: Uint8Array, m: WireField, file: string): OnnxAttribute {
  const a: OnnxAttribute = { name: '', type: 0, payload: bytes.subarray(m.start, m.end) }
  for (const f of wireFields(bytes, m.start, m.end, file)) {
    if (f.field === 1 && f.wire === 2) a.name = wireString(bytes, f)
    else if (f.field === 20 && f.wire === 0) a.type = f.value
    else if (f.field === 3 && f.wire === 0) a.i = f.value
    else if (f.field === 2 && f.wire === 5) a.f = new DataView(bytes.buffer, bytes.byteOffset + f.start, 4).getFloat32(0, true)
    else if (f.field === 4 && f.wire === 2) a.s = wireString(bytes, f)
    else if (f.field === 8) wireInts(bytes, f, file, a.ints ??= [])
    else if (f.field === 7) for (const x of fixed32Floats(bytes, f, file)) (a.floats ??= []).push(x)
  }
  return a
}

function fixed32Floats(bytes: Uint8Array, f: WireField, file: string): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset)
  if (f.wire === 5) return [view.getFloat32(f.start, true)]
  if (f.wire !== 2 || (f.end - f.start) % 4) throw wireError(file, f.at, 'packed floats whose length is not a multiple of 4')
  return Array.from({ length: (f.end - f.start) / 4 }, (_, i) => view.getFloat32(f.start + 4 * i, true))
}

function readTensor(bytes: Uint8Array, m: WireField, file: string): OnnxTensor {
  // Offsets of the typed data fields are kept relative to the payload, which is what tensorValues decodes.
  const payload = bytes.subarray(m.start, m.end)
  const t: OnnxTensor = { name: '', dataType: 0, dims: [], payload }
  for (const f of wireFields(payload, 0, payload.length, file)) {
    if (f.field === 1) wireInts(payload, f, file, t.dims)
    else if (f.field === 2 && f.wire === 0) t.dataType = f.value
    else if (f.field === 8 && f.wire === 2) t.name = wireString(payload, f)
    else if (f.field === 9 && f.wire === 2) t.raw = payload.subarray(f.start, f.end)
    else if (f.field === 4 || f.field === 5 || f.field === 7 || f.field === 10) (t.typed ??= []).push(f)
    else if (f.field === 14 && f.wire === 0) t.external = f.value === 1
  }
  for (const d of t.dims) if (d < 0 || d > MAX_TENSOR_ELEMENTS) throw wireError(file, m.at, `tensor "${t.name}" has dimension ${d}`)
  return t
}

/** Number of elements of a tensor (product of dims; 1 for a scalar); refuses more than 2^28. */
export function tensorSize(t: OnnxTensor, file: string): number {
  let n = 1
  for (const d of t.dims) {
    n *= d
    if (n > MAX_TENSOR_ELEMENTS) throw wireError(file, 0, `tensor "${t.name}" has ${t.dims.join('x')} elements, above the ${MAX_TENSOR_ELEMENTS} this reader decodes`)
  }
  return n
}

const RAW_WIDTH: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 11: 8 }

/**
 * The values of a numeric initializer as float64 (exact for every integer type up to int32, and for int64 values
 * within 2^53). Checks that the data holds exactly as many values as the dims say.
 * @example tensorValues(scale, 'm.onnx')[0] // 0.0186...
 */
export function tensorValues(t: OnnxTensor, file: string): Float64Array {
  if (t.floats) return Float64Array.from(t.floats)
  if (t.external) throw wireError(file, 0, `tensor "${t.name}" keeps its data in an external file, which is not supported`)
  const width = RAW_WIDTH[t.dataType]
  if (!width) throw wireError(file, 0, `tensor "${t.name}" has data type ${t.dataType}, not a number type this reader decodes`)
  const n = tensorSize(t, file)
  const out = new Float64Array(n)
  if (t.raw) {
    if (t.raw.length !== n * width) throw wireError(file, 0, `tensor "${t.name}" has ${t.raw.length} bytes of raw data for ${n} values of ${width} bytes`)
    const v = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.length)
    const get: (i: number) => number = {
      1: (i: number) => v.getFloat32(4 * i, true), 2: (i: number) => v.getUint8(i), 3: (i: number) => v.getInt8(i),
      4: (i: number) => v.getUint16(2 * i, true), 5: (i: number) => v.getInt16(2 * i, true), 6: (i: number) => v.getInt32(4 * i, true),
      7: (i: number) => Number(v.getBigInt64(8 * i, true)), 11: (i: number) => v.getFloat64(8 * i, true),
    }[t.dataType]!
    for (let i = 0; i < n; i++) out[i] = get(i)
    return out
  }
  const bytes = t.payload!
  const values: number[] = []
  for (const f of t.typed ?? []) {
    if (f.field === 4) for (const x of fixed32Floats(bytes, f, file)) values.push(x)
    else if (f.field === 10) {
      if (f.wire === 1) values.push(new DataView(bytes.buffer, bytes.byteOffset + f.start, 8).getFloat64(0, true))
      else if (f.wire !== 2 || (f.end - f.start) % 8) throw wireError(file, f.at, `tensor "${t.name}": packed doubles whose length is not a multiple of 8`)
      else {
        const v = new DataView(bytes.buffer, bytes.byteOffset + f.start, f.end - f.start)
        for (let o = 0; o < f.end - f.start; o += 8) values.push(v.getFloat64(o, true))
      }
    } else wireInts(bytes, f, file, values)
    if (values.length > n) break
  }
  if (values.length !== n) throw wireError(file, 0, `tensor "${t.name}" holds ${values.length} values, its dims ${JSON.stringify(t.dims)} say ${n}`)
  out.set(values)
  return out
}
