import type { SourceChoice } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { imageNetValFolder } from '../datasets/imagenet-val-folder.js'
import type { ImageModel } from '../models/types.js'
import { embedImageSet, type EmbeddedSet } from './embed-sets.js'
import { imageRuleFor } from './image-drops.js'
import { labelledSet, type LabelledSet } from './intra-class-source.js'

/**
 * ImageNet validation's image embeddings as a part resolved them: the precomputed file (branch `embeddings`,
 * sources.embeddings.imagenetVal) or the folder embedded with `clip` through the embedding cache (branch `images`;
 * under the authors' local rule, mode RGB, unless `methods.imageRule` is convert; its `drops` say what it left out);
 * null for any other branch (the number is then quoted).
 * @example const inet = await imageNetValSet(config, part(sources, 'image-link-imagenet'), clip)
 */
export async function imageNetValSet(config: LaionetConfig, choice: SourceChoice, clip: ImageModel): Promise<LabelledSet | EmbeddedSet | null> {
  const emb = config.sources.embeddings.imagenetVal
  if (choice.branch === 'embeddings' && emb) return labelledSet('ImageNet validation', emb.file, emb.labels)
  const { folder, devkit } = config.sources.imagenetVal
  if (choice.branch === 'images' && folder) return embedImageSet(clip, 'ImageNet validation', await imageNetValFolder(folder, { devkit: devkit ?? undefined }), { imageRule: imageRuleFor(config, 'local') })
  return null
}
