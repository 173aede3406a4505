import { loadConfig } from '../config/load-config.js'
import { LaionetError } from '../util/errors.js'
import { compareIntraClass } from '../metrics/compare.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { loadLabelledEmbeddings } from '../metrics/intra-class-files.js'
import { pooledPairSample } from '../metrics/pair-sample.js'
import type { Matrix } from '../metrics/types.js'
import { className } from '../simulate/captions.js'
import { comparisonSeries } from '../plots/inputs/comparison-series.js'
import { classKey, selectionImages } from '../simulate/measure.js'
import { SELECTION_NAMES, type SimulationStudy } from '../simulate/study.js'
import { cachedStudy } from '../simulate/study-cache.js'
import type { SimulationConfig } from '../simulate/types.js'
import type { Tier } from '../tier.js'
import { laionetVariables } from '../config/context.js'
import type { ImageRule } from '../models/image-rule.js'
import type { DropCounts } from './image-drops.js'

/** One dataset's image embeddings with one class label per row. */
export interface LabelledSet {
  /** Dataset name shown in tables and legends. */
  name: string
  /** Row-major n x d embeddings. */
  X: Matrix
  /** One class key per row (a wnid for real data, `c0007` in the simulated world). */
  labels: string[]
  /** Embedding width. */
  d: number
}

/** The two datasets Fig. 6 compares (a = LAIONet-like, b = ImageNet-like) and where they came from. */
export interface IntraClassSource {
  /** `real` for CLIP embeddings of real images, `fixture` through the tiny random CLIP, `simulated` for the causal world. */
  tier: Tier
  /** Which input was used: the LAIONET_EMBEDDINGS_A/B variables, the configuration's embedding files, images embedded here, or the simulated world. */
  origin: 'env' | 'config' | 'images' | 'simulated'
  /** One sentence for the reader: what the two sets are. */
  note: string
  /** LAIONet (or text-only selection). */
  a: LabelledSet
  /** ImageNet validation (or image-aware selection). */
  b: LabelledSet
  /** A readable name per class key, when known (the simulated world's class names). Default: none. */
  names?: Map<string, string>
  /** The files it read. Default: none (the simulated world). */
  source?: string[]
  /** Images embedded here: what the authors' image rule dropped on each side. Default: none. */
  drops?: { side: string, rule: ImageRule, counts: DropCounts, of: number }[]
}

/** Options of {@link intraClassSource}. */
export interface IntraClassSourceOptions {
  /** Seed of the simulated world. Default: 1. */
  seed?: number
  /** Dials of the simulated world. Default: the defaults. */
  config?: Partial<SimulationConfig>
  /** Environment to read LAIONET_EMBEDDINGS_A/B and LAIONET_LABELS_A/B from. Default: the process's (`laionetVariables()`). */
  env?: NodeJS.ProcessEnv
  /** laionet.config.json to read (see `loadConfig`). Default: LAIONET_CONFIG or the project root's, if any. */
  configFile?: string
}

/**
 * Reads one labelled embedding file pair (.npy + .json wnids) as a {@link LabelledSet}, through the one reader of
 * src/metrics (`loadLabelledEmbeddings`).
 * @example await labelledSet('LAIONet', 'laionet.npy', 'laionet.json')
 */
export async function labelledSet(name: string, file: string, labels: string): Promise<LabelledSet> {
  const { X, d, labels: l } = await loadLabelledEmbeddings(file, labels)
  return { name, X, labels: l, d }
}

/** The simulated world's two selections as labelled sets (text-only = LAIONet-like, image-aware = ImageNet-like). */
export function simulatedSource(seed = 1, config: Partial<SimulationConfig> = {}, study: SimulationStudy = cachedStudy(config, { seed })): IntraClassSource {
  const set = (name: string, sel: typeof study.textOnly): LabelledSet => {
    const { X, labels, dim } = selectionImages(study.world, sel.selection)
    return { name, X, labels, d: dim }
  }
  const names = new Map(Array.from({ length: study.world.classes }, (_, c) => [classKey(c), className(c)]))
  return {
    tier: 'simulated',
    origin: 'simulated',
    note: `the simulated world (seed ${seed}, ${study.world.classes} classes): no real CLIP embeddings were supplied`,
    a: set(SELECTION_NAMES.textOnly, study.textOnly),
    b: set(SELECTION_NAMES.imageAware, study.imageAware),
    names,
    source: [],
  }
}

/**
 * Returns the two embedding sets Fig. 6 compares: real CLIP embeddings when the user supplies them, else the
 * simulated world's text-only and image-aware selections. Looked up in order: LAIONET_EMBEDDINGS_A and
 * LAIONET_EMBEDDINGS_B (.npy files; labels from LAIONET_LABELS_A/B, default the same path ending in .json), then
 * `sources.embeddings.laionet` and `.imagenetVal` of laionet.config.json, then the simulated world. (The
 * `intra-class` experiment also embeds configured images; this function reads files only.)
 * @param options `seed`, `config` (the world's dials), `env`, `configFile`
 * @returns the sets, the tier (`real` or `simulated`) and where they came from
 * @example const { a, b, tier } = await intraClassSource()
 */
export async function intraClassSource({ seed = 1, config = {}, env = laionetVariables(), configFile }: IntraClassSourceOptions = {}): Promise<IntraClassSource> {
  const fileA = env.LAIONET_EMBEDDINGS_A
  const fileB = env.LAIONET_EMBEDDINGS_B
  if (fileA || fileB) {
    if (!fileA || !fileB) throw new LaionetError('intra-class', 'set both LAIONET_EMBEDDINGS_A (LAIONet) and LAIONET_EMBEDDINGS_B (ImageNet) .npy files, or neither', { code: 'usage' })
    const labels = (file: string, key: string) => env[key] || file.replace(/\.npy$/, '') + '.json'
    const [la, lb] = [labels(fileA, 'LAIONET_LABELS_A'), labels(fileB, 'LAIONET_LABELS_B')]
    const [a, b] = await Promise.all([labelledSet('LAIONet', fileA, la), labelledSet('ImageNet', fileB, lb)])
    return { tier: 'real', origin: 'env', note: `CLIP embeddings from ${fileA} and ${fileB}`, a, b, source: [fileA, la, fileB, lb] }
  }
  const cfg = await loadConfig(configFile, { checkPaths: false })
  const ea = cfg.sources.embeddings.laionet
  const eb = cfg.sources.embeddings.imagenetVal
  if (ea && eb) {
    const [a, b] = await Promise.all([labelledSet('LAIONet', ea.file, ea.labels), labelledSet('ImageNet validation', eb.file, eb.labels)])
    return { tier: 'real', origin: 'config', note: `CLIP embeddings named in ${cfg.file}`, a, b, source: [ea.file, ea.labels, eb.file, eb.labels] }
  }
  return simulatedSource(seed, config)
}

/** Options of {@link compareSource}. */
export interface CompareSourceOptions {
  /** First images per class used (the paper: 100 LAIONet images; ImageNet validation has 50). Default: 100. */
  maxPerClass?: number
  /** Seed of the pooled pair sample of the histograms. Default: 0. */
  seed?: number
  /** Compare a class only with at least this many pairs on both sides. Default: 7 (the paper). */
  minPairs?: number
}

/**
 * Fig. 6 on any pair of labelled embedding sets: per-class intra-class statistics, the per-class comparison
 * a vs b with the paper's and the corrected test, and the input of the Fig. 6 builder.
 * @param source the output of {@link intraClassSource}
 * @param options `maxPerClass`, `seed`, `minPairs`
 * @returns `{ a, b, comparison, figure }` (`figure` is the input of `fig6IntraClass`)
 * @example const { comparison, figure } = await compareSource(await intraClassSource())
 */
export async function compareSource(source: IntraClassSource, { maxPerClass = 100, seed = 0, minPairs = 7 }: CompareSourceOptions = {}) {
  if (source.a.d !== source.b.d) throw new LaionetError('intra-class', `${source.a.name} has width ${source.a.d} but ${source.b.name} has ${source.b.d} (compare embeddings of the same encoder)`, { code: 'mismatch' })
  const a = await intraClassByLabelAsync(source.a.X, source.a.labels, source.a.d, { maxPerClass })
  const b = await intraClassByLabelAsync(source.b.X, source.b.labels, source.b.d, { maxPerClass })
  const comparison = compareIntraClass(a, b, { minPairs })
  const pooled = (set: LabelledSet) => pooledPairSample(set.X, set.labels, set.d, { seed, perClass: 100, maxPerClass })
  const figure = {
    tier: source.tier,
    note: source.note,
    histograms: [{ name: source.a.name, values: pooled(source.a) }, { name: source.b.name, values: pooled(source.b) }],
    differences: comparisonSeries(comparison, { names: (key) => source.names?.get(key) }),
  }
  return { a, b, comparison, figure }
}
