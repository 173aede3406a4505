import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { cacheDir } from '../data/cache-dir.js'
import { pruneCacheDir, readCacheFile, writeCacheFile } from '../io/cache-file.js'
import { codeVersion } from '../util/code-version.js'
import { resolveSimulationConfig } from './config.js'
import { simulateStudy, type SimulationStudy } from './study.js'
import type { SimulationConfig } from './types.js'

// The simulated study (world + every experiment in it) takes ~6 CPU-s at the default size, and notebooks 04-07 and the
// report's experiments each run in their own process: without this, each recomputed the same world. It is stored once
// per (dials, seed, label-noise levels, code version, V8 version) and read back verified.

/** Format of the cache file: bump when the stored layout changes. */
const FORMAT = 1
/** Studies kept in the folder (~45 MB each at the default size). */
const KEEP = 4
/** The largest study file read (the largest allowed world is far bigger; such a study is simply recomputed). */
const MAX_BYTES = 1 << 30

/** Options of {@link cachedStudy}. */
export interface CachedStudyOptions {
  /** Seed of the world. Default: 1. */
  seed?: number
  /** Label-noise shares of the no-selection experiment. Default: simulateStudy's. */
  labelNoiseLevels?: number[]
  /** The cache folder, or null for none. Default: `<cache>/simulate`. */
  dir?: string | null
  /** A damaged or foreign cache file, or one that cannot be written: the message (the study is computed). */
  onWarning?: (message: string) => void
  /** Told whether the study was read (`hit`), computed and stored (`written`), computed over a bad file (`rebuilt`) or computed with no cache (`off`). */
  onCache?: (use: 'hit' | 'written' | 'rebuilt' | 'off') => void
}

/**
 * {@link simulateStudy}, computed once per (dials, seed, code version) and shared through a disk cache by every process
 * that asks for the same study (notebooks 06 and 07, the experiments behind the report). The stored study is the
 * computed one, value for value (V8's serializer keeps every double, NaN and typed array as it was); a damaged or
 * foreign file is recomputed with a warning.
 * @param config a partial configuration (validated; defaults fill the rest)
 * @param options `seed`, `labelNoiseLevels`, the cache folder
 * @example cachedStudy({}, { seed: 1 }).comparison.paper.lowerShare
 */
export function cachedStudy(config: Partial<SimulationConfig> = {}, options: CachedStudyOptions = {}): SimulationStudy {
  const { seed = 1, labelNoiseLevels, dir = join(cacheDir(), 'simulate'), onWarning = (m) => process.emitWarning(m), onCache } = options
  const resolved = resolveSimulationConfig(config)
  const compute = () => simulateStudy(resolved, { seed, ...(labelNoiseLevels ? { labelNoiseLevels } : {}) })
  if (dir === null) {
    onCache?.('off')
    return compute()
  }
  const key = createHash('sha256').update(JSON.stringify({
    format: FORMAT, config: resolved, seed, labelNoiseLevels: labelNoiseLevels ?? null,
    code: codeVersion(['simulate', 'metrics', 'util']), v8: process.versions.v8,
  })).digest('hex')
  const file = join(dir, `study-${key.slice(0, 32)}.bin`)
  const read = readCacheFile(file, key, MAX_BYTES)
  let problem = read.ok ? null : read.missing ? undefined : read.reason
  if (read.ok) {
    const study = decodeStudy(read.sections.get('study'), resolved, seed)
    if (typeof study !== 'string') {
      onCache?.('hit')
      return study
    }
    problem = study
  }
  if (problem) onWarning(`simulate: the cache file ${file} cannot be used (${problem}); recomputing the study`)
  const study = compute()
  try {
    writeCacheFile(file, key, [{ name: 'study', bytes: serialize(study) }])
    pruneCacheDir(dir, '.bin', KEEP)
  } catch (err) {
    onWarning(`simulate: cannot write the cache file ${file} (${(err as Error).message}); the next run recomputes the study`)
  }
  onCache?.(problem ? 'rebuilt' : 'written')
  return study
}

/** The study of a verified file, or why it cannot be used (its world must be the one asked for, arrays of the right sizes). */
function decodeStudy(bytes: Uint8Array | undefined, config: SimulationConfig, seed: number): SimulationStudy | string {
  if (!bytes) return 'no study section'
  let study: SimulationStudy
  try {
    study = deserialize(bytes) as SimulationStudy
  } catch (err) {
    return `the study does not decode (${(err as Error).message})`
  }
  const w = study?.world
  if (typeof w !== 'object' || w === null || w.seed !== seed || JSON.stringify(w.config) !== JSON.stringify(config)) return 'it holds another world'
  const n = w.size
  const sizes: [string, ArrayLike<number> | undefined, number][] = [
    ['images', w.images, n * w.dim], ['texts', w.texts, n * w.dim], ['captionClass', w.captionClass, n], ['matchedClass', w.matchedClass, n],
    ['textSimilarity', w.textSimilarity, n], ['votes', w.votes, n], ['inPool', w.inPool, n], ['classCentres', w.classCentres, w.classes * w.dim],
  ]
  for (const [name, a, length] of sizes) if (!ArrayBuffer.isView(a) || a.length !== length) return `world.${name} is not ${length} values`
  for (const field of ['textOnly', 'imageAware', 'comparison', 'classifier', 'accuracy', 'selectionFrequency', 'frontier', 'textSynset', 'labelNoise'] as const) {
    if (typeof study[field] !== 'object' || study[field] === null) return `the study lacks ${field}`
  }
  return study
}
