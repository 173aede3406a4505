import { readFile, stat } from 'node:fs/promises'
import { loadSharp, type Sharp } from '../util/lazy.js'
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
export function decodeImage(input: Uint8Array | string, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  return decode(input, options, Infinity)
}

// decodeImage, refusing images above `modelLimit` pixels before decoding them (the batch callers feed a model).
async function decode(input: Uint8Array | string, { maxPixels = DEFAULT_MAX_PIXELS, maxBytes = DEFAULT_MAX_BYTES }: DecodeImageOptions, modelLimit: number): Promise<DecodedImage> {
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
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (width * height > maxPixels) {
    throw new Error(`image: ${name} is ${width}x${height} = ${width * height} pixels, above the limit of ${maxPixels} (raise maxPixels to accept it)`)
  }
  if (width * height > modelLimit) {
    throw new Error(`image: ${name} is ${width}x${height} = ${width * height} pixels, above the ${modelLimit} pixels the models' image preprocessing accepts. Shrink the image to use it`)
  }
  let raw: { data: Buffer, info: { width: number, height: number, channels: number } }
  try {
    let pipeline = open().toColourspace('srgb')
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

function conversionOf(meta: { space?: string, channels?: number, hasAlpha?: boolean, isPalette?: boolean }): ImageConversion {
  if (meta.space === 'b-w' || meta.space === 'grey16') return meta.hasAlpha ? 'grayscale+alpha' : 'grayscale'
  if (meta.space === 'cmyk') return 'cmyk'
  if (meta.hasAlpha) return 'rgba'
  // PIL opens these in mode "P", which the paper counted as not RGB.
  if (meta.isPalette) return 'palette'
  if (meta.channels !== 3 || (meta.space !== 'srgb' && meta.space !== 'rgb16')) return 'other'
  return null
}

/**
 * Decodes one batch of untrusted inputs concurrently (sharp works on libuv's thread pool) for the batch
 * callers: the images that decoded with their positions in `inputs`, and one error per failure (`index`
 * is the position in `inputs`, the message names `names[index]`). Conversions are added to `converted`.
 * Images above MODEL_MAX_PIXELS are refused here, before decoding, since the model's preprocessing would fail the
 * whole batch on them.
 */
export async function decodeBatch(inputs: readonly (string | Uint8Array)[], names: readonly string[], options: DecodeImageOptions, converted: Record<string, number>): Promise<{ images: DecodedImage[], at: number[], errors: ImageError[] }> {
  const images: DecodedImage[] = []
  const at: number[] = []
  const errors: ImageError[] = []
  const decoded = await Promise.allSettled(inputs.map((x) => decode(x, options, MODEL_MAX_PIXELS)))
  decoded.forEach((d, k) => {
    if (d.status === 'fulfilled') {
      if (d.value.converted) converted[d.value.converted] = (converted[d.value.converted] ?? 0) + 1
      images.push(d.value)
      at.push(k)
    } else {
      errors.push({ index: k, file: names[k], error: (d.reason as Error).message.replace('in-memory image', names[k]) })
    }
  })
  return { images, at, errors }
}
