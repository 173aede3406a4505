import type { LaionetConfig } from '../config/types.js'
import { embedImages } from '../models/embed-images.js'
import type { ImageDropReason, ImageRule } from '../models/image-rule.js'
import type { ImageModel } from '../models/types.js'
import { countDrops, imageRuleFor, type DropCounts } from './image-drops.js'
import type { LabelledSet } from './intra-class-source.js'
import { laionetImageChunks } from './laionet-images.js'

/** Called for each image left out: a decode failure, or a drop of the authors' image rule (`dropped` set). */
export type ImageErrorHandler = (file: string, error: string, dropped?: ImageDropReason) => void

/** A labelled set embedded from images, with what the image rule dropped among the images read. */
export interface EmbeddedSet extends LabelledSet {
  drops: { rule: ImageRule, counts: DropCounts, of: number }
}

/**
 * Embeds labelled images with CLIP's image tower (or another image encoder's pooler output) into a {@link LabelledSet} (cached by content in the embedding
 * cache, so a rerun reads no model), keeping at most `perClass` images of each class in input order (the paper's
 * first 100). Images that fail to decode are left out and reported through `onError`, and so are those `imageRule`
 * drops (required, so that no image path of the experiments falls back to converting: `imageRuleFor(config, origin)`).
 * @example await embedImageSet(clip, 'ImageNet validation', images, { perClass: 100, imageRule: imageRuleFor(config, 'local') })
 */
export async function embedImageSet(clip: ImageModel, name: string, images: readonly { path: string, wnid: string }[], { perClass = Infinity, onError, imageRule }: { perClass?: number, onError?: ImageErrorHandler, imageRule: ImageRule }): Promise<EmbeddedSet> {
  const seen = new Map<string, number>()
  const kept = images.filter((im) => {
    const n = seen.get(im.wnid) ?? 0
    seen.set(im.wnid, n + 1)
    return n < perClass
  })
  const e = await embedImages(clip, kept.map((k) => k.path), { imageRule })
  for (const err of e.errors) onError?.(err.file, err.error, err.dropped)
  const labels: string[] = []
  kept.forEach((k, i) => { if (e.rowOf[i] >= 0) labels[e.rowOf[i]] = k.wnid })
  return { name, X: e.data, labels, d: e.dim, drops: { rule: imageRule, counts: countDrops(e.errors), of: kept.length } }
}

/**
 * The downloaded LAIONet images (`sources.laionetImages`) embedded, kept by the authors' verify_image unless
 * `methods.imageRule` is `convert`: by default the first `limits.laionetPerClass` per class; `perClass` and `skipRows`
 * (download rows left out, e.g. the OCR-flagged) as {@link laionetImageChunks} takes them.
 */
export async function embedLaionetImages(clip: ImageModel, config: LaionetConfig, onError?: ImageErrorHandler, { perClass = config.limits.laionetPerClass, skipRows }: { perClass?: number, skipRows?: ReadonlySet<number> } = {}): Promise<EmbeddedSet> {
  const parts: Float32Array[] = []
  const labels: string[] = []
  const imageRule = imageRuleFor(config, 'download')
  const errors: { dropped?: ImageDropReason }[] = []
  let read = 0
  let d = 0
  for await (const chunk of laionetImageChunks(config, { size: 1024, perClass, skipRows })) {
    const e = await embedImages(clip, chunk.inputs, { imageRule })
    read += chunk.inputs.length
    errors.push(...e.errors)
    for (const err of e.errors) onError?.(chunk.names[err.index], err.error, err.dropped)
    d = e.dim
    const rows: string[] = []
    chunk.labels.forEach((w, i) => { if (e.rowOf[i] >= 0) rows[e.rowOf[i]] = w })
    parts.push(e.data.slice(0, e.rows * e.dim))
    for (const r of rows) labels.push(r)
  }
  const X = new Float32Array(labels.length * d)
  let at = 0
  for (const p of parts) { X.set(p, at); at += p.length }
  return { name: 'LAIONet', X, labels, d, drops: { rule: imageRule, counts: countDrops(errors), of: read } }
}
