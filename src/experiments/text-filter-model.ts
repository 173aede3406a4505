import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { configContext } from '../config/context.js'
import { defaultConfig } from '../config/defaults.js'
import { clipTier, resolveClip } from '../config/resolve-clip.js'
import type { LaionetConfig } from '../config/types.js'
import { dataPath } from '../data/data-path.js'
import { buildLaionet, buildSettings } from '../laionet/build.js'
import { configChanges, type BuildConfig } from '../laionet/build-state.js'
import type { BuildSummary } from '../laionet/build-outputs.js'
import { clipTextEmbedder } from '../laionet/clip-text-embedder.js'
import { readBuild, type BuildCandidate } from '../laionet/read-build.js'
import { PAPER_THRESHOLD } from '../laionet/text-filter.js'
import { loadClip, type Clip } from '../models/clip.js'
import { outDir } from '../util/paths.js'

/** The CLIP the text filter runs with, and whether its numbers mean anything. */
export interface TextFilterModel {
  /** The loaded model (call `clip.dispose()` when done). */
  clip: Clip
  /** What was loaded: a hub id, or the fixture folder. */
  spec: string
  /** `real` for weights verified as ViT-B/32 (see resolveClip), `fixture` otherwise (similarities meaningless). */
  tier: 'real' | 'fixture'
  /** Why, in one sentence (the weights check's finding). */
  reason: string
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

// A configuration that differs from the one in force only by its CLIP: the one decision (resolveClip) takes configurations.
function clipConfig({ spec = PAPER_CLIP, allowRemote = false }: TextFilterModelOptions): LaionetConfig {
  const config = defaultConfig()
  return { ...config, models: { ...config.models, clip: spec, allowRemoteModels: allowRemote } }
}

/**
 * Loads the CLIP for the text filter as {@link resolveClip} decides it for `spec`: the configured weights (tier `real`
 * only when verified as ViT-B/32), or the tiny random fixture CLIP when they cannot be had.
 * @returns the model and its tier
 * @example const config = await loadConfig(); await loadTextFilterModel({ spec: config.models.clip })
 */
export async function loadTextFilterModel(options: TextFilterModelOptions = {}): Promise<TextFilterModel> {
  const config = clipConfig(options)
  await resolveClip(config)
  return loadConfiguredClip(config)
}

/**
 * Returns the tier {@link resolveClip} gives the CLIP `spec` without loading it: `real` only for weights already
 * verified as ViT-B/32 (a trusted cached verdict), `fixture` otherwise and always for the tiny random models.
 * @example textFilterTier({ spec: '../shared/fixtures/models/tiny-random-clip' }) // 'fixture'
 */
export function textFilterTier(options: TextFilterModelOptions = {}): 'real' | 'fixture' {
  return clipTier(clipConfig(options)).tier
}

/**
 * Loads the CLIP a configuration names with the tier {@link clipTier} (and so `describeTiers`) gives it: the decision
 * {@link resolveClip} made for this configuration (runExperiment makes it first), else the one its cached verdict
 * allows. The configured model when it can be had (`real` or, with unverified weights, `fixture`), else the tiny
 * random fixture CLIP.
 * @example const { clip, spec, tier } = await loadConfiguredClip(await loadConfig())
 */
export async function loadConfiguredClip(config: LaionetConfig): Promise<TextFilterModel> {
  const decision = clipTier(config)
  const context = configContext(config)
  const configured = decision.spec === config.models.clip
  const clip = await loadClip(decision.spec, { context, offline: !configured || !config.models.allowRemoteModels })
  return { clip, spec: decision.spec, tier: decision.tier, reason: decision.reason }
}

/** A finished build, where it is and where its numbers come from. */
export interface SampleBuild {
  summary: BuildSummary
  candidates: BuildCandidate[]
  tier: 'real' | 'fixture'
  out: string
}

/**
 * Runs (or resumes) the resumable build of `files` into `out` with a text-filter model, unless `out` already holds a
 * finished build of the same inputs, model files, lemma map, synset texts and settings (its recorded `state.json`
 * equals what this build would record, and the threshold matches); then reads it back. A finished or partial build
 * made with anything else (another model, new weights under the same name) is moved aside to `<out>.previous-<n>`,
 * never reused and never deleted, and the build starts fresh.
 * @example await buildInto(['part-00000.parquet'], '/o/laionet', model)
 */
export async function buildInto(files: readonly string[], out: string, model: TextFilterModel | (() => Promise<TextFilterModel>), { threshold = PAPER_THRESHOLD, rebuild = false, onChunk }: { threshold?: number, rebuild?: boolean, onChunk?: (p: { done: number, total: number, file: string }) => void } = {}): Promise<{ summary: BuildSummary, candidates: BuildCandidate[] }> {
  const m = typeof model === 'function' ? await model() : model
  try {
    const settings = { model: m.spec, modelFolder: m.clip.source.path }
    if (existsSync(join(out, 'state.json'))) {
      const recorded = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as { config?: BuildConfig }
      const { config } = await buildSettings(files, settings)
      const changes = recorded.config ? configChanges(recorded.config, config) : ['it records no settings']
      if (changes.length) moveAside(out)
      else if (!rebuild && existsSync(join(out, 'summary.json'))) {
        const done = await readBuild(out)
        if (done.summary.threshold === threshold && done.summary.topK === null) return done
      }
    }
    await buildLaionet(files, { embed: clipTextEmbedder(m.clip), ...settings, out, threshold, onChunk })
  } finally {
    if (typeof model === 'function') await m.clip.dispose()
  }
  return readBuild(out)
}

// Keeps a build made with other settings: renamed to the first free `<out>.previous-<n>`.
function moveAside(out: string): void {
  let n = 1
  while (existsSync(`${out}.previous-${n}`)) n++
  renameSync(out, `${out}.previous-${n}`)
}

/**
 * Returns the build of the 10,000-caption LAION sample with the CLIP {@link loadTextFilterModel} loads, building it
 * into `<out>/laionet-sample-<tier>/` when it is not there yet (a build of other model files is moved aside and
 * redone; rerunning is cheap: the build resumes and embeddings are cached).
 * @param options `threshold` (default 0.82), `rebuild` to re-run the build even if finished, `spec` and `allowRemote` (the CLIP, as in laionet.config.json)
 * @example const { summary, tier } = await sampleBuild()
 */
export async function sampleBuild({ threshold = PAPER_THRESHOLD, rebuild = false, ...clip }: { threshold?: number, rebuild?: boolean } & TextFilterModelOptions = {}): Promise<SampleBuild> {
  const config = clipConfig(clip)
  const { tier } = await resolveClip(config)
  const out = join(outDir(), `laionet-sample-${tier}`)
  const { summary, candidates } = await buildInto([await dataPath('laion/laion400m-sample-10000.parquet')], out, () => loadConfiguredClip(config), { threshold, rebuild })
  return { summary, candidates, tier, out }
}
