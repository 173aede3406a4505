import type { ImageEncoderName, LaionetConfig } from '../config/types.js'
import { imageNetValFolder } from '../datasets/imagenet-val-folder.js'
import { loadImageEncoder } from '../models/image-encoder.js'
import { paperValue } from '../paper/registry.js'
import { configContext } from '../config/context.js'
import { checkImageEncoderWeights } from '../models/encoder-fingerprint.js'
import type { Tier } from '../tier.js'
import { pct, recorder } from './common.js'
import { embedImageSet, embedLaionetImages } from './embed-sets.js'
import { imageRuleFor } from './image-drops.js'
import { compareSource } from './intra-class-source.js'
import type { ExperimentRecord } from './types.js'

const rec = recorder('intra-class')

/** The other image encoders of Fig. 6's robustness check (TMLR Sec. 3), with the registry id of each share. */
const ENCODERS = [
  { key: 'vit', label: 'ViT', id: 'fig6.lowerShareVit' },
  { key: 'convnext', label: 'ConvNeXt', id: 'fig6.lowerShareConvnext' },
  { key: 'beit', label: 'BEiT', id: 'fig6.lowerShareBeit' },
] as const satisfies readonly { key: ImageEncoderName, label: string, id: string }[]

/**
 * Fig. 6 with the other image encoders (ViT, ConvNeXt, BEiT; TMLR Sec. 3): for each one named in
 * `models.imageEncoders`, the downloaded LAIONet images (`sources.laionetImages`, first `limits.laionetPerClass` per
 * class) and the ImageNet validation folder are embedded with its pooler output (the embedding cache keeps them),
 * and the share of classes where LAIONet is significantly less similar (the paper's test) is recorded. An encoder
 * without a model or without both image folders keeps the paper's share, quoted. Each record's note starts with its
 * registry id (fig6.lowerShareVit, ...).
 * @example const records = await encoderShares(config, console.log)
 */
export async function encoderShares(config: LaionetConfig, onProgress?: (message: string) => void): Promise<ExperimentRecord[]> {
  const { laionetImages } = config.sources
  const { folder, devkit } = config.sources.imagenetVal
  const records: ExperimentRecord[] = []
  let val: Awaited<ReturnType<typeof imageNetValFolder>> | undefined
  for (const { key, label, id } of ENCODERS) {
    const quantity = `classes where LAIONet is significantly less similar, ${label} image encoder`
    const paper = paperValue(id)
    const spec = config.models.imageEncoders[key]
    if (!spec || !laionetImages || !folder) {
      const missing = [!spec && `models.imageEncoders.${key}`, !laionetImages && 'sources.laionetImages', !folder && 'sources.imagenetVal.folder'].filter(Boolean).join(', ')
      records.push(rec(id, 'Fig. 6', quantity, null, { unit: '%', tier: 'quoted', paper, source: [], note: `${id}; needs ${missing} (the ${label} embeddings of LAIONet and ImageNet validation images), so the paper's value is quoted` }))
      continue
    }
    const encoder = await loadImageEncoder(spec, { offline: !config.models.allowRemoteModels })
    try {
      // `real` is earned by the weights (src/models/encoder-fingerprint.ts), never by the name.
      const { tier, why } = await encoderVerdict(encoder, config)
      const onError = (file: string, error: string) => onProgress?.(`intra-class: ${label}: skipped ${file}: ${error}`)
      onProgress?.(`intra-class: embedding the LAIONet and ImageNet validation images with ${label} (${spec})`)
      const a = await embedLaionetImages(encoder, config, onError)
      val ??= await imageNetValFolder(folder, { devkit: devkit ?? undefined })
      const b = await embedImageSet(encoder, 'ImageNet validation', val, { onError, imageRule: imageRuleFor(config, 'local') })
      const { comparison } = await compareSource({ tier, origin: 'images', note: '', a, b }, { maxPerClass: config.limits.laionetPerClass, seed: 0 })
      const none = comparison.compared === 0
      records.push(rec(id, 'Fig. 6', quantity, none ? null : pct(comparison.paper.lowerShare), {
        unit: '%', tier: none ? 'quoted' : tier, paper, source: [laionetImages, folder, ...(devkit ? [devkit] : []), spec],
        note: `${id}; ${label} pooler output of ${spec} (${why}) of ${a.labels.length} LAIONet and ${b.labels.length} ImageNet validation images; ${none ? 'no class has >= 7 pairs on both sides, so no share' : `${comparison.compared} classes compared`}`,
      }))
    } finally {
      await encoder.dispose()
    }
  }
  return records
}

/** The encoder's tier from its weights check; a check that cannot run leaves it `fixture`, with the reason. */
async function encoderVerdict(encoder: Awaited<ReturnType<typeof loadImageEncoder>>, config: LaionetConfig): Promise<{ tier: Tier, why: string }> {
  try {
    const check = await checkImageEncoderWeights(encoder, encoder.source.path, { context: configContext(config) })
    return { tier: check.verified ? 'real' : 'fixture', why: `${check.reason}${check.cached ? ', cached verdict' : ''}${check.verified ? '' : '; numbers meaningless'}` }
  } catch (err) {
    return { tier: 'fixture', why: `weights not checked (${(err as Error).message}); numbers not trusted` }
  }
}
