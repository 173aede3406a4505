import type { LaionetConfig } from '../config/types.js'
import { embedImages } from '../models/embed-images.js'
import type { ImageModel } from '../models/types.js'
import type { LabelledSet } from './intra-class-source.js'
import { laionetImageChunks } from './laionet-images.js'

/**
 * Embeds labelled images with CLIP's image tower (or another image encoder's pooler output) into a {@link LabelledSet} (cached by content in the embedding
 * cache, so a rerun reads no model), keeping at most `perClass` images of each class in input order (the paper's
 * first 100). Images that fail to decode are left out and reported through `onError`.
 * @example await embedImageSet(clip, 'ImageNet validation', images, { perClass: 100 })
 */
export async function embedImageSet(clip: ImageModel, name: string, images: readonly { path: string, wnid: string }[], { perClass = Infinity, onError }: { perClass?: number, onError?: (file: string, error: string) => void } = {}): Promise<LabelledSet> {
  const seen = new Map<string, number>()
  const kept = images.filter((im) => {
    const n = seen.get(im.wnid) ?? 0
    seen.set(im.wnid, n + 1)
    return n < perClass
  })
  const e = await embedImages(clip, kept.map((k) => k.path))
  for (const err of e.errors) onError?.(err.file, err.error)
  const labels: string[] = []
  kept.forEach((k, i) => { if (e.rowOf[i] >= 0) labels[e.rowOf[i]] = k.wnid })
  return { name, X: e.data, labels, d: e.dim }
}

/** The downloaded LAIONet images (`sources.laionetImages`), first `limits.laionetPerClass` per class, embedded. */
export async function embedLaionetImages(clip: ImageModel, config: LaionetConfig, onError?: (file: string, error: string) => void): Promise<LabelledSet> {
  const parts: Float32Array[] = []
  const labels: string[] = []
  let d = 0
  for await (const chunk of laionetImageChunks(config, { size: 1024, perClass: config.limits.laionetPerClass })) {
    const e = await embedImages(clip, chunk.inputs)
    for (const err of e.errors) onError?.(chunk.names[err.index], err.error)
    d = e.dim
    const rows: string[] = []
    chunk.labels.forEach((w, i) => { if (e.rowOf[i] >= 0) rows[e.rowOf[i]] = w })
    parts.push(e.data.slice(0, e.rows * e.dim))
    for (const r of rows) labels.push(r)
  }
  const X = new Float32Array(labels.length * d)
  let at = 0
  for (const p of parts) { X.set(p, at); at += p.length }
  return { name: 'LAIONet', X, labels, d }
}
