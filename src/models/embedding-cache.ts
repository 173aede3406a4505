import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeNpy, parseNpy } from '../io/npy.js'
import type { Embeddings } from './types.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/**
 * A folder of .npy files, one per chunk of inputs, named by sha256(model key + settings + contents):
 * the same inputs through the same model never run twice, and an interrupted run resumes by chunk.
 */
interface EmbeddingCache {
  /** Returns the cached matrix (and its JSON side record, if one was stored) for `key`, or undefined. */
  get(key: string): { m: Embeddings, meta?: unknown } | undefined
  /** Stores `m` (and `meta` as JSON beside it) under `key`, atomically: a crash never leaves a half-written entry. */
  set(key: string, m: Embeddings, meta?: unknown): void
}

/**
 * Returns the sha256 hex key of a model key, settings and the chunk's contents (each content is
 * length-prefixed, so ['ab', 'c'] and ['a', 'bc'] differ).
 */
export function cacheKey(model: string, settings: string, contents: (string | Uint8Array)[]): string {
  const h = createHash('sha256')
  for (const part of [model, settings]) h.update(`${Buffer.byteLength(part)}:${part}\n`)
  for (const c of contents) {
    h.update(`${typeof c === 'string' ? 's' : 'b'}${typeof c === 'string' ? Buffer.byteLength(c) : c.length}:`)
    h.update(c)
  }
  return h.digest('hex')
}

/**
 * Opens (creating when needed) an embedding cache in `dir`.
 * @example const cache = openEmbeddingCache(join(cacheDir(), 'embeddings'))
 */
export function openEmbeddingCache(dir: string): EmbeddingCache {
  return {
    get(key) {
      const file = join(dir, `${key}.npy`)
      if (!existsSync(file)) return undefined
      try {
        const npy = parseNpy(readFileSync(file), file)
        if (npy.dtype !== 'float32' || npy.shape.length !== 2) return undefined
        const m: Embeddings = { data: npy.data as Float32Array, rows: npy.shape[0], dim: npy.shape[1] }
        const side = join(dir, `${key}.json`)
        return existsSync(side) ? { m, meta: JSON.parse(readFileSync(side, 'utf8')) } : { m }
      } catch {
        return undefined // a damaged cache entry is recomputed and overwritten
      }
    },
    set(key, m, meta) {
      const write = writeFileAtomicSync
      // The side record goes first: an .npy without its record is never taken for a complete entry.
      if (meta !== undefined) write(join(dir, `${key}.json`), JSON.stringify(meta))
      write(join(dir, `${key}.npy`), encodeNpy({ dtype: 'float32', shape: [m.rows, m.dim], data: m.data.subarray(0, m.rows * m.dim) }))
    },
  }
}
