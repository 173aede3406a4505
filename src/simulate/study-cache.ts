import { join } from 'node:path'
import { cacheDir } from '../data/cache-dir.js'
import { cachedValue, type CacheUse } from '../io/value-cache.js'
import { codeVersion } from '../util/code-version.js'
import { resolveSimulationConfig } from './config.js'
import { simulateStudy, type SimulationStudy } from './study.js'
import { measureDial, type ScalarDial } from './sweep.js'
import type { SimulationConfig, World } from './types.js'

// The simulated study (world + every experiment in it) takes ~6 CPU-s at the default size, and notebooks 04-07 and the
// report's experiments each run in their own process: without this, each recomputed the same world. It is stored once
// per (dials, seed, label-noise levels, code version, V8 version) and read back verified. The dial sliders of notebook
// 06 (a smaller world at each of ~17 dial values) are stored the same way.

/** Format of the stored values: bump when their layout changes. */
const FORMAT = 1
/** The largest file read (the largest allowed world is far bigger: such a study is simply recomputed). */
const MAX_BYTES = 1 << 30

/** Where cached studies go, and what is reported about them. */
export interface StudyCacheOptions {
  /** The cache folder, or null for none. Default: `<cache>/simulate`. */
  dir?: string | null
  /** A damaged or foreign cache file, or one that cannot be written: the message (the value is computed). Default: a process warning. */
  onWarning?: (message: string) => void
  /** Whether the value was read (`hit`), computed and stored (`written`), computed over a bad file (`rebuilt`) or computed with no cache (`off`). */
  onCache?: (use: CacheUse) => void
}

/** Options of {@link cachedStudy}. */
export interface CachedStudyOptions extends StudyCacheOptions {
  /** Seed of the world. Default: 1. */
  seed?: number
  /** Label-noise shares of the no-selection experiment. Default: simulateStudy's. */
  labelNoiseLevels?: number[]
}

const versions = () => ({ format: FORMAT, code: codeVersion(['simulate', 'metrics', 'util']), v8: process.versions.v8 })

function cacheOptions({ dir = join(cacheDir(), 'simulate'), onWarning = (m) => process.emitWarning(m), onCache }: StudyCacheOptions) {
  return { dir, onWarning: (m: string) => onWarning(`simulate: ${m}`), onCache, maxBytes: MAX_BYTES }
}

/**
 * {@link simulateStudy}, computed once per (dials, seed, code version) and shared through a disk cache by every process
 * that asks for the same study (notebooks 06 and 07, the experiments behind the report). The study read back equals
 * the computed one value for value; a damaged or foreign file is recomputed with a warning.
 * @param config a partial configuration (validated; defaults fill the rest)
 * @param options `seed`, `labelNoiseLevels`, the cache folder
 * @example cachedStudy({}, { seed: 1 }).comparison.paper.lowerShare
 */
export function cachedStudy(config: Partial<SimulationConfig> = {}, options: CachedStudyOptions = {}): SimulationStudy {
  const { seed = 1, labelNoiseLevels } = options
  const resolved = resolveSimulationConfig(config)
  return cachedValue({
    ...cacheOptions(options), name: 'study', keep: 4,
    key: { ...versions(), kind: 'study', config: resolved, seed, labelNoiseLevels: labelNoiseLevels ?? null },
    check: (v) => studyProblem(v as SimulationStudy, resolved, seed),
  }, () => simulateStudy(resolved, { seed, ...(labelNoiseLevels ? { labelNoiseLevels } : {}) }))
}

/**
 * {@link measureDial} (one point of a dial sweep or slider: a world at that value, both selections, their comparison),
 * stored like {@link cachedStudy}.
 * @example cachedMeasureDial('labelNoise', 0.1, { classes: 150 }, { seed: 1, source: 'slider' }).point.gap
 */
export function cachedMeasureDial(dial: ScalarDial, value: number, config: Partial<SimulationConfig>, { seed, source, ...options }: { seed: number, source: string } & StudyCacheOptions): ReturnType<typeof measureDial> {
  const resolved = resolveSimulationConfig({ ...config, [dial]: value }, { source })
  return cachedValue({
    ...cacheOptions(options), name: 'dial', keep: 64,
    key: { ...versions(), kind: 'dial', dial, value, config: resolved, seed },
    check: (v) => {
      const r = v as ReturnType<typeof measureDial>
      return r?.point?.value === value && typeof r.comparison === 'object' && r.comparison !== null ? null : 'it holds another dial value'
    },
  }, () => measureDial(dial, value, resolved, { seed, source }))
}

/** Why a decoded study is not the one asked for (its world must be that config and seed, arrays of the right sizes), or null. */
function studyProblem(study: SimulationStudy, config: SimulationConfig, seed: number): string | null {
  const w: World | undefined = study?.world
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
  return null
}
