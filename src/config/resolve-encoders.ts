import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkImageEncoderWeights, trustedEncoderVerdict } from '../models/encoder-fingerprint.js'
import { loadImageEncoder } from '../models/image-encoder.js'
import { resolveModelSource } from '../models/model-source.js'
import type { LaionetContext } from '../util/context.js'
import { configContext } from './context.js'
import type { ImageEncoderName, LaionetConfig } from './types.js'

/** A tier decision for the models other than CLIP, with its reason. */
export interface EncoderTier { tier: 'real' | 'fixture', reason: string }

/**
 * The tier of Fig. 6's other image encoders under `config`, without loading anything: `real` only when every configured
 * encoder has a trusted cached verdict that its weights pass the pretrained-features check
 * (src/models/encoder-fingerprint.ts; the intra-class experiment makes the verdicts), else `fixture`, saying why.
 * @example imageEncodersTier(config).reason // 'vit: not yet checked (...)'
 */
export function imageEncodersTier(config: LaionetConfig, context: LaionetContext = configContext(config)): EncoderTier {
  const entries = Object.entries(config.models.imageEncoders) as [ImageEncoderName, string][]
  const parts = entries.map(([name, spec]) => {
    let path: string
    try {
      path = resolveModelSource(spec, { context, offline: context.offline || !config.models.allowRemoteModels }).path
    } catch {
      return { ok: false, text: `${name}: ${spec} is not available (not a local folder or in the model cache)` }
    }
    const v = existsSync(path) ? trustedEncoderVerdict(path, { context }) : { check: null }
    if (v.check) return { ok: v.check.verified, text: `${name}: ${v.check.reason}` }
    return { ok: false, text: `${name}: weights not yet checked (an intra-class run checks them)${'distrusted' in v && v.distrusted ? `; ${v.distrusted}` : ''}` }
  })
  return { tier: parts.length && parts.every((p) => p.ok) ? 'real' : 'fixture', reason: parts.map((p) => p.text).join('; ') }
}

/**
 * Checks the weights of every configured image encoder that has no trusted verdict yet (`laionet config` calls it, as
 * it checks CLIP's), so that {@link imageEncodersTier} can read the verdicts; an encoder that cannot be loaded or
 * checked is left unchecked (its part stays `fixture` and says so).
 * @returns one line per encoder: its name and what the check found
 * @example await checkImageEncoders(config) // ['vit: weights fail the pretrained-features check: dog/other AUC 0.554 ...']
 */
export async function checkImageEncoders(config: LaionetConfig, context: LaionetContext = configContext(config)): Promise<string[]> {
  const lines: string[] = []
  for (const [name, spec] of Object.entries(config.models.imageEncoders) as [ImageEncoderName, string][]) {
    try {
      const encoder = await loadImageEncoder(spec, { context, offline: context.offline || !config.models.allowRemoteModels })
      try {
        lines.push(`${name}: ${(await checkImageEncoderWeights(encoder, encoder.source.path, { context })).reason}`)
      } finally {
        await encoder.dispose()
      }
    } catch (err) {
      lines.push(`${name}: not checked (${(err as Error).message.split('\n')[0]})`)
    }
  }
  return lines
}

/**
 * The tier of an MPNet build (Appendix A). No reference embeddings of all-mpnet-base-v2 exist offline to check its
 * weights against, and a name proves nothing, so a build counts as `fixture` and says which model it ran: a weights
 * check for sentence encoders is open (issue #22).
 * @param folder the build's folder (summary.json names the model it ran)
 */
export function mpnetBuildTier(folder: string): EncoderTier {
  const file = join(folder, 'summary.json')
  let model = 'an unknown model'
  try {
    if (existsSync(file)) model = String((JSON.parse(readFileSync(file, 'utf8')) as { model?: unknown }).model ?? model)
  } catch {
    model = `an unreadable ${file}`
  }
  const tiny = /tiny-random/i.test(model)
  return { tier: 'fixture', reason: tiny ? `built with the tiny random MPNet ${model}: sizes prove only the plumbing` : `built with ${model}, whose weights are not checked (no offline reference for all-mpnet-base-v2 yet), so the sizes are not counted as real` }
}
