import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Embeddings } from './types.js'

/**
 * A folder of .npy files, one per chunk of inputs, named by sha256(model key + settings + contents):
 * the same inputs through the same model never run twice, and an interrupted run resumes by chunk.
 */
export interface EmbeddingCache {
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
        const m = parseFloat32Npy(readFileSync(file))
        const side = join(dir, `${key}.json`)
        return existsSync(side) ? { m, meta: JSON.parse(readFileSync(side, 'utf8')) } : { m }
      } catch {
        return undefined // a damaged cache entry is recomputed and overwritten
      }
    },
    set(key, m, meta) {
      mkdirSync(dir, { recursive: true })
      const write = (file: string, bytes: Buffer | string) => {
        const tmp = `${file}.${process.pid}.tmp`
        writeFileSync(tmp, bytes)
        renameSync(tmp, file)
      }
      // The side record goes first: an .npy without its record is never taken for a complete entry.
      if (meta !== undefined) write(join(dir, `${key}.json`), JSON.stringify(meta))
      write(join(dir, `${key}.npy`), float32Npy(m))
    },
  }
}

// A two-dimensional little-endian float32 .npy is all the cache needs; it stays readable by numpy.
function float32Npy(m: Embeddings): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${m.rows}, ${m.dim}), }`
  const pad = 64 - ((10 + header.length + 1) % 64)
  header += ' '.repeat(pad % 64) + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head[6] = 1
  head[7] = 0
  head.writeUInt16LE(header.length, 8)
  const body = Buffer.from(m.data.buffer, m.data.byteOffset, m.rows * m.dim * 4)
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body])
}

function parseFloat32Npy(buf: Buffer): Embeddings {
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error('not npy')
  const len = buf.readUInt16LE(8)
  const header = buf.toString('latin1', 10, 10 + len)
  const shape = /'shape': \((\d+), (\d+)\)/.exec(header)
  if (!header.includes("'<f4'") || !shape) throw new Error('not a 2-d float32 npy')
  const rows = Number(shape[1]), dim = Number(shape[2])
  const bytes = buf.subarray(10 + len)
  if (bytes.length !== rows * dim * 4) throw new Error('truncated npy')
  const data = new Float32Array(rows * dim)
  new Uint8Array(data.buffer).set(bytes)
  return { data, rows, dim }
}
