import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { pruneCacheDir, readCacheFile, writeCacheFile } from './cache-file.js'

/** How a cached value was obtained: read (`hit`), computed and stored (`written`), computed over a bad file (`rebuilt`), computed with no cache (`off`). */
export type CacheUse = 'hit' | 'written' | 'rebuilt' | 'off'

/** Options of {@link cachedValue}. */
export interface CachedValueOptions {
  /** The cache folder, or null to compute without one. */
  dir: string | null
  /** File name prefix, e.g. `study`. */
  name: string
  /** Everything the value depends on (JSON): its sha256 is the key. */
  key: unknown
  /** Files of this name kept in the folder. */
  keep: number
  /** The largest file read. */
  maxBytes: number
  /** Why a decoded value is not the one asked for (shape, sizes), or null: a file that fails is recomputed. */
  check: (value: unknown) => string | null
  /** A damaged or foreign file, or one that cannot be written (the value is computed). */
  onWarning: (message: string) => void
  onCache?: (use: CacheUse) => void
}

/**
 * Returns `compute()`, stored once per key as V8's serialization of the value (typed arrays, Maps, NaN and -0 kept as
 * they were) in a verified cache file (`io/cache-file`): a later call with the same key reads it back; a damaged,
 * foreign or failing-`check` file is recomputed with a warning.
 * @example cachedValue({ dir, name: 'study', key: { seed }, keep: 4, maxBytes: 1 << 30, check: () => null, onWarning: console.warn }, () => simulate(seed))
 */
export function cachedValue<T>(o: CachedValueOptions, compute: () => T): T {
  if (o.dir === null) {
    o.onCache?.('off')
    return compute()
  }
  const key = createHash('sha256').update(JSON.stringify(o.key)).digest('hex')
  const file = join(o.dir, `${o.name}-${key.slice(0, 32)}.bin`)
  const read = readCacheFile(file, key, o.maxBytes)
  let problem = read.ok ? null : read.missing ? undefined : read.reason
  if (read.ok) {
    const decoded = decode(read.sections.get('value'), o.check)
    if (decoded.ok) {
      o.onCache?.('hit')
      return decoded.value as T
    }
    problem = decoded.reason
  }
  if (problem) o.onWarning(`the cache file ${file} cannot be used (${problem}); recomputing it`)
  const value = compute()
  try {
    writeCacheFile(file, key, [{ name: 'value', bytes: serialize(value) }])
    pruneCacheDir(o.dir, `${o.name}-`, '.bin', o.keep)
  } catch (err) {
    o.onWarning(`cannot write the cache file ${file} (${(err as Error).message}); the next run computes it again`)
  }
  o.onCache?.(problem ? 'rebuilt' : 'written')
  return value
}

function decode(bytes: Uint8Array | undefined, check: (value: unknown) => string | null): { ok: true, value: unknown } | { ok: false, reason: string } {
  if (!bytes) return { ok: false, reason: 'no value section' }
  let value: unknown
  try {
    value = deserialize(bytes)
  } catch (err) {
    return { ok: false, reason: `the value does not decode (${(err as Error).message})` }
  }
  const reason = check(value)
  return reason === null ? { ok: true, value } : { ok: false, reason }
}
