import type { ImageOptions } from './types.js'
import { loadSharp } from '../util/lazy.js'

/** Image formats accepted by their leading bytes. */
export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp'

/**
 * Identifies an image by its magic bytes (never by the Content-Type header, which servers get wrong).
 * @param bytes the start of the body (12 bytes suffice)
 * @returns the format, or null when the bytes are not a JPEG, PNG, GIF or WebP
 * @example sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) // 'jpeg'
 */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  const b = bytes
  const ascii = (start: number, text: string) => [...text].every((c, i) => b[start + i] === c.charCodeAt(0))
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 'PNG\r\n\x1a\n')) return 'png'
  if (b.length >= 6 && (ascii(0, 'GIF87a') || ascii(0, 'GIF89a'))) return 'gif'
  if (b.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp'
  return null
}

/** A checked and re-encoded image, or why it was rejected. */
export type CheckedImage =
  | { status: 'ok', data: Buffer, kind: ImageKind, width: number, height: number, originalWidth: number, originalHeight: number, extension: string }
  | { status: 'not_image' | 'too_large' | 'decode_error', detail: string }


const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const

/**
 * Checks a downloaded body (magic bytes, then the pixel limit read from the header without decoding) and re-encodes
 * it: EXIF orientation applied, shrunk to `maxSide`, transparency flattened on white for JPEG, sRGB.
 * @param bytes the whole body
 * @returns the stored bytes with their sizes, or a rejection status with a detail
 * @example const img = await checkImage(body, { maxSide: 256 }); if (img.status === 'ok') save(img.data)
 */
export async function checkImage(bytes: Uint8Array, { maxSide = 512, maxPixels = 89_478_485, format = 'jpeg', quality = 95 }: ImageOptions = {}): Promise<CheckedImage> {
  const kind = sniffImage(bytes)
  if (!kind) {
    const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1').replace(/[^\x20-\x7e]/g, '.')
    return { status: 'not_image', detail: `leading bytes "${head}" are not JPEG, PNG, GIF or WebP` }
  }
  const sharp = await loadSharp()
  let meta
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch (err) {
    return { status: 'decode_error', detail: (err as Error).message }
  }
  const { width = 0, height = 0 } = meta
  if (width * height > maxPixels) return { status: 'too_large', detail: `${width}x${height} pixels exceeds maxPixels ${maxPixels}` }
  try {
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
    if (format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality })
    else if (format === 'webp') pipeline = pipeline.webp({ quality })
    else pipeline = pipeline.png()
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
    return { status: 'ok', data, kind, width: info.width, height: info.height, originalWidth: width, originalHeight: height, extension: EXTENSIONS[format] }
  } catch (err) {
    return { status: 'decode_error', detail: (err as Error).message }
  }
}
