import { open, readFile, type FileHandle } from 'node:fs/promises'
import { decodeFloat16, encodeFloat16 } from './float16.js'
import { encodeNpyHeader, NPY_DTYPES, parseNpyHeader } from './npy-header.js'
import type { NpyArray, NpyData, NpyDtype } from './types.js'
import { writeFileAtomic } from './write-atomic.js'

const ARRAYS: Record<Exclude<NpyDtype, 'float16'>, { new (buffer: ArrayBuffer): NpyData, name: string }> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array, bool: Uint8Array,
}

/**
 * Parses the bytes of a .npy file (format 1.0, 2.0 or 3.0; little-endian; C order).
 * @param bytes the whole file
 * @param source the file name used in error messages
 * @returns { dtype, shape, data }; float16 decoded to Float32Array, int64 as BigInt64Array
 * @example parseNpy(readFileSync('x.npy')).shape // [7, 512]
 */
export function parseNpy(bytes: Uint8Array, source = 'npy data'): NpyArray {
  const { dtype, shape, dataOffset } = parseNpyHeader(bytes, source)
  const byteLength = dataBytes(shape, dtype, bytes.length - dataOffset, source)
  const raw = bytes.subarray(dataOffset, dataOffset + byteLength)
  if (dtype === 'float16') return { dtype, shape, data: decodeFloat16(raw) }
  // Copy (not Buffer#slice, which shares the pool) so the typed array is aligned and owns exactly its bytes.
  const copy = new Uint8Array(raw).buffer
  return { dtype, shape, data: new ARRAYS[dtype](copy) }
}

/**
 * Reads a .npy file.
 * @param file the path
 * @returns { dtype, shape, data }
 * @example const { shape, data } = await readNpy(await dataPath('clip/golden-real/image_embeds_vit_b32.npy'))
 */
export async function readNpy(file: string): Promise<NpyArray> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    const size = (await handle.stat()).size
    // Read the header first, then the data straight into an aligned buffer of its own: one allocation and no
    // copy (a 200 MB float32 matrix would otherwise be read into a Buffer and copied once more).
    const head = new Uint8Array(Math.min(size, HEAD_BYTES))
    await readFully(handle, head, 0)
    let header: ReturnType<typeof parseNpyHeader> | undefined
    try { header = parseNpyHeader(head, file) } catch { header = undefined } // e.g. a header longer than HEAD_BYTES
    if (header && header.dtype !== 'float16') {
      const byteLength = dataBytes(header.shape, header.dtype, size - header.dataOffset, file)
      const buffer = new ArrayBuffer(byteLength)
      await readInParts(handle, new Uint8Array(buffer), header.dataOffset)
      return { dtype: header.dtype, shape: header.shape, data: new ARRAYS[header.dtype](buffer) }
    }
  } catch (err) {
    if ((err as Error).message.startsWith('npy:')) throw err
    throw new Error(`npy: cannot read ${file} (${(err as Error).message})`, { cause: err })
  } finally {
    await handle?.close()
  }
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (err) {
    throw new Error(`npy: cannot read ${file} (${(err as Error).message})`, { cause: err })
  }
  return parseNpy(bytes, file)
}

/** Bytes read before the header is parsed: npy headers are padded to 64 bytes and are rarely above a few hundred. */
const HEAD_BYTES = 1 << 16

/**
 * Above this many bytes the data is read in READ_PARTS parts at once: the kernel's copy and the page faults of the
 * fresh buffer then run on several cores (libuv's pool has 4 threads). A 205 MB float32 file on the 2-core AMD EPYC:
 * one read 193-213 ms, two parts 128-151 ms, four parts 110-129 ms.
 */
const PARALLEL_READ_BYTES = 1 << 24
const READ_PARTS = 4

/** Fills `into` from the file at `position`, in parts read concurrently when large. */
async function readInParts(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  if (into.length < PARALLEL_READ_BYTES) return readFully(handle, into, position)
  const per = Math.ceil(into.length / READ_PARTS)
  await Promise.all(Array.from({ length: READ_PARTS }, (_, p) => readFully(handle, into.subarray(p * per, Math.min(into.length, (p + 1) * per)), position + p * per)))
}

/** Fills `into` from the file at `position`; a short read (the file shrank) is an error. */
async function readFully(handle: FileHandle, into: Uint8Array, position: number): Promise<void> {
  let done = 0
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done)
    if (bytesRead === 0) throw new Error(`ended after ${position + done} bytes while reading`)
    done += bytesRead
  }
}

/** The data's byte length for the shape and dtype, refusing a file with fewer data bytes (`have`). */
function dataBytes(shape: number[], dtype: NpyDtype, have: number, source: string): number {
  const count = shape.reduce((a, b) => a * b, 1)
  const byteLength = count * NPY_DTYPES[dtype].size
  if (have < byteLength) {
    throw new Error(`npy: ${source} is truncated: shape [${shape.join(', ')}] of ${dtype} needs ${byteLength} bytes of data, the file has ${have}`)
  }
  return byteLength
}

/**
 * Encodes an array as .npy bytes (format 1.0 unless the header needs 2.0); float16 values are rounded to nearest, ties to even.
 * @param array { dtype, shape, data }; data must hold product(shape) values of the dtype's array type
 * @example encodeNpy({ dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) })
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { dtype, shape, data } = array
  if (!(dtype in NPY_DTYPES)) throw new Error(`npy: unknown dtype ${JSON.stringify(dtype)} (expected one of ${Object.keys(NPY_DTYPES).join(', ')})`)
  const count = shape.reduce((a, b) => a * b, 1)
  if (data.length !== count) throw new Error(`npy: shape [${shape.join(', ')}] needs ${count} values, got ${data.length}`)
  const expected = dtype === 'float16' ? Float32Array : ARRAYS[dtype]
  if (!(data instanceof expected)) {
    throw new Error(`npy: dtype ${dtype} needs a ${expected.name}, got ${data.constructor.name}`)
  }
  const header = encodeNpyHeader(dtype, shape)
  const body = dtype === 'float16'
    ? encodeFloat16(data as Float32Array)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const out = new Uint8Array(header.length + body.length)
  out.set(header)
  out.set(body, header.length)
  return out
}

/**
 * Writes an array as a .npy file atomically (temporary file, then rename).
 * @example await writeNpy('embeds.npy', { dtype: 'float16', shape: [n, 512], data })
 */
export async function writeNpy(file: string, array: NpyArray): Promise<void> {
  await writeFileAtomic(file, encodeNpy(array))
}

/**
 * Returns the array's values as JavaScript numbers (int64/uint64 converted exactly; a value beyond ±2^53 raises an error).
 * @example npyNumbers(await readNpy(file)) // Float64Array
 */
export function npyNumbers(array: NpyArray): Float64Array {
  const { data } = array
  const out = new Float64Array(data.length)
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new Error(`npy: value ${v} at index ${i} is beyond 2^53 and cannot be a number exactly; keep the BigInt data`)
      }
      out[i] = Number(v)
    }
  } else {
    out.set(data)
  }
  return out
}
