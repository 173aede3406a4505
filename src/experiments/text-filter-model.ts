import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { clipTier } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { dataPath } from '../data/data-path.js'
import { buildLaionet } from '../laionet/build.js'
import type { BuildSummary } from '../laionet/build-outputs.js'
import { clipTextEmbedder } from '../laionet/clip-text-embedder.js'
import { readBuild, type BuildCandidate } from '../laionet/read-build.js'
import { PAPER_THRESHOLD } from '../laionet/text-filter.js'
import { loadClip, type Clip } from '../models/clip.js'
import { fixtureModelDir } from '../models/fixtures-dir.js'
import { resolveModelSource } from '../models/model-source.js'
import { outDir } from '../util/paths.js'

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
const PAPER_CLIP = 'Xenova/clip-vit-base-patch32'

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

/**
 * Loads the CLIP a configuration names, with the tier {@link clipTier} (and so `describeTiers`) promises: the
 * configured weights when that tier is `real`; otherwise the configured model when it is itself a tiny random one,
 * else the project's tiny random fixture CLIP.
 * @example const { clip, spec, tier } = await loadConfiguredClip(await loadConfig())
 */
export async function loadConfiguredClip(config: LaionetConfig): Promise<TextFilterModel> {
  const { clip: spec, allowRemoteModels } = config.models
  if (clipTier(config).tier === 'real') return { clip: await loadClip(spec, { offline: !allowRemoteModels }), spec, tier: 'real' }
  const fixture = /tiny-random/i.test(spec) && existsSync(spec) ? spec : fixtureModelDir('tiny-random-clip')
  return { clip: await loadClip(fixture, { offline: true }), spec: fixture, tier: 'fixture' }
}

/** A finished build, where it is and where its numbers come from. */
export interface SampleBuild {
  summary: BuildSummary
  candidates: BuildCandidate[]
  tier: 'real' | 'fixture'
  out: string
}

/**
 * Runs (or resumes) the resumable build of `files` into `out` with a loaded text-filter model, unless `out` already
 * holds a finished build of the same files, model and threshold; then reads it back.
 * @example await buildInto(['part-00000.parquet'], '/o/laionet', model)
 */
export async function buildInto(files: readonly string[], out: string, model: TextFilterModel | (() => Promise<TextFilterModel>), { threshold = PAPER_THRESHOLD, rebuild = false, onChunk }: { threshold?: number, rebuild?: boolean, onChunk?: (p: { done: number, total: number, file: string }) => void } = {}): Promise<{ summary: BuildSummary, candidates: BuildCandidate[] }> {
  if (!rebuild && existsSync(join(out, 'summary.json'))) {
    const done = await readBuild(out)
    if (done.summary.threshold === threshold && done.summary.topK === null && JSON.stringify(done.summary.files.map((f) => resolve(f))) === JSON.stringify(files.map((f) => resolve(f)))) return done
  }
  const m = typeof model === 'function' ? await model() : model
  try {
    await buildLaionet(files, { embed: clipTextEmbedder(m.clip), model: m.spec, out, threshold, onChunk })
  } finally {
    if (typeof model === 'function') await m.clip.dispose()
  }
  return readBuild(out)
}

/**
 * Returns the build of the 10,000-caption LAION sample with the configured CLIP (see
 * {@link loadTextFilterModel}), building it into `<out>/laionet-sample-<tier>/` when it is not there yet
 * (rerunning is cheap: the build resumes and embeddings are cached).
 * @param options `threshold` (default 0.82), `rebuild` to re-run the build even if finished, `spec` and `allowRemote` (the CLIP, as in laionet.config.json)
 * @example const { summary, tier } = await sampleBuild()
 */
export async function sampleBuild({ threshold = PAPER_THRESHOLD, rebuild = false, ...clip }: { threshold?: number, rebuild?: boolean } & TextFilterModelOptions = {}): Promise<SampleBuild> {
  const tier = textFilterTier(clip)
  const out = join(outDir(), `laionet-sample-${tier}`)
  if (!rebuild && existsSync(join(out, 'summary.json'))) {
    const { summary, candidates } = await readBuild(out)
    if (summary.threshold === threshold) return { summary, candidates, tier, out }
  }
  const { summary, candidates } = await buildInto([await dataPath('laion/laion400m-sample-10000.parquet')], out, () => loadTextFilterModel(clip), { threshold, rebuild: true })
  return { summary, candidates, tier, out }
}
