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
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1]
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`npy: ${source} has a malformed header ${JSON.stringify(header.trim())} (expected descr, fortran_order and shape)`)
  }
  if (fortran === 'True') {
    throw new Error(`npy: ${source} is in Fortran (column-major) order, which is not supported. Re-save it with np.save(f, np.ascontiguousarray(a))`)
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number)
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new Error(`npy: ${source} has an invalid shape (${shapeText})`)
  return { dtype: dtypeOf(descr, source), shape, dataOffset: start + headerLen }
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
