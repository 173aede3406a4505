import { readFile } from 'node:fs/promises'
import { loadConfig } from '../config/load-config.js'
import { readNpy } from '../io/npy.js'
import type { Matrix } from '../metrics/types.js'
import { compareIntraClass } from '../metrics/compare.js'
import { intraClassByLabel } from '../metrics/group-rows.js'
import { pooledPairSample } from '../metrics/pair-sample.js'
import type { Tier } from '../tier.js'
import { className } from './captions.js'
import { classKey, selectionImages } from './measure.js'
import { differenceSeries, SELECTION_NAMES } from './figure-inputs.js'
import { simulateStudy } from './study.js'
import type { SimulationConfig } from './types.js'

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

/** The two datasets notebook 05 compares (a = LAIONet-like, b = ImageNet-like) and where they came from. */
export interface IntraClassSource {
  /** `real` for user-supplied CLIP embeddings, `simulated` for the causal world. */
  tier: Tier
  /** Which input was used: the LAIONET_EMBEDDINGS_A/B variables, laionet.config.json, or the simulated world. */
  origin: 'env' | 'config' | 'simulated'
  /** One sentence for the reader: what the two sets are. */
  note: string
  /** LAIONet (or text-only selection). */
  a: LabelledSet
  /** ImageNet validation (or image-aware selection). */
  b: LabelledSet
  /** A readable name per class key, when known (the simulated world's class names). Default: none. */
  names?: Map<string, string>
}

/** Options of {@link intraClassSource}. */
export interface IntraClassSourceOptions {
  /** Seed of the simulated world. Default: 1. */
  seed?: number
  /** Dials of the simulated world. Default: the defaults. */
  config?: Partial<SimulationConfig>
  /** Environment to read LAIONET_EMBEDDINGS_A/B and LAIONET_LABELS_A/B from. Default: process.env. */
  env?: NodeJS.ProcessEnv
  /** laionet.config.json to read (see `loadConfig`). Default: LAIONET_CONFIG or the project root's, if any. */
  configFile?: string
}

async function readLabels(file: string, rows: number, embeddings: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new Error(`simulate: cannot read the labels file ${file} of ${embeddings}: ${(err as Error).message}`, { cause: err })
  }
  let labels: unknown
  if (file.endsWith('.json')) {
    try {
      labels = JSON.parse(text)
    } catch (err) {
      throw new Error(`simulate: ${file} is not valid JSON (${(err as Error).message}); expected an array of wnids`, { cause: err })
    }
  } else if (file.endsWith('.txt')) {
    labels = text.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => line.trim())
  } else {
    throw new Error(`simulate: labels file ${file} must be a .json array or a .txt with one wnid per line (convert class-index .npy labels to wnids first)`)
  }
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    throw new Error(`simulate: ${file} must hold one wnid string per row of ${embeddings}`)
  }
  if (labels.length !== rows) throw new Error(`simulate: ${file} has ${labels.length} labels but ${embeddings} has ${rows} rows (expected one label per row)`)
  return labels as string[]
}

async function loadSet(name: string, file: string, labelsFile: string): Promise<LabelledSet> {
  const npy = await readNpy(file)
  if (npy.shape.length !== 2 || !(npy.data instanceof Float32Array || npy.data instanceof Float64Array)) {
    throw new Error(`simulate: ${file} must be a 2-D float16/32/64 .npy of [images, width] embeddings, got dtype ${npy.dtype} shape [${npy.shape.join(', ')}]`)
  }
  const [n, d] = npy.shape
  return { name, X: npy.data, labels: await readLabels(labelsFile, n, file), d }
}

/**
 * Returns the two embedding sets notebook 05 compares: real CLIP embeddings when the user supplies them,
 * else the simulated world's text-only and image-aware selections.
 * Looked up in order: LAIONET_EMBEDDINGS_A and LAIONET_EMBEDDINGS_B (.npy files; labels from LAIONET_LABELS_A/B,
 * default the same path ending in .json), then `sources.embeddings.laionet` and `.imagenetVal` of
 * laionet.config.json, then the simulated world.
 * @param options `seed`, `config` (the world's dials), `env`, `configFile`
 * @returns the sets, the tier (`real` or `simulated`) and where they came from
 * @example const { a, b, tier } = await intraClassSource()
 */
export async function intraClassSource({ seed = 1, config = {}, env = process.env, configFile }: IntraClassSourceOptions = {}): Promise<IntraClassSource> {
  const fileA = env.LAIONET_EMBEDDINGS_A
  const fileB = env.LAIONET_EMBEDDINGS_B
  if (fileA || fileB) {
    if (!fileA || !fileB) throw new Error('simulate: set both LAIONET_EMBEDDINGS_A (LAIONet) and LAIONET_EMBEDDINGS_B (ImageNet) .npy files, or neither')
    const labels = (file: string, key: string) => env[key] || file.replace(/\.npy$/, '') + '.json'
    const [a, b] = await Promise.all([
      loadSet('LAIONet', fileA, labels(fileA, 'LAIONET_LABELS_A')),
      loadSet('ImageNet', fileB, labels(fileB, 'LAIONET_LABELS_B')),
    ])
    return { tier: 'real', origin: 'env', note: `CLIP embeddings from ${fileA} and ${fileB}`, a, b }
  }
  const cfg = await loadConfig(configFile, { checkPaths: false })
  const ea = cfg.sources.embeddings.laionet
  const eb = cfg.sources.embeddings.imagenetVal
  if (ea && eb) {
    const [a, b] = await Promise.all([loadSet('LAIONet', ea.file, ea.labels), loadSet('ImageNet validation', eb.file, eb.labels)])
    return { tier: 'real', origin: 'config', note: `CLIP embeddings named in ${cfg.file}`, a, b }
  }
  const study = simulateStudy(config, { seed })
  const set = (name: string, sel: typeof study.textOnly): LabelledSet => {
    const { X, labels, dim } = selectionImages(study.world, sel.selection)
    return { name, X, labels, d: dim }
  }
  const a = set(SELECTION_NAMES.textOnly, study.textOnly)
  const names = new Map(Array.from({ length: study.world.classes }, (_, c) => [classKey(c), className(c)]))
  return {
    tier: 'simulated',
    origin: 'simulated',
    note: `the simulated world (seed ${seed}, ${study.world.classes} classes): no real CLIP embeddings were supplied`,
    a,
    b: set(SELECTION_NAMES.imageAware, study.imageAware),
    names,
  }
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
 * @example const { comparison, figure } = compareSource(await intraClassSource())
 */
export function compareSource(source: IntraClassSource, { maxPerClass = 100, seed = 0, minPairs = 7 }: CompareSourceOptions = {}) {
  if (source.a.d !== source.b.d) throw new Error(`simulate: ${source.a.name} has width ${source.a.d} but ${source.b.name} has ${source.b.d} (compare embeddings of the same encoder)`)
  const a = intraClassByLabel(source.a.X, source.a.labels, source.a.d, { maxPerClass })
  const b = intraClassByLabel(source.b.X, source.b.labels, source.b.d, { maxPerClass })
  const comparison = compareIntraClass(a, b, { minPairs })
  const pooled = (set: LabelledSet) => pooledPairSample(set.X, set.labels, set.d, { seed, perClass: 100, maxPerClass })
  const figure = {
    tier: source.tier,
    note: source.note,
    histograms: [{ name: source.a.name, values: pooled(source.a) }, { name: source.b.name, values: pooled(source.b) }],
    differences: differenceSeries(comparison.classes, (key) => source.names?.get(key) ?? key),
  }
  return { a, b, comparison, figure }
}
