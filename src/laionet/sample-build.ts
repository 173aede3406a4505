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

/**
 * Loads the configured CLIP for the text filter without touching the network: `LAIONET_CLIP` (a folder
 * or hub id) or the paper's ViT-B/32 when it is already on disk; otherwise the tiny random fixture CLIP,
 * marked `fixture` (its similarities only prove the plumbing).
 * @returns the model and its tier
 * @example const { clip, tier } = await loadTextFilterModel()
 */
export async function loadTextFilterModel({ spec = process.env.LAIONET_CLIP ?? PAPER_CLIP }: { spec?: string } = {}): Promise<TextFilterModel> {
  if (textFilterTier(spec) === 'real') return { clip: await loadClip(spec, { offline: true }), spec, tier: 'real' }
  const fixture = fixtureModelDir('tiny-random-clip')
  return { clip: await loadClip(fixture, { offline: true }), spec: fixture, tier: 'fixture' }
}

/** `real` when the CLIP `spec` is on disk (a folder, or a hub id in the model cache) and not a tiny random fixture, else `fixture`. */
export function textFilterTier(spec = process.env.LAIONET_CLIP ?? PAPER_CLIP): 'real' | 'fixture' {
  try {
    const source = resolveModelSource(spec, { offline: true })
    // The fixture models are random weights even when named explicitly.
    return source.remote || /tiny-random/.test(source.path) ? 'fixture' : 'real'
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
 * @param options `threshold` (default 0.82), `rebuild` to re-run the build even if finished
 * @example const { summary, tier } = await sampleBuild()
 */
export async function sampleBuild({ threshold = 0.82, rebuild = false }: { threshold?: number, rebuild?: boolean } = {}): Promise<SampleBuild> {
  const tier = textFilterTier()
  const out = join(outDir(), `laionet-sample-${tier}`)
  if (!rebuild && existsSync(join(out, 'summary.json'))) {
    const { summary, candidates } = await readBuild(out)
    if (summary.threshold === threshold) return { summary, candidates, tier, out }
  }
  const model = await loadTextFilterModel()
  try {
    await buildLaionet([await dataPath('laion/laion400m-sample-10000.parquet')], { embed: clipTextEmbedder(model.clip), model: model.spec, out, threshold })
  } finally {
    await model.clip.dispose()
  }
  const { summary, candidates } = await readBuild(out)
  return { summary, candidates, tier, out }
}
