import { readFile } from 'node:fs/promises'
import { inflateSync } from 'node:zlib'
import type { MatFile, MatNumeric, MatNumericClass, MatValue } from './mat5-types.js'

// Data element types (miXXX) and array classes (mxXXX) of the MAT-file level 5 format.
const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15, UTF8: 16, UTF16: 17, UTF32: 18 } as const
const MX_CELL = 1
const MX_STRUCT = 2
const MX_CHAR = 4
const MX_NUMERIC: Record<number, MatNumericClass> = { 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64' }
const ARRAY_OF: Record<MatNumericClass, new (n: number) => MatNumeric['data']> = {
  double: Float64Array, single: Float32Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
}
const ELEMENT_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1, 17: 2, 18: 4 }

interface Element {
  type: number
  data: Buffer
}

/**
 * Parses a MATLAB level-5 MAT-file (the format of the ILSVRC devkit's meta.mat): compressed elements, struct,
 * cell, char (UTF-8/16, uint8/16) and numeric arrays. Sparse and object arrays are refused with an error.
 * @param buf the whole file.
 * @returns the header text and the top-level variables by name.
 * @example parseMat5(buf).variables.get('synsets') // { type: 'struct', dims: [1860, 1], ... }
 */
export function parseMat5(buf: Buffer): MatFile {
  if (buf.length < 128) throw new Error(`mat5: file is too short (${buf.length} bytes; a MAT-file header alone is 128)`)
  const endian = buf.toString('latin1', 126, 128)
  if (endian !== 'IM' && endian !== 'MI') throw new Error(`mat5: bad endian indicator "${endian}" at byte 126 (expected "IM" or "MI"): not a level-5 MAT-file`)
  const le = endian === 'IM'
  const header = buf.toString('latin1', 0, 116).replace(/[\s\0]+$/, '')
  if (!header.startsWith('MATLAB 5.0 MAT-file')) throw new Error(`mat5: header "${header.slice(0, 40)}" is not a MATLAB 5.0 MAT-file (v7.3 files are HDF5 and unsupported)`)
  const variables = new Map<string, MatValue>()
  for (const el of elements(buf, 128, le)) {
    const matrix = el.type === MI.COMPRESSED ? first(inflateSync(el.data), le) : el
    if (matrix.type !== MI.MATRIX) continue
    const { name, value } = readMatrix(matrix.data, le)
    variables.set(name, value)
  }
  return { header, variables }
}

/**
 * Reads and parses a MAT-file from disk; see {@link parseMat5}.
 * @example const { variables } = await readMat5('meta.mat')
 */
export async function readMat5(file: string): Promise<MatFile> {
  const buf = await readFile(file)
  try {
    return parseMat5(buf)
  } catch (err) {
    throw new Error(`${(err as Error).message} (in ${file})`, { cause: err })
  }
}

function* elements(buf: Buffer, start: number, le: boolean): Generator<Element> {
  let pos = start
  while (pos + 8 <= buf.length) {
    const word = le ? buf.readUInt32LE(pos) : buf.readUInt32BE(pos)
    if (word >>> 16 !== 0) {
      // Small data element: type and size share the first word, up to 4 bytes of data follow.
      const type = word & 0xffff
      const size = word >>> 16
      if (size > 4) throw new Error(`mat5: small data element at byte ${pos} claims ${size} bytes (at most 4)`)
      yield { type, data: buf.subarray(pos + 4, pos + 4 + size) }
      pos += 8
      continue
    }
    const size = le ? buf.readUInt32LE(pos + 4) : buf.readUInt32BE(pos + 4)
    if (pos + 8 + size > buf.length) throw new Error(`mat5: element of type ${word} at byte ${pos} needs ${size} bytes but only ${buf.length - pos - 8} remain (truncated file?)`)
    yield { type: word, data: buf.subarray(pos + 8, pos + 8 + size) }
    // Compressed elements are not padded; everything else is aligned to 8 bytes.
    pos += 8 + (word === MI.COMPRESSED ? size : Math.ceil(size / 8) * 8)
  }
}

function first(buf: Buffer, le: boolean): Element {
  const el = elements(buf, 0, le).next()
  if (el.done) throw new Error('mat5: empty compressed element')
  return el.value
}

function readMatrix(data: Buffer, le: boolean): { name: string; value: MatValue } {
  if (data.length === 0) return { name: '', value: { type: 'numeric', class: 'double', dims: [0, 0], data: new Float64Array(0), logical: false } }
  const parts = elements(data, 0, le)
  const next = (what: string): Element => {
    const el = parts.next()
    if (el.done) throw new Error(`mat5: matrix ends before its ${what}`)
    return el.value
  }
  const flags = next('array flags').data
  const flagWord = le ? flags.readUInt32LE(0) : flags.readUInt32BE(0)
  const cls = flagWord & 0xff
  const complex = (flagWord & 0x800) !== 0
  const logical = (flagWord & 0x200) !== 0
  const dims = Array.from(numbers(next('dimensions'), le), Number)
  const name = next('name').data.toString('latin1')
  const count = dims.reduce((a, b) => a * b, 1)
  if (cls === MX_CELL) {
    const cells: MatValue[] = []
    for (let i = 0; i < count; i++) cells.push(readMatrix(next(`cell ${i + 1}`).data, le).value)
    return { name, value: { type: 'cell', dims, cells } }
  }
  if (cls === MX_STRUCT) {
    const nameLength = Number(numbers(next('field name length'), le)[0])
    const raw = next('field names').data
    const fields: string[] = []
    for (let at = 0; at + nameLength <= raw.length; at += nameLength) {
      // Each name sits in a fixed-width, NUL-padded slot.
      const nul = raw.subarray(at, at + nameLength).indexOf(0)
      fields.push(raw.toString('latin1', at, nul < 0 ? at + nameLength : at + nul))
    }
    const structs: Record<string, MatValue>[] = []
    for (let i = 0; i < count; i++) {
      const record: Record<string, MatValue> = {}
      for (const field of fields) record[field] = readMatrix(next(`field ${field} of element ${i + 1}`).data, le).value
      structs.push(record)
    }
    return { name, value: { type: 'struct', dims, fields, elements: structs } }
  }
  if (cls === MX_CHAR) {
    const el = parts.next()
    const codes = el.done ? [] : charCodes(el.value, le)
    return { name, value: { type: 'char', dims, rows: charRows(codes, dims) } }
  }
  const numericClass = MX_NUMERIC[cls]
  if (!numericClass) throw new Error(`mat5: variable "${name}" has array class ${cls}, which is not supported (sparse, object or function arrays)`)
  const real = convert(numbers(next('real part'), le), numericClass)
  const value: MatNumeric = { type: 'numeric', class: numericClass, dims, data: real, logical }
  if (complex) value.imag = convert(numbers(next('imaginary part'), le), numericClass)
  return { name, value }
}

function numbers(el: Element, le: boolean): Array<number | bigint> {
  const size = ELEMENT_SIZE[el.type]
  if (!size) throw new Error(`mat5: unexpected data type ${el.type} inside a matrix`)
  const out: Array<number | bigint> = []
  const b = el.data
  for (let at = 0; at + size <= b.length; at += size) {
    switch (el.type) {
      case MI.INT8: out.push(b.readInt8(at)); break
      case MI.UINT8: case MI.UTF8: out.push(b.readUInt8(at)); break
      case MI.INT16: out.push(le ? b.readInt16LE(at) : b.readInt16BE(at)); break
      case MI.UINT16: case MI.UTF16: out.push(le ? b.readUInt16LE(at) : b.readUInt16BE(at)); break
      case MI.INT32: out.push(le ? b.readInt32LE(at) : b.readInt32BE(at)); break
      case MI.UINT32: case MI.UTF32: out.push(le ? b.readUInt32LE(at) : b.readUInt32BE(at)); break
      case MI.SINGLE: out.push(le ? b.readFloatLE(at) : b.readFloatBE(at)); break
      case MI.DOUBLE: out.push(le ? b.readDoubleLE(at) : b.readDoubleBE(at)); break
      case MI.INT64: out.push(le ? b.readBigInt64LE(at) : b.readBigInt64BE(at)); break
      case MI.UINT64: out.push(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at)); break
    }
  }
  return out
}

function convert(values: Array<number | bigint>, cls: MatNumericClass): MatNumeric['data'] {
  const out = new ARRAY_OF[cls](values.length)
  const big = cls === 'int64' || cls === 'uint64'
  for (let i = 0; i < values.length; i++) (out as unknown as Array<number | bigint>)[i] = big ? BigInt(values[i]) : Number(values[i])
  return out
}

function charCodes(el: Element, le: boolean): number[] {
  // UTF-8 char data holds whole code points; other element types hold one code unit per char.
  if (el.type === MI.UTF8) return Array.from(el.data.toString('utf8'), (c) => c.codePointAt(0) as number)
  return numbers(el, le).map(Number)
}

function charRows(codes: number[], dims: number[]): string[] {
  const rows = dims[0] ?? 0
  if (rows === 0 || codes.length === 0) return ['']
  const cols = codes.length / rows
  const out: string[] = []
  for (let r = 0; r < rows; r++) {
    let s = ''
    for (let c = 0; c < cols; c++) s += String.fromCodePoint(codes[c * rows + r])
    out.push(s)
  }
  return out
}
