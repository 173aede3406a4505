import { readFile, stat } from 'node:fs/promises'
import { loadSharp, type Sharp } from '../util/lazy.js'
import { checkImageRule, ImageRuleDrop } from './image-rule.js'
import type { DecodeImageOptions, DecodedImage, ImageConversion, ImageError } from './types.js'

/** Formats a decoded image may come in; anything else (SVG, PDF, TIFF, HEIF...) is refused. */
export const IMAGE_FORMATS: readonly string[] = ['jpeg', 'png', 'webp', 'gif']

/** Default pixel limit: 100 MP, well above any LAION or ImageNet photo, far below a decompression bomb. */
export const DEFAULT_MAX_PIXELS = 100_000_000
/** Default file size limit: 200 MiB. */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024
/**
 * The largest image the models' preprocessing takes: transformers.js resizes through sharp with its default input
 * limit (0x3FFF squared pixels) and fails the whole batch, without a file name, above it.
 */
const MODEL_MAX_PIXELS = 0x3fff * 0x3fff
/**
 * The shortest side the batch callers decode to: an image with a longer shortest side is shrunk while it is decoded
 * (sharp's shrink-on-load: JPEG DCT scaling, then a Lanczos reduce), so a 9999x9999 PNG costs 5 MB of pixels, not
 * 300 MB. It is more than twice the largest input any supported model resizes to (CLIP 224, ViTs up to 518,
 * EfficientNet-B7 600), and the model's own preprocessing still does the final resize with its own algorithm, so
 * images up to this size (every golden) decode exactly as before.
 */
export const MODEL_DECODE_SIDE = 1280
/** Decoded pixels one model call may hold (64 MP = 192 MB of RGB): a batch over it is run in smaller groups. */
export const MAX_BATCH_PIXELS = 64_000_000

/**
 * Decodes untrusted image bytes (JPEG, PNG, WebP, GIF: first frame) to 8-bit RGB with sharp.
 * Grayscale, alpha (dropped, as PIL's convert('RGB') does, not composited) and CMYK (through libvips'
 * colour management) become RGB and are reported in `converted`; the paper silently dropped such images.
 * EXIF orientation is ignored, as PIL does. Throws `image: ...` for an empty, corrupt, unsupported or
 * oversized input; batch callers turn that into a per-image error.
 * @param input the bytes, or a file path.
 * @param options pixel and byte limits.
 * @returns the RGB pixels, size, format and conversion.
 * @example const img = await decodeImage('cat.jpg') // { width: 500, height: 375, converted: null, ... }
 */
export async function decodeImage(input: Uint8Array | string, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  return (await probe(input, options, { modelLimit: Infinity, shrinkTo: Infinity })).decode()
}

/** An image whose header was read and checked: its decoded size (after any shrink) and the decode itself. */
interface ProbedImage {
  /** Pixels it decodes to. */
  pixels: number
  decode(): Promise<DecodedImage>
}

// Reads and checks an image (limits, format), refusing one that would decode to more than `modelLimit` pixels (the
// batch callers feed a model); its decode shrinks it on load to a shortest side of `shrinkTo` when it is larger.
async function probe(input: Uint8Array | string, { maxPixels = DEFAULT_MAX_PIXELS, maxBytes = DEFAULT_MAX_BYTES, imageRule = 'convert' }: DecodeImageOptions, { modelLimit, shrinkTo }: { modelLimit: number, shrinkTo: number }): Promise<ProbedImage> {
  const name = typeof input === 'string' ? input : 'in-memory image'
  let bytes: Uint8Array
  if (typeof input === 'string') {
    let size: number
    try {
      size = (await stat(input)).size
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const why = code === 'ELOOP' ? 'a symbolic link loop' : code ?? (err as Error).message
      throw new Error(`image: cannot read ${name} (${why})`, { cause: err })
    }
    if (size > maxBytes) throw new Error(`image: ${name} is ${size} bytes, above the limit of ${maxBytes} bytes (raise maxBytes to accept it)`)
    bytes = await readFile(input)
  } else {
    bytes = input
    if (bytes.length > maxBytes) throw new Error(`image: ${name} is ${bytes.length} bytes, above the limit of ${maxBytes} bytes (raise maxBytes to accept it)`)
  }
  if (bytes.length === 0) throw new Error(`image: ${name} is empty (0 bytes)`)
  const sharp = await loadSharp()
  const open = () => sharp(bytes, { failOn: 'error', limitInputPixels: false, pages: 1 })
  let meta: Awaited<ReturnType<ReturnType<Sharp>['metadata']>>
  try {
    meta = await open().metadata()
  } catch (err) {
    throw new Error(`image: ${name} is corrupt or not an image (${(err as Error).message})`, { cause: err })
  }
  const format = String(meta.format ?? 'unknown')
  if (!IMAGE_FORMATS.includes(format)) {
    throw new Error(`image: ${name} has unsupported format "${format}" (expected ${IMAGE_FORMATS.join(', ')})`)
  }
  try {
    checkImageRule(imageRule, format, meta, bytes)
  } catch (err) {
    if (err instanceof ImageRuleDrop) throw new ImageRuleDrop(err.reason, `image: ${name} dropped by the authors' image rule (${err.message})`)
    throw err
  }
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (width * height > maxPixels) {
    throw new Error(`image: ${name} is ${width}x${height} = ${width * height} pixels, above the limit of ${maxPixels} (raise maxPixels to accept it)`)
  }
  const size = shrunkSize(width, height, shrinkTo)
  if (size.width * size.height > modelLimit) {
    throw new Error(`image: ${name} is ${width}x${height} = ${width * height} pixels, above the ${modelLimit} pixels the models' image preprocessing accepts. Shrink the image to use it`)
  }
  const decodeNow = async (): Promise<DecodedImage> => {
    let raw: { data: Buffer, info: { width: number, height: number, channels: number } }
    try {
      let pipeline = open()
      // Shrunk while decoding (never enlarged): the full-size pixels are never held.
      if (size.width !== width || size.height !== height) pipeline = pipeline.resize({ width: size.width, height: size.height, fit: 'fill', fastShrinkOnLoad: true })
      pipeline = pipeline.toColourspace('srgb')
      if (meta.hasAlpha) pipeline = pipeline.removeAlpha()
      raw = await pipeline.raw().toBuffer({ resolveWithObject: true })
    } catch (err) {
      throw new Error(`image: ${name} could not be decoded (${(err as Error).message})`, { cause: err })
    }
    if (raw.info.channels !== 3) {
      throw new Error(`image: ${name} decoded to ${raw.info.channels} channels (expected 3)`)
    }
    const data = new Uint8ClampedArray(raw.data.buffer, raw.data.byteOffset, raw.data.length)
    return { data, width: raw.info.width, height: raw.info.height, format, converted: conversionOf(meta) }
  }
  return { pixels: size.width * size.height, decode: decodeNow }
}

/** The size an image of `width` x `height` decodes to when its shortest side is brought down to `side` (if above). */
export function shrunkSize(width: number, height: number, side: number): { width: number, height: number } {
  const short = Math.min(width, height)
  if (!(short > side)) return { width, height }
  const scale = side / short
  return width <= height ? { width: side, height: Math.max(side, Math.round(height * scale)) } : { width: Math.max(side, Math.round(width * scale)), height: side }
}

function conversionOf(meta: { space?: string, channels?: number, hasAlpha?: boolean, isPalette?: boolean }): ImageConversion {
  if (meta.space === 'b-w' || meta.space === 'grey16') return meta.hasAlpha ? 'grayscale+alpha' : 'grayscale'
  if (meta.space === 'cmyk') return 'cmyk'
  if (meta.hasAlpha) return 'rgba'
  // PIL opens these in mode "P", which the paper counted as not RGB.
  if (meta.isPalette) return 'palette'
  if (meta.channels !== 3 || (meta.space !== 'srgb' && meta.space !== 'rgb16')) return 'other'
  return null
}

/** One group of a batch that fits in the pixel budget: the decoded images and their positions in the batch. */
export interface DecodedGroup {
  images: DecodedImage[]
  at: number[]
}

/**
 * Decodes one batch of untrusted inputs for the batch callers, shrinking each on load to {@link MODEL_DECODE_SIDE},
 * and hands the images to `use` in groups of at most {@link MAX_BATCH_PIXELS} decoded pixels (one image at least),
 * one group at a time, so the pixels in flight stay bounded whatever the batch size. Headers are read concurrently
 * (sharp works on libuv's thread pool); a failure is one error per image (`index` is the position in `inputs`, the
 * message names `names[index]`). Conversions are added to `converted`. Images above MODEL_MAX_PIXELS once shrunk are
 * refused before decoding, since the model's preprocessing would fail the whole batch on them.
 * @returns the errors
 */
export async function decodeBatch(inputs: readonly (string | Uint8Array)[], names: readonly string[], options: DecodeImageOptions, converted: Record<string, number>,
  use: (group: DecodedGroup) => Promise<void>, { maxBatchPixels = MAX_BATCH_PIXELS, shrinkTo = MODEL_DECODE_SIDE } = {}): Promise<{ errors: ImageError[] }> {
  const errors: ImageError[] = []
  const fail = (k: number, err: unknown) => errors.push({ index: k, file: names[k], error: (err as Error).message.replace('in-memory image', names[k]), ...err instanceof ImageRuleDrop ? { dropped: err.reason } : {} })
  const probed = await Promise.allSettled(inputs.map((x) => probe(x, options, { modelLimit: MODEL_MAX_PIXELS, shrinkTo })))
  const ready: { k: number, image: ProbedImage }[] = []
  probed.forEach((p, k) => (p.status === 'fulfilled' ? ready.push({ k, image: p.value }) : fail(k, p.reason)))
  for (let i = 0; i < ready.length;) {
    let pixels = ready[i].image.pixels
    let j = i + 1
    while (j < ready.length && pixels + ready[j].image.pixels <= maxBatchPixels) pixels += ready[j++].image.pixels
    const group: DecodedGroup = { images: [], at: [] }
    const decoded = await Promise.allSettled(ready.slice(i, j).map((r) => r.image.decode()))
    decoded.forEach((d, g) => {
      const k = ready[i + g].k
      if (d.status === 'rejected') return fail(k, d.reason)
      if (d.value.converted) converted[d.value.converted] = (converted[d.value.converted] ?? 0) + 1
      group.images.push(d.value)
      group.at.push(k)
    })
    if (group.images.length) await use(group)
    i = j
  }
  errors.sort((x, y) => x.index - y.index)
  return { errors }
}
