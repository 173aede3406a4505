import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import type { LaionetConfig } from '../config/types.js'
import type { ImageNetCaption } from '../datasets/types.js'
import { downloadedSamples } from '../download/read-shards.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'
import { embedImages } from '../models/embed-images.js'
import type { ImageRule } from '../models/image-rule.js'
import type { ImageError, ImageModel } from '../models/types.js'
import { LaionetError } from '../util/errors.js'
import { countDrops, imageRuleFor, type DropSide } from './image-drops.js'
import { labelledSet, type LabelledSet } from './intra-class-source.js'

/** One row of Fig. 9's download selection: a LAION row nearest to a caption of class `wnid`. */
export interface NearestSelectionRow {
  wnid: string
  /** Global LAION row (part * 1e8 + row). */
  laionIndex: number
  url: string | null
  text: string
}

/** Images embedded per call of the embedding cache: bounds the image bytes held at once. */
const CHUNK = 1024

/**
 * Writes Fig. 9's download selection as a parquet `laionet download --input` takes (URL, TEXT, wnid, laion_index),
 * one row per (class, LAION row); the same selection gives the same bytes.
 * @example writeNearestSelection('out/imagenet-captions/nearest-laion.parquet', rows)
 */
export function writeNearestSelection(file: string, rows: readonly NearestSelectionRow[]): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileAtomicSync(file, new Uint8Array(parquetWriteBuffer({ columnData: [
    { name: 'URL', data: rows.map((r) => r.url), type: 'STRING' },
    { name: 'TEXT', data: rows.map((r) => r.text), type: 'STRING' },
    { name: 'wnid', data: rows.map((r) => r.wnid), type: 'STRING' },
    { name: 'laion_index', data: rows.map((r) => r.laionIndex), type: 'DOUBLE' },
  ] })))
}

/**
 * The downloaded images of Fig. 9's selection (`sources.nearestLaionImages`): each stored sample's `row` is a row of
 * the selection file, whose class and LAION row it takes; embedded with `clip` through the embedding cache. Images that
 * failed to download or decode are left out (the authors' download drops them too), and so are those `imageRule`
 * drops (the authors' verify_image by default), counted in `drops`.
 * @returns the embeddings, the row of each `${wnid} ${laionIndex}`, per class the LAION rows stored, and the drops
 * @throws when a sample's row or URL is not the selection's, naming both files
 */
export async function nearestLaionImages(folder: string, selectionFile: string, selection: readonly NearestSelectionRow[], clip: ImageModel, { imageRule = 'download', onProgress }: { imageRule?: ImageRule, onProgress?: (message: string) => void } = {}) {
  const parts: Float32Array[] = []
  const keys: string[] = []
  const errors: ImageError[] = []
  let read = 0
  let d = 0
  let chunk: { bytes: Uint8Array, key: string }[] = []
  const flush = async () => {
    if (!chunk.length) return
    const e = await embedImages(clip, chunk.map((c) => c.bytes), { imageRule })
    errors.push(...e.errors)
    read += chunk.length
    chunk.forEach((c, i) => { if (e.rowOf[i] >= 0) keys.push(c.key) })
    if (e.rows) { d = e.dim; parts.push(e.data.slice(0, e.rows * e.dim)) }
    onProgress?.(`imagenet-captions: embedded ${keys.length} selected LAION images of ${folder}`)
    chunk = []
  }
  const fix = `Download the selection again with "laionet download --input ${selectionFile} --out ${folder}" (the selection changes with the captions, the LAION parts and the CLIP)`
  for await (const s of downloadedSamples(folder)) {
    const row = Number(s.json.row)
    const sel = Number.isInteger(row) ? selection[row] : undefined
    if (!sel) throw new LaionetError('imagenet-captions', `sample ${s.key} of ${join(folder, s.shard)} is row ${String(s.json.row)}, but ${selectionFile} has ${selection.length} rows`, { code: 'mismatch', fix })
    if (sel.url !== null && s.json.url !== sel.url) throw new LaionetError('imagenet-captions', `sample ${s.key} of ${join(folder, s.shard)} has URL ${JSON.stringify(String(s.json.url).slice(0, 200))} but row ${row} of ${selectionFile} has ${JSON.stringify(sel.url.slice(0, 200))}`, { code: 'mismatch', fix })
    chunk.push({ bytes: s.image!, key: `${sel.wnid} ${sel.laionIndex}` })
    if (chunk.length >= CHUNK) await flush()
  }
  await flush()
  const X = new Float32Array(keys.length * d)
  let at = 0
  for (const p of parts) { X.set(p, at); at += p.length }
  const keyRow = new Map(keys.map((k, i) => [k, i]))
  const stored = new Map<string, Set<number>>()
  for (const k of keyRow.keys()) {
    const [w, r] = k.split(' ')
    let set = stored.get(w)
    if (!set) stored.set(w, set = new Set())
    set.add(Number(r))
  }
  // The authors store a class's similarities only when at least two of its images downloaded.
  for (const [w, set] of stored) if (set.size < 2) stored.delete(w)
  const drops: DropSide = { side: 'selected LAION', rule: imageRule, counts: countDrops(errors), of: read }
  return { X, d, keyRow, stored, drops }
}

/**
 * ImageNet-Captions' training images (Fig. 9's ImageNet side, every image of a class, as the authors'
 * calc_and_store_intra_class_image_similarities_local.py reads them): `sources.embeddings.imagenetCaptionsTrain`, or
 * the file of each caption in `sources.imagenetCaptionsImages` (`<folder>/<filename>` or `<folder>/<wnid>/<filename>`)
 * embedded with `clip` through the embedding cache, non-RGB images left out as the authors' `if image.mode != 'RGB':
 * continue` does (`methods.imageRule` convert: converted and kept).
 * @returns the labelled set, the captions whose image is missing or undecodable, the non-RGB images converted and what
 * the rule dropped (null from the embeddings file)
 */
export async function imageNetCaptionsTrainSet(config: LaionetConfig, captions: readonly ImageNetCaption[], clip: ImageModel): Promise<{ set: LabelledSet, missing: number, converted: number, drops: DropSide | null }> {
  const emb = config.sources.embeddings.imagenetCaptionsTrain
  if (emb) return { set: await labelledSet('ImageNet-Captions train', emb.file, emb.labels), missing: 0, converted: 0, drops: null }
  const folder = config.sources.imagenetCaptionsImages
  if (!folder) throw new LaionetError('imagenet-captions', 'neither sources.embeddings.imagenetCaptionsTrain nor sources.imagenetCaptionsImages is set', { code: 'usage' })
  const images: { path: string, wnid: string }[] = []
  let missing = 0
  for (const c of captions) {
    const path = [join(folder, c.filename), join(folder, c.wnid, c.filename)].find((p) => existsSync(p))
    if (path) images.push({ path, wnid: c.wnid })
    else missing++
  }
  if (images.length === 0) throw new LaionetError('imagenet-captions', `${folder} holds none of the ${captions.length} ImageNet-Captions images (looked for <folder>/<filename> and <folder>/<wnid>/<filename>, e.g. ${join(folder, captions[0].wnid, captions[0].filename)})`, { code: 'not-found', fix: 'Set sources.imagenetCaptionsImages to the ILSVRC-2012 training images (the folder of per-class folders of ILSVRC2012_img_train)' })
  const imageRule = imageRuleFor(config, 'local')
  const e = await embedImages(clip, images.map((im) => im.path), { imageRule })
  const labels: string[] = []
  images.forEach((im, i) => { if (e.rowOf[i] >= 0) labels[e.rowOf[i]] = im.wnid })
  const converted = Object.values(e.converted).reduce((a, b) => a + b, 0)
  const counts = countDrops(e.errors)
  const dropped = counts.mode + counts.size + counts.verify
  return { set: { name: 'ImageNet-Captions train', X: e.data.slice(0, e.rows * e.dim), labels, d: e.dim }, missing: missing + e.errors.length - dropped, converted, drops: { side: 'ImageNet-Captions train', rule: imageRule, counts, of: images.length } }
}
