import type { NpyDtype } from './types.js'

/** Each dtype's numpy descr (little-endian) and item size in bytes. */
export const NPY_DTYPES: Record<NpyDtype, { descr: string, size: number }> = {
  float16: { descr: '<f2', size: 2 },
  float32: { descr: '<f4', size: 4 },
  float64: { descr: '<f8', size: 8 },
  int8: { descr: '|i1', size: 1 },
  int16: { descr: '<i2', size: 2 },
  int32: { descr: '<i4', size: 4 },
  int64: { descr: '<i8', size: 8 },
  uint8: { descr: '|u1', size: 1 },
  uint16: { descr: '<u2', size: 2 },
  uint32: { descr: '<u4', size: 4 },
  uint64: { descr: '<u8', size: 8 },
  bool: { descr: '|b1', size: 1 },
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

/** The parsed npy header. */
export interface NpyHeader {
  dtype: NpyDtype
  shape: number[]
  /** Byte offset of the data. */
  dataOffset: number
}

/** Parses the magic, version and header dict of an npy file; `source` names the file in errors. */
export function parseNpyHeader(bytes: Uint8Array, source: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`npy: ${source} is not an npy file (it does not start with \\x93NUMPY)`)
  }
  const major = bytes[6]
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let headerLen: number
  let start: number
  if (major === 1) {
    headerLen = view.getUint16(8, true)
    start = 10
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error(`npy: ${source} is truncated inside its header`)
    headerLen = view.getUint32(8, true)
    start = 12
  } else {
    throw new Error(`npy: ${source} has format version ${major}.${bytes[7]} (expected 1.0, 2.0 or 3.0)`)
  }
  if (start + headerLen > bytes.length) throw new Error(`npy: ${source} is truncated inside its header (${headerLen} header bytes announced, ${bytes.length - start} present)`)
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen))
  const dict = parseHeaderDict(header, source)
  const keys = [...dict.keys()].sort()
  if (keys.join() !== 'descr,fortran_order,shape') {
    throw new Error(`npy: ${source} has header keys ${keys.join(', ') || 'none'} (expected exactly descr, fortran_order and shape, as numpy requires)`)
  }
  const descr = dict.get('descr')
  const fortran = dict.get('fortran_order')
  const shape = dict.get('shape')
  if (typeof descr !== 'string' || typeof fortran !== 'boolean' || !Array.isArray(shape)) {
    throw new Error(`npy: ${source} has a malformed header ${JSON.stringify(header.trim())} (expected a descr string, a fortran_order True or False and a shape tuple)`)
  }
  if (fortran) {
    throw new Error(`npy: ${source} is in Fortran (column-major) order, which is not supported. Re-save it with np.save(f, np.ascontiguousarray(a))`)
  }
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new Error(`npy: ${source} has an invalid shape (${shape.join(', ')})`)
  return { dtype: dtypeOf(descr, source), shape, dataOffset: start + headerLen }
}

type HeaderValue = string | boolean | number[]

/**
 * Parses the header's Python dict literal as numpy does (`ast.literal_eval`): string keys; string, True/False and
 * tuple-of-int values (a Python 2 `3L` is read as 3, as numpy filters it); a repeated key keeps its last value,
 * as a Python dict literal does. `(3)` is an int, not a tuple, so it is no shape.
 */
function parseHeaderDict(text: string, source: string): Map<string, HeaderValue> {
  let at = 0
  const fail = (what: string): never => {
    throw new Error(`npy: ${source} has a malformed header ${JSON.stringify(text.trim())} (${what} at character ${at}; expected a dict of descr, fortran_order and shape)`)
  }
  const ws = () => { while (at < text.length && /\s/.test(text[at])) at++ }
  const eat = (c: string): boolean => { ws(); if (text[at] === c) { at++; return true } return false }
  const str = (): string => {
    ws()
    const q = text[at]
    if (q !== "'" && q !== '"') fail('a string expected')
    const end = text.indexOf(q, at + 1)
    if (end < 0 || text.slice(at + 1, end).includes('\\')) fail('an unterminated or escaped string')
    const v = text.slice(at + 1, end)
    at = end + 1
    return v
  }
  const int = (): number => {
    ws()
    const m = /^(\d+)L?/.exec(text.slice(at, at + 40))
    if (!m) fail('an integer expected')
    at += m![0].length
    return Number(m![1])
  }
  const value = (): HeaderValue => {
    ws()
    if (text.startsWith('True', at)) { at += 4; return true }
    if (text.startsWith('False', at)) { at += 5; return false }
    if (text[at] === "'" || text[at] === '"') return str()
    if (!eat('(')) fail('a value expected')
    const items: number[] = []
    let comma = false
    while (!eat(')')) {
      if (items.length > 0 && !comma) fail('"," or ")" expected')
      items.push(int())
      comma = eat(',')
    }
    if (items.length === 1 && !comma) fail('(n) is an int, not a tuple: a shape of one dimension is written (n,)')
    return items
  }
  const out = new Map<string, HeaderValue>()
  if (!eat('{')) fail('"{" expected')
  let comma = true
  while (!eat('}')) {
    if (!comma) fail('"," or "}" expected')
    const key = str()
    if (!eat(':')) fail('":" expected')
    out.set(key, value())
    comma = eat(',')
  }
  ws()
  if (at !== text.length) fail('text after the dict')
  return out
}

function dtypeOf(descr: string, source: string): NpyDtype {
  if (descr.startsWith('>') && !descr.endsWith('1')) {
    throw new Error(`npy: ${source} is big-endian (descr '${descr}'), which is not supported. Re-save it with a.astype(a.dtype.newbyteorder('<'))`)
  }
  // '=' is native order, little-endian on every platform Node runs on here; 1-byte types have no order.
  const little = descr.replace(/^[=>|]/, '<')
  for (const [dtype, { descr: d }] of Object.entries(NPY_DTYPES)) {
    if (d.replace('|', '<') === little) return dtype as NpyDtype
  }
  throw new Error(`npy: ${source} has dtype '${descr}', which is not supported (expected one of ${Object.values(NPY_DTYPES).map((t) => t.descr).join(', ')})`)
}

/** Encodes the header (magic, version, dict, padding to 64 bytes); version 2 only when the dict exceeds 65535 bytes. */
export function encodeNpyHeader(dtype: NpyDtype, shape: number[]): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  const dict = `{'descr': '${NPY_DTYPES[dtype].descr}', 'fortran_order': False, 'shape': ${tuple}, }`
  const v1 = dict.length + 11 < 65536
  const pre = v1 ? 10 : 12
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64
  const text = dict.padEnd(total - pre - 1, ' ') + '\n'
  const out = new Uint8Array(total)
  out.set(MAGIC)
  out[6] = v1 ? 1 : 2
  out[7] = 0
  const view = new DataView(out.buffer)
  if (v1) view.setUint16(8, text.length, true)
  else view.setUint32(8, text.length, true)
  for (let i = 0; i < text.length; i++) out[pre + i] = text.charCodeAt(i)
  return out
}
