import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { dataPath } from '../data/data-path.js'
import { loadClip, type Clip } from '../models/clip.js'
import { fixtureModelDir } from '../models/fixtures-dir.js'
import { resolveModelSource } from '../models/model-source.js'
import { outDir } from '../report/out-dir.js'
import { buildLaionet } from './build.js'
import type { BuildSummary } from './build-outputs.js'
import { clipTextEmbedder } from './clip-text-embedder.js'
import { readBuild, type BuildCandidate } from './read-build.js'

/** The CLIP the text filter runs with, and whether its numbers mean anything. */
export interface TextFilterModel {
  /** The loaded model (call `clip.dispose()` when done). */
  clip: Clip
  /** What was loaded: a hub id, or the fixture folder. */
  spec: string
  /** `real` for real CLIP weights, `fixture` for the tiny random model (similarities meaningless). */
  tier: 'real' | 'fixture'
}

/** The real CLIP the paper used. */
export const PAPER_CLIP = 'Xenova/clip-vit-base-patch32'

/** Which CLIP the text filter should use: laionet.config.json's `models.clip` and `models.allowRemoteModels`. */
export interface TextFilterModelOptions {
  /** A hub id or a local folder. Default: the paper's `Xenova/clip-vit-base-patch32`. */
  spec?: string
  /** Let transformers.js download `spec` from the hub. Default: false (use it only when already on disk). */
  allowRemote?: boolean
}

/**
 * Loads the configured CLIP for the text filter: `spec` when it is on disk (or may be downloaded), otherwise the
 * tiny random fixture CLIP, marked `fixture` (its similarities only prove the plumbing).
 * @returns the model and its tier
 * @example const config = await loadConfig(); await loadTextFilterModel({ spec: config.models.clip })
 */
export async function loadTextFilterModel({ spec = PAPER_CLIP, allowRemote = false }: TextFilterModelOptions = {}): Promise<TextFilterModel> {
  if (textFilterTier({ spec, allowRemote }) === 'real') return { clip: await loadClip(spec, { offline: !allowRemote }), spec, tier: 'real' }
  const fixture = fixtureModelDir('tiny-random-clip')
  return { clip: await loadClip(fixture, { offline: true }), spec: fixture, tier: 'fixture' }
}

/**
 * Returns `real` when the CLIP `spec` has real weights that can be loaded (a local folder, a hub id already in the
 * model cache, or any hub id when `allowRemote`), `fixture` otherwise and always for the tiny random models.
 * @example textFilterTier({ spec: '../shared/fixtures/models/tiny-random-clip' }) // 'fixture'
 */
export function textFilterTier({ spec = PAPER_CLIP, allowRemote = false }: TextFilterModelOptions = {}): 'real' | 'fixture' {
  if (/tiny-random/i.test(spec)) return 'fixture'
  try {
    const source = resolveModelSource(spec, { offline: !allowRemote })
    return source.remote && !allowRemote ? 'fixture' : 'real'
  } catch {
    return 'fixture'
  }
}

/** A build of the 10,000-row LAION sample and where its numbers come from. */
export interface SampleBuild {
  summary: BuildSummary
  candidates: BuildCandidate[]
  tier: 'real' | 'fixture'
  out: string
}

/**
 * Returns the build of the 10,000-caption LAION sample with the configured CLIP (see
 * {@link loadTextFilterModel}), building it into `<out>/laionet-sample-<tier>/` when it is not there yet
 * (rerunning is cheap: the build resumes and embeddings are cached).
 * @param options `threshold` (default 0.82), `rebuild` to re-run the build even if finished, `spec` and `allowRemote` (the CLIP, as in laionet.config.json)
 * @example const { summary, tier } = await sampleBuild()
 */
export async function sampleBuild({ threshold = 0.82, rebuild = false, ...clip }: { threshold?: number, rebuild?: boolean } & TextFilterModelOptions = {}): Promise<SampleBuild> {
  const tier = textFilterTier(clip)
  const out = join(outDir(), `laionet-sample-${tier}`)
  if (!rebuild && existsSync(join(out, 'summary.json'))) {
    const { summary, candidates } = await readBuild(out)
    if (summary.threshold === threshold) return { summary, candidates, tier, out }
  }
  const model = await loadTextFilterModel(clip)
  try {
    await buildLaionet([await dataPath('laion/laion400m-sample-10000.parquet')], { embed: clipTextEmbedder(model.clip), model: model.spec, out, threshold })
  } finally {
    await model.clip.dispose()
  }
  const { summary, candidates } = await readBuild(out)
  return { summary, candidates, tier, out }
}
