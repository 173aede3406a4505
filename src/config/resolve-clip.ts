import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { checkClipWeights, trustedClipVerdict, type ClipWeightsCheck } from '../models/clip-fingerprint.js'
import { loadClip } from '../models/clip.js'
import { fixtureModelDir } from '../models/fixtures-dir.js'
import { resolveModelSource } from '../models/model-source.js'
import type { ModelSource } from '../models/types.js'
import type { LaionetContext } from '../util/context.js'
import { configContext } from './context.js'
import type { LaionetConfig } from './types.js'

// The one CLIP decision: which CLIP a configuration's experiments load and whether its numbers are `real`. A name
// earns nothing: `real` needs weights that reproduce ViT-B/32's released embeddings (src/models/clip-fingerprint.ts).

/** Which CLIP runs under a configuration, and why its numbers are `real` or `fixture`. */
export interface ClipResolution {
  /** `models.clip` as configured. */
  configured: string
  /** What is loaded: the configured model, or the tiny random fixture CLIP when the configured one is not available. */
  spec: string
  /** `real` only for weights verified as ViT-B/32; `fixture` otherwise (similarities then only prove the plumbing). */
  tier: 'real' | 'fixture'
  /** One sentence: where the weights come from and what the check found. */
  reason: string
  /** The weights check of the configured model; null when it was not available to check. */
  check: ClipWeightsCheck | null
}

// Resolutions made by resolveClip, by the configuration object they were made for: the tier table and the
// experiments read the same decision synchronously.
const resolved = new WeakMap<LaionetConfig, ClipResolution>()

const CHECK_HINT = 'run `laionet config` or an experiment to check them against the ViT-B/32 fingerprint'

/**
 * Returns the CLIP decision for `config` without loading anything: the one {@link resolveClip} made for this
 * configuration object, else what the configuration and a trusted cached weights verdict tell (unchecked weights are
 * `fixture` until checked).
 * @example clipTier(await loadConfig()).tier // 'fixture'
 */
export function clipTier(config: LaionetConfig, context: LaionetContext = configContext(config)): ClipResolution {
  const known = resolved.get(config)
  if (known) return known
  const found = candidate(config, context)
  if ('fixture' in found) return found.fixture
  const { source } = found
  const onDisk = existsSync(join(source.path, 'config.json'))
  const verdict = onDisk ? trustedClipVerdict(source.path, { context }) : { check: null }
  if (verdict.check) return decided(config, source, verdict.check)
  const where = describeSource(config, source)
  return { configured: config.models.clip, spec: config.models.clip, tier: 'fixture', check: null, reason: `CLIP weights ${where}, not yet checked (${CHECK_HINT})${verdict.distrusted ? `; ${verdict.distrusted}` : ''}` }
}

/**
 * Decides which CLIP `config` runs and its tier: the configured model when it can be had (a local folder, the model
 * cache, or the hub when `models.allowRemoteModels`), its weights checked against ViT-B/32's released image embeddings
 * (cached by the files' hashes); the tiny random fixture CLIP when it cannot. The experiments, `laionet config` and
 * the notebooks use this decision.
 * @param config the configuration
 * @param options `context` (default: the configuration's)
 * @example const clip = await resolveClip(await loadConfig()); clip.tier // 'real' only for verified ViT-B/32 weights
 */
export async function resolveClip(config: LaionetConfig, { context = configContext(config) }: { context?: LaionetContext } = {}): Promise<ClipResolution> {
  const quick = clipTier(config, context)
  if (quick.check || quick.spec !== config.models.clip) return remember(config, quick)
  const found = candidate(config, context)
  if ('fixture' in found) return remember(config, found.fixture)
  const { source } = found
  let check: ClipWeightsCheck
  const clip = await loadClip(config.models.clip, { context, offline: !source.remote })
  try {
    check = await checkClipWeights(clip, source.path, { context })
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/[.\s]+$/, '')
    return remember(config, { configured: config.models.clip, spec: config.models.clip, tier: 'fixture', check: null, reason: `CLIP weights ${describeSource(config, source)} could not be checked against the ViT-B/32 fingerprint (${why})` })
  } finally {
    await clip.dispose()
  }
  return remember(config, decided(config, source, check))
}

function remember(config: LaionetConfig, resolution: ClipResolution): ClipResolution {
  resolved.set(config, resolution)
  return resolution
}

function decided(config: LaionetConfig, source: ModelSource, check: ClipWeightsCheck): ClipResolution {
  return { configured: config.models.clip, spec: config.models.clip, tier: check.verified ? 'real' : 'fixture', check, reason: `CLIP weights ${describeSource(config, source)}; ${check.reason}${check.cached ? ' (cached verdict)' : ''}` }
}

function describeSource(config: LaionetConfig, source: ModelSource): string {
  if (source.kind !== 'hub') return `from the local folder ${source.path}`
  return source.remote ? `${config.models.clip} from the model hub ${source.remoteHost}` : `${config.models.clip} from the model cache ${source.path}`
}

// The configured model's source, or the fixture decision when it cannot be had.
function candidate(config: LaionetConfig, context: LaionetContext): { source: ModelSource } | { fixture: ClipResolution } {
  const { clip } = config.models
  const fixture = (reason: string): { fixture: ClipResolution } => {
    let spec: string
    try {
      spec = /tiny-random/i.test(clip) && existsSync(clip) ? clip : fixtureModelDir('tiny-random-clip', context)
    } catch {
      spec = clip
    }
    return { fixture: { configured: clip, spec, tier: 'fixture', check: null, reason } }
  }
  if (/tiny-random/i.test(clip)) return fixture(`models.clip is the tiny random model ${clip}`)
  try {
    return { source: resolveModelSource(clip, { context, offline: context.offline || !config.models.allowRemoteModels }) }
  } catch {
    return fixture(`no real CLIP weights (models.clip "${clip}" is not a local folder or in the model cache, and models.allowRemoteModels is false), so the tiny random CLIP stands in`)
  }
}
