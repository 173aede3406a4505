import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, decodeBatch, MODEL_DECODE_SIDE } from './decode-image.js'
import { cacheKey, openEmbeddingCache } from './embedding-cache.js'
import { embeddingCacheDir } from './embed-texts.js'
import { normalizeRows, row } from '../util/vectors.js'
import type { ImageDropReason, ImageRule } from './image-rule.js'
import type { Embeddings, ImageBatchOptions, ImageModel, ImageEmbeddings, ImageError } from './types.js'

/** What the cache keeps beside a chunk's matrix: which images failed and which were converted. */
interface ChunkRecord {
  /** `file` is the name the error text was written with: the cache is keyed by bytes, so a later hit may come from
   * the same bytes under another name, and the message must name the file of that run. */
  errors: { offset: number, error: string, file?: string, dropped?: ImageDropReason }[]
  converted: Record<string, number>
}

/**
 * Embeds images with CLIP's vision tower after the model's own preprocessing (preprocessor_config.json).
 * Images are untrusted: an empty, corrupt, unsupported or oversized one becomes an entry of `errors` and
 * the batch goes on; grayscale, alpha and CMYK images are converted to RGB and counted in `converted`.
 * Batched (default: the model's `batchSize`); L2-normalised by default; cached as .npy keyed by model, settings and
 * the files' bytes. Each file is read once per chunk: the bytes that are hashed for the cache key are the bytes
 * decoded (a chunk's files, `cacheChunk` of them, are held in memory meanwhile).
 * @param clip a model from `loadClip` (or `loadImageEncoder`: ViT, ConvNeXt, BEiT pooler outputs).
 * @param inputs file paths or in-memory bytes.
 * @param options batch size, normalisation, cache, pixel and byte limits.
 * @returns one row per usable image (`rowOf` maps inputs to rows), the errors and the conversions.
 * @example const { rows, errors } = await embedImages(clip, ['a.jpg', 'b.png'])
 */
export async function embedImages(clip: ImageModel, inputs: readonly (string | Uint8Array)[], options: ImageBatchOptions = {}): Promise<ImageEmbeddings> {
  const { batchSize = clip.batchSize?.image ?? 32, normalize = true, cache = embeddingCacheDir(), cacheChunk = 1024, onBatch, maxPixels = DEFAULT_MAX_PIXELS, maxBytes = DEFAULT_MAX_BYTES, imageRule = 'convert' } = options
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`embed: batchSize must be a positive integer, got ${batchSize}`)
  if (!Number.isInteger(cacheChunk) || cacheChunk < 1) throw new Error(`embed: cacheChunk must be a positive integer, got ${cacheChunk}`)
  const store = cache === false ? undefined : openEmbeddingCache(cache)
  // The decode's shrink side is part of what an embedding depends on (images above it decode smaller).
  // So is the image rule (the images it drops have no row); `convert` keeps the keys of the caches made before it.
  const settings = `image|norm=${normalize}|maxPixels=${maxPixels}|maxBytes=${maxBytes}|decodeSide=${MODEL_DECODE_SIDE}${imageRule === 'convert' ? '' : `|rule=${imageRule}`}`
  const names = inputs.map((x, i) => (typeof x === 'string' ? x : `#${i}`))
  const errors: ImageError[] = []
  const converted: Record<string, number> = {}
  const chunks: Embeddings[] = []
  for (let start = 0; start < inputs.length; start += cacheChunk) {
    const chunk = inputs.slice(start, start + cacheChunk)
    const read = await Promise.all(chunk.map((x) => readOnce(x, maxBytes, store !== undefined)))
    const key = store ? cacheKey(clip.cacheKey, settings, read.map((r) => r.id)) : ''
    const hit = store?.get(key)
    let m: Embeddings
    let record: ChunkRecord
    if (hit && hit.m.rows === chunk.length && hit.meta) {
      m = hit.m
      record = hit.meta as ChunkRecord
    } else {
      ({ m, record } = await embedChunk(clip, read.map((r) => r.input), start, names, { batchSize, maxPixels, maxBytes, imageRule, onBatch }))
      if (normalize) normalizeRows(m)
      store?.set(key, m, record)
    }
    for (const e of record.errors) {
      const file = names[start + e.offset]
      errors.push({ index: start + e.offset, file, error: e.file ? e.error.split(e.file).join(file) : e.error, ...e.dropped ? { dropped: e.dropped } : {} })
    }
    for (const [kind, n] of Object.entries(record.converted)) converted[kind] = (converted[kind] ?? 0) + n
    chunks.push(m)
  }
  return compact(chunks, inputs.length, errors, converted)
}

async function embedChunk(clip: ImageModel, chunk: readonly (string | Uint8Array)[], start: number, names: string[],
  { batchSize, maxPixels, maxBytes, imageRule, onBatch }: { batchSize: number, maxPixels: number, maxBytes: number, imageRule: ImageRule, onBatch?: (n: number) => void }): Promise<{ m: Embeddings, record: ChunkRecord }> {
  const record: ChunkRecord = { errors: [], converted: {} }
  let data: Float32Array | undefined
  let dim = 0
  for (let b = 0; b < chunk.length; b += batchSize) {
    const { errors } = await decodeBatch(chunk.slice(b, b + batchSize), names.slice(start + b, start + b + batchSize), { maxPixels, maxBytes, imageRule }, record.converted, async ({ images, at: offsets }) => {
      const e = await clip.embedImageBatch(images)
      onBatch?.(images.length)
      if (!data) {
        dim = e.dim
        data = new Float32Array(chunk.length * dim).fill(Number.NaN)
      }
      offsets.forEach((k, r) => data!.set(row(e, r), (b + k) * dim))
    })
    for (const e of errors) record.errors.push({ offset: b + e.index, error: e.error, file: names[start + b + e.index], ...e.dropped ? { dropped: e.dropped } : {} })
  }
  // A chunk where every image failed still needs a matrix; its rows are NaN and width 1.
  if (!data) { dim = 1; data = new Float32Array(chunk.length).fill(Number.NaN) }
  return { m: { data, rows: chunk.length, dim }, record }
}

function compact(chunks: Embeddings[], n: number, errors: ImageError[], converted: Record<string, number>): ImageEmbeddings {
  const failed = new Set(errors.map((e) => e.index))
  const dim = chunks.find((c) => c.dim > 1 || !Number.isNaN(c.data[0]))?.dim ?? 0
  const rowOf = new Int32Array(n).fill(-1)
  const data = new Float32Array((n - failed.size) * dim)
  let r = 0, i = 0
  for (const c of chunks) {
    for (let k = 0; k < c.rows; k++, i++) {
      if (failed.has(i)) continue
      data.set(row(c, k), r * dim)
      rowOf[i] = r++
    }
  }
  return { data, rows: r, dim, rowOf, errors, converted }
}

/**
 * Reads a file input once: its bytes (decoded later from this same buffer) and, when caching, their sha256.
 * A file that cannot be read or is over `maxBytes` stays a path: decoding then reports the error with its name
 * (nothing of it was read).
 */
async function readOnce(input: string | Uint8Array, maxBytes: number, hash: boolean): Promise<{ input: string | Uint8Array, id: string }> {
  const id = (bytes: Uint8Array) => (hash ? createHash('sha256').update(bytes).digest('hex') : '')
  if (typeof input !== 'string') return { input, id: id(input) }
  try {
    const size = (await stat(input)).size
    if (size > maxBytes) return { input, id: `oversize:${size}` }
    const bytes = await readFile(input)
    if (bytes.length > maxBytes) return { input, id: `oversize:${bytes.length}` }
    return { input: bytes, id: id(bytes) }
  } catch (err) {
    return { input, id: `unreadable:${input}:${(err as NodeJS.ErrnoException).code ?? 'error'}` }
  }
}
