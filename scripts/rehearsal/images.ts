import { createHash } from 'node:crypto'
import { createRandom } from '../../src/util/random.js'

/** A JPEG made from a real image, with its size. */
export interface ImageVariant {
  /** The JPEG bytes. */
  bytes: Buffer
  /** Width in pixels. */
  width: number
  /** Height in pixels. */
  height: number
}

/**
 * Returns a deterministic variant of a real image: variant 0 is the image re-encoded; others are a seeded crop
 * (70-100% of each side), a mirror image half of the time and a resize to 160-320 pixels on the short side, as
 * different photographs of the same class would differ. Same (file, variant, seed), same bytes.
 * @param file a real JPEG (an ImageNet sample, a clip-retrieval image)
 * @param variant 0 for the image itself
 * @param seed the rehearsal's seed
 */
export async function imageVariant(file: string, variant: number, seed: number): Promise<ImageVariant> {
  const sharp = (await import('sharp')).default
  const meta = await sharp(file).metadata()
  const w = meta.width ?? 1
  const h = meta.height ?? 1
  let pipeline = sharp(file).rotate()
  if (variant > 0) {
    const key = createHash('sha256').update(`${file}\0${variant}\0${seed}`).digest().readUInt32LE(0)
    const rng = createRandom(key)
    const cw = Math.max(16, Math.round(w * (0.7 + 0.3 * rng.next())))
    const ch = Math.max(16, Math.round(h * (0.7 + 0.3 * rng.next())))
    const left = rng.int(w - cw + 1)
    const top = rng.int(h - ch + 1)
    const short = 160 + rng.int(161)
    pipeline = pipeline.extract({ left, top, width: cw, height: ch })
    if (rng.next() < 0.5) pipeline = pipeline.flop()
    pipeline = pipeline.resize(cw < ch ? { width: short } : { height: short })
  }
  const { data, info } = await pipeline.jpeg({ quality: 88, mozjpeg: false }).toBuffer({ resolveWithObject: true })
  return { bytes: data, width: info.width, height: info.height }
}

/** The hex sha1 of bytes (ImageNetV2 names its files by content hash). */
export function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex')
}
