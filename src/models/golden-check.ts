import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readNpy } from '../io/npy.js'
import type { Clip } from './clip.js'
import { decodeImage } from './decode-image.js'
import { embedImages } from './embed-images.js'
import { embedTexts } from './embed-texts.js'
import { cosineSimilarity, row } from '../util/vectors.js'

/** One golden text compared with our tokenizer and text tower. */
export interface TextGoldenRow {
  /** The text (first 60 characters). */
  text: string
  /** Number of reference tokens (with start and end). */
  tokens: number
  /** True when our token ids equal the reference ids exactly. */
  idsMatch: boolean
  /** Largest absolute difference between our projected embedding and the reference (unnormalised). */
  maxAbsDiff: number
}

/** One golden image compared with our preprocessing and vision tower. */
export interface ImageGoldenRow {
  /** The image file name. */
  file: string
  /** Cosine similarity of our embedding and the reference one (1 = same direction). */
  cosine: number
  /** What was converted to get RGB, or '' when nothing. */
  converted: string
  /** The decoding error, or '' when the image was embedded. */
  error: string
}

/**
 * Compares a CLIP model with the PyTorch goldens of the tiny fixture (`golden/clip_golden.json` and
 * `images/` under `fixturesDir`): token ids exactly, text embeddings by largest absolute difference, image
 * embeddings by cosine. Only meaningful for the model the goldens were made with (tiny-random-clip).
 * @param clip the tiny fixture CLIP.
 * @param fixtures the fixtures folder (`fixturesDir()`).
 * @returns one row per golden text and per golden image.
 * @example const { texts, images } = await compareClipGoldens(clip, fixturesDir())
 */
export async function compareClipGoldens(clip: Clip, fixtures: string): Promise<{ texts: TextGoldenRow[], images: ImageGoldenRow[] }> {
  const golden = JSON.parse(await readFile(join(fixtures, 'golden', 'clip_golden.json'), 'utf8')) as {
    texts: { text: string, input_ids: number[], text_embeds: number[] }[]
    images: { file: string, image_embeds: number[] }[]
  }
  const ids = await clip.tokenize(golden.texts.map((t) => t.text))
  const e = await embedTexts(clip, golden.texts.map((t) => t.text), { normalize: false, cache: false })
  const texts = golden.texts.map((t, i) => ({
    text: t.text.slice(0, 60),
    tokens: t.input_ids.length,
    idsMatch: ids[i].length === t.input_ids.length && ids[i].every((v, j) => v === t.input_ids[j]),
    maxAbsDiff: t.text_embeds.reduce((a, v, j) => Math.max(a, Math.abs(v - e.data[i * e.dim + j])), -Infinity),
  }))
  const files = golden.images.map((g) => join(fixtures, 'images', g.file))
  const images = await compareImages(clip, files, golden.images.map((g) => g.image_embeds))
  return { texts, images }
}

/**
 * Compares a CLIP model's image embeddings with released ones: the 7 clip-retrieval images of
 * `clip/golden-real` (`files.json`, `image_embeds_vit_b32.npy`, believed ViT-B/32). With real ViT-B/32
 * weights every cosine should be >= 0.99; with any other model the numbers mean nothing.
 * @param clip the model.
 * @param dir the golden-real folder (`dataFolder('clip/golden-real/')`).
 * @example const rows = await compareReleasedImageEmbeddings(clip, await dataFolder('clip/golden-real/'))
 */
export async function compareReleasedImageEmbeddings(clip: Clip, dir: string): Promise<ImageGoldenRow[]> {
  const files = JSON.parse(await readFile(join(dir, 'files.json'), 'utf8')) as string[]
  const released = await readNpy(join(dir, 'image_embeds_vit_b32.npy'))
  const [n, d] = released.shape
  if (n !== files.length) throw new Error(`models: ${dir} has ${files.length} files but ${n} released embeddings (expected one each)`)
  const data = released.data as Float32Array
  return compareImages(clip, files.map((f) => join(dir, f)), files.map((_, i) => Array.from(data.subarray(i * d, (i + 1) * d))))
}

async function compareImages(clip: Clip, files: string[], want: number[][]): Promise<ImageGoldenRow[]> {
  const e = await embedImages(clip, files, { normalize: false, cache: false })
  const errors = new Map(e.errors.map((x) => [x.index, x.error]))
  // Decoded again only for the per-file conversion kind (embedImages reports counts).
  const converted = await Promise.all(files.map(async (f) => {
    try { return (await decodeImage(f)).converted ?? '' } catch { return '' }
  }))
  return files.map((f, i) => {
    const r = e.rowOf[i]
    const cosine = r === -1 || want[i].length !== e.dim ? Number.NaN : cosineSimilarity(want[i], row(e, r))
    return { file: f.split('/').pop()!, cosine, converted: converted[i], error: errors.get(i) ?? '' }
  })
}
