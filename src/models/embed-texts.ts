import { join } from 'node:path'
import { cacheDir } from '../data/cache-dir.js'
import { CLIP_MAX_TOKENS, MISSING_TEXT } from './clip.js'
import { cacheKey, openEmbeddingCache } from './embedding-cache.js'
import { normalizeRows } from '../util/vectors.js'
import type { EmbedOptions, Embeddings, TextModel } from './types.js'

/** Returns the default embedding cache folder, `<cacheDir()>/embeddings`. */
export function embeddingCacheDir(): string {
  return join(cacheDir(), 'embeddings')
}

/**
 * Embeds texts with CLIP's text tower: captions truncated to 77 tokens with end-of-text kept, a
 * missing caption (null/undefined) embedded as the text "None" (the paper's str(None)), an empty one as
 * is. Batched by similar length (each batch is padded to its longest text only); L2-normalised by default; cached
 * as .npy by model, settings and content. The default batch size is the model's (`loadClip`'s `batchSize`).
 * @param clip a model from `loadClip` (or a sentence encoder from `loadSentenceEncoder`: mean-pooled, then normalised).
 * @param texts the captions or synset texts.
 * @param options batch size, normalisation, cache folder.
 * @returns one row per text, in input order.
 * @example const e = await embedTexts(clip, ['cougar which is large American feline resembling a lion'])
 */
export async function embedTexts(clip: TextModel, texts: readonly (string | null | undefined)[], { batchSize = clip.batchSize?.text ?? 32, normalize = true, cache = embeddingCacheDir(), cacheChunk = 4096, onBatch }: EmbedOptions = {}): Promise<Embeddings> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`embed: batchSize must be a positive integer, got ${batchSize}`)
  if (!Number.isInteger(cacheChunk) || cacheChunk < 1) throw new Error(`embed: cacheChunk must be a positive integer, got ${cacheChunk}`)
  const clean = texts.map((t, i) => {
    if (t === null || t === undefined) return MISSING_TEXT
    if (typeof t !== 'string') throw new Error(`embed: text #${i} is a ${typeof t}, expected a string (or null for a missing caption)`)
    return t
  })
  const store = cache === false ? undefined : openEmbeddingCache(cache)
  // clean=ftfy: texts are cleaned as the paper's tokenizer does (text-clean.ts); embeddings cached before that differ.
  const settings = `text|max${CLIP_MAX_TOKENS}|clean=ftfy|norm=${normalize}`
  const parts: Embeddings[] = []
  for (let start = 0; start < clean.length; start += cacheChunk) {
    const chunk = clean.slice(start, start + cacheChunk)
    const key = store ? cacheKey(clip.cacheKey, settings, chunk) : ''
    const hit = store?.get(key)
    if (hit && hit.m.rows === chunk.length) {
      parts.push(hit.m)
      continue
    }
    const m = await embedByLength(clip, chunk, batchSize, onBatch)
    if (normalize) normalizeRows(m)
    store?.set(key, m)
    parts.push(m)
  }
  return concatRows(parts)
}

/**
 * Embeds `texts` in batches of texts of similar length (shortest first), rows returned in input order: a batch is
 * padded to its longest text, so mixing a 77-token caption with short ones would run the short ones at 77.
 * A text's embedding does not depend on its batch: CLIP's causal mask keeps padding after end-of-text out of it.
 */
async function embedByLength(clip: TextModel, texts: string[], batchSize: number, onBatch?: (n: number) => void): Promise<Embeddings> {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b)
  let out: Embeddings | undefined
  for (let b = 0; b < order.length; b += batchSize) {
    const rows = order.slice(b, b + batchSize)
    const e = await clip.embedTextBatch(rows.map((i) => texts[i]))
    out ??= { data: new Float32Array(texts.length * e.dim), rows: texts.length, dim: e.dim }
    rows.forEach((i, r) => out!.data.set(e.data.subarray(r * e.dim, (r + 1) * e.dim), i * e.dim))
    onBatch?.(rows.length)
  }
  return out ?? { data: new Float32Array(0), rows: 0, dim: 0 }
}

/** Stacks matrices of equal width (an empty list gives 0 rows of width 0). */
function concatRows(parts: Embeddings[]): Embeddings {
  const dim = parts.find((p) => p.rows > 0)?.dim ?? 0
  const rows = parts.reduce((s, p) => s + p.rows, 0)
  const data = new Float32Array(rows * dim)
  let at = 0
  for (const p of parts) {
    if (p.rows === 0) continue
    if (p.dim !== dim) throw new Error(`embed: cannot stack rows of width ${p.dim} under rows of width ${dim}`)
    data.set(p.data.subarray(0, p.rows * dim), at)
    at += p.rows * dim
  }
  return { data, rows, dim }
}
