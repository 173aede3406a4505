import { synsetText } from '../imagenet/synset-text.js'
import type { Clip } from './clip.js'
import { embedTexts } from './embed-texts.js'
import { normalizeRows, row } from './vectors.js'
import type { ClassEntry, Classifier, EmbedOptions } from './types.js'

/** Options for `zeroShotClassifier`. */
export interface ZeroShotOptions extends Pick<EmbedOptions, 'cache' | 'batchSize'> {
  /** The text of each class, in classes order. Default: the paper's synset text `<name> which is <definition>`. */
  texts?: string[]
  /** Wnids the classifier must never predict (their logit is -Infinity). Default: none. */
  exclude?: readonly string[]
  /** Multiplier of the cosine similarities before the softmax: CLIP's learned logit scale. Default: 100. */
  scale?: number
}

/**
 * Turns a CLIP model into an ImageNet classifier: the logit of a class is scale x cosine(image, synset
 * text), the paper's CLIP zero-shot evaluation. Usable wherever a classifier is (`classifyImages`).
 * @param clip a model from `loadClip`.
 * @param classes the classes in sorted-wnid order, with definitions (from `loadImageNetClasses`).
 * @param options texts, excluded classes, logit scale, text-embedding cache.
 * @returns a classifier; its dispose() leaves the CLIP model to its owner.
 * @example const zs = await zeroShotClassifier(clip, await loadImageNetClasses())
 */
export async function zeroShotClassifier(clip: Clip, classes: ClassEntry[], { texts, exclude = [], scale = 100, cache, batchSize }: ZeroShotOptions = {}): Promise<Classifier> {
  const queries = texts ?? classes.map((c) => {
    if (c.definition === undefined) throw new Error(`classify: class ${c.wnid} has no definition for its synset text; pass classes from loadImageNetClasses() or options.texts`)
    return synsetText({ lemmas: c.lemmas, definition: c.definition })
  })
  if (queries.length !== classes.length) throw new Error(`classify: ${queries.length} zero-shot texts for ${classes.length} classes (expected one per class)`)
  const text = await embedTexts(clip, queries, { cache, batchSize })
  const excluded = new Set(exclude)
  return {
    id: `zero-shot:${clip.id}`,
    kind: 'zero-shot',
    classes,
    async logits(images) {
      const e = normalizeRows(await clip.embedImageBatch(images))
      if (e.dim !== text.dim) throw new Error(`classify: image embeddings have ${e.dim} dimensions, text embeddings ${text.dim}`)
      return Array.from({ length: e.rows }, (_, i) => {
        const img = row(e, i)
        const out = new Float32Array(classes.length)
        for (let c = 0; c < classes.length; c++) {
          if (excluded.has(classes[c].wnid)) { out[c] = -Infinity; continue }
          let dot = 0
          for (let j = 0; j < e.dim; j++) dot += img[j] * text.data[c * text.dim + j]
          out[c] = scale * dot
        }
        return out
      })
    },
    async dispose() { /* the CLIP model belongs to the caller */ },
  }
}
