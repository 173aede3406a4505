// The page codecs, bounded: hyparquet-compressors' zstd ignores the output size it is given and grows its output to
// whatever the frame holds (a 1 MB page can expand to gigabytes), so it decodes here into a buffer of the page
// header's size, after the frame's own declared size is checked. Every codec refuses an output over MAX_PAGE_BYTES.
import { loadCompressors } from '../util/lazy.js'
import { MAX_PAGE_BYTES } from './parquet-thrift.js'

/** A page decompressor: the input and the page's uncompressed size from its header. */
type Codec = (input: Uint8Array, length: number) => Uint8Array

const ZSTD_MAGIC = 0xfd2fb528

/**
 * The content size a zstd frame declares in its header (RFC 8878, 3.1.1.1), or null when it declares none (or the
 * input is not a zstd frame: the decoder then reports it).
 */
function zstdFrameContentSize(input: Uint8Array): number | null {
  if (input.length < 5) return null
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return null
  const descriptor = input[4]
  const fcsFlag = descriptor >> 6
  const singleSegment = (descriptor >> 5) & 1
  const dictBytes = [0, 1, 2, 4][descriptor & 3]
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]
  const at = 5 + (singleSegment ? 0 : 1) + dictBytes
  if (fcsBytes === 0 || at + fcsBytes > input.length) return null
  if (fcsBytes === 1) return input[at]
  if (fcsBytes === 2) return view.getUint16(at, true) + 256
  if (fcsBytes === 4) return view.getUint32(at, true)
  return Number(view.getBigUint64(at, true))
}

/** zstd decoding into a buffer of the header's size (fzstd's `decompress(input, out)` never writes past `out`). */
function boundedZstd(decompressZstd: (input: Uint8Array, out: Uint8Array) => Uint8Array): Codec {
  return (input, length) => {
    const declared = zstdFrameContentSize(input)
    if (declared !== null && declared !== length) throw new Error(`a zstd page holds ${declared} bytes, its header says ${length}`)
    return decompressZstd(input, new Uint8Array(length))
  }
}

function bounded(codec: Codec): Codec {
  return (input, length) => {
    if (!(Number.isInteger(length) && length >= 0 && length <= MAX_PAGE_BYTES)) {
      throw new Error(`a page of ${length} bytes is over the reader's limit of ${MAX_PAGE_BYTES}`)
    }
    return codec(input, length)
  }
}

let loading: Promise<Record<string, Codec>> | undefined

/** Loads the codecs of hyparquet-compressors with each output bounded (see the file's comment); one promise for all callers. */
export function loadBoundedCompressors(): Promise<Record<string, Codec>> {
  loading ??= loadCompressors().then(async (all) => {
    // The module is loaded by now (loadCompressors): this import only reaches its zstd decoder.
    const { decompressZstd } = await import('hyparquet-compressors')
    const out: Record<string, Codec> = {}
    for (const [name, codec] of Object.entries(all as Record<string, Codec>)) out[name] = bounded(name === 'ZSTD' ? boundedZstd(decompressZstd) : codec)
    return out
  })
  return loading
}
