import { synsetText } from '../imagenet/synset-text.js'
import type { Clip } from './clip.js'
import { cacheKey, openEmbeddingCache } from './embedding-cache.js'
import { embedTexts, embeddingCacheDir } from './embed-texts.js'
import { normalizeRows, row } from '../util/vectors.js'
import type { ClassEntry, Classifier, DecodedImage, EmbedOptions, Embeddings } from './types.js'

/**
 * The authors' CLIP zero-shot class list (their 999-class ILSVRC file): the second "crane" (n03126707, the
 * machine) is not in it, and the Siberian husky is listed under a typo wnid (n02112837). So CLIP never predicts
 * the machine crane, and the images of both classes (n02110185, n03126707) get no prediction at all: the
 * released ImageNet-validation results have CLIP nulls for exactly those 100 images.
 */
export const PAPER_ZERO_SHOT = {
  /** Classes outside the 999-class list: never predicted. */
  excluded: ['n03126707'],
  /** Classes whose images get no prediction (their true label is not a label of the list). */
  noPrediction: ['n02110185', 'n03126707'],
} as const

/**
 * Returns the outcomes the authors' evaluation sees: null (no prediction, left out of every mean) for the images of
 * {@link PAPER_ZERO_SHOT}.noPrediction, the outcome unchanged otherwise.
 * @param trueWnids each image's true class
 * @param outcomes each image's outcome (e.g. top-1 correct)
 * @example paperZeroShotOutcomes(['n02110185', 'n01440764'], [true, false]) // [null, false]
 */
export function paperZeroShotOutcomes<T>(trueWnids: ArrayLike<string>, outcomes: ArrayLike<T>): (T | null)[] {
  if (trueWnids.length !== outcomes.length) throw new Error(`classify: ${trueWnids.length} labels but ${outcomes.length} outcomes (expected one outcome per image)`)
  const none = new Set<string>(PAPER_ZERO_SHOT.noPrediction)
  return Array.from({ length: outcomes.length }, (_, i) => (none.has(trueWnids[i]) ? null : outcomes[i]))
}

/** Options for `zeroShotClassifier`. */
export interface ZeroShotOptions extends Pick<EmbedOptions, 'cache' | 'batchSize'> {
  /**
   * `paper`: the authors' 999-class list, so n03126707 is never predicted (see {@link PAPER_ZERO_SHOT}; evaluate
   * with {@link paperZeroShotOutcomes}). `all`: every class given (ours: 1000 synset texts). Default: `paper`.
   */
  classList?: 'paper' | 'all'
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
 * @param options classList (`paper` default: the authors' 999 classes), texts, excluded classes, logit scale, the
 *   embedding cache of the synset texts and of the images (keyed by their decoded pixels; `false` for none).
 * @returns a classifier; its dispose() leaves the CLIP model to its owner.
 * @example const zs = await zeroShotClassifier(clip, await loadImageNetClasses())
 */
export async function zeroShotClassifier(clip: Clip, classes: ClassEntry[], { texts, exclude = [], scale = 100, cache, batchSize, classList = 'paper' }: ZeroShotOptions = {}): Promise<Classifier> {
  if (classList !== 'paper' && classList !== 'all') throw new Error(`classify: classList ${JSON.stringify(classList)} (expected 'paper' or 'all')`)
  const queries = texts ?? classes.map((c) => {
    if (c.definition === undefined) throw new Error(`classify: class ${c.wnid} has no definition for its synset text; pass classes from loadImageNetClasses() or options.texts`)
    return synsetText({ lemmas: c.lemmas, definition: c.definition })
  })
  if (queries.length !== classes.length) throw new Error(`classify: ${queries.length} zero-shot texts for ${classes.length} classes (expected one per class)`)
  const text = await embedTexts(clip, queries, { cache, batchSize })
  const excluded = new Set([...exclude, ...(classList === 'paper' ? PAPER_ZERO_SHOT.excluded : [])])
  const store = cache === false ? undefined : openEmbeddingCache(cache ?? embeddingCacheDir())
  return {
    id: `zero-shot:${clip.id}`,
    kind: 'zero-shot',
    classes,
    async logits(images) {
      const e = await embedDecoded(clip, images, store)
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

/**
 * CLIP image embeddings (L2-normalised) of decoded images through the embedding cache, keyed by the model and the
 * decoded pixels: the zero-shot classifier sees images already decoded, so its key is the RGB bytes and size rather
 * than the file's bytes (the key `embedImages` uses), and a rerun embeds nothing it embedded before.
 */
async function embedDecoded(clip: Clip, images: DecodedImage[], store: ReturnType<typeof openEmbeddingCache> | undefined): Promise<Embeddings> {
  const key = store ? cacheKey(clip.cacheKey, 'zero-shot-image|decoded-rgb|norm=true', images.flatMap((im) => [`${im.width}x${im.height}`, new Uint8Array(im.data.buffer, im.data.byteOffset, im.data.byteLength)])) : ''
  const hit = store?.get(key)
  if (hit && hit.m.rows === images.length) return hit.m
  const e = normalizeRows(await clip.embedImageBatch(images))
  store?.set(key, e)
  return e
}
