import { crc32 } from 'node:zlib'

/**
 * Which images an experiment keeps:
 * - `download`: the authors' `verify_image` (core/retrieve_image.py), applied to every image they downloaded
 *   (LAIONet, the LAION pool): PIL mode 'RGB', width * height >= 100 (configs.RetrieveConfig.MIN_IMAGE_SIZE = 10*10,
 *   an AREA, so 100x1 passes and 9x11 does not), and `image.verify()` passes (for PNG: every chunk's CRC, up to IEND).
 * - `local`: their rule for local folders (scripts/predict/predict_local.py and the *_local.py similarity scripts):
 *   `if image.mode == 'RGB'` only.
 * - `convert`: ours: grayscale, CMYK, palette and alpha images are converted to RGB and kept.
 */
export type ImageRule = 'download' | 'local' | 'convert'

/** Why the authors' rule drops an image. */
export type ImageDropReason = 'mode' | 'size' | 'verify'

/** configs.RetrieveConfig.MIN_IMAGE_SIZE: the smallest area (pixels) verify_image accepts. */
export const MIN_IMAGE_AREA = 10 * 10

/** An image the authors' rule drops: the message is theirs (`Image mode is L.`), `reason` groups the counts. */
export class ImageRuleDrop extends Error {
  constructor(readonly reason: ImageDropReason, message: string) {
    super(message)
    this.name = 'ImageRuleDrop'
  }
}

/**
 * The mode PIL opens an image in, for the formats the decoder accepts: a JPEG's mode follows its component count
 * (1 L, 3 RGB, 4 CMYK), a PNG's its IHDR colour type and depth (only type 2 is RGB, at 8 and 16 bits; a tRNS chunk
 * leaves it RGB), a WebP is RGBA when it has alpha, a GIF's first frame is P (or L).
 * @example pilMode('png', { channels: 3 }, bytes) // 'RGB'
 */
function pilMode(format: string, meta: { channels?: number, hasAlpha?: boolean }, bytes: Uint8Array): string {
  if (format === 'jpeg') return meta.channels === 3 ? 'RGB' : meta.channels === 1 ? 'L' : meta.channels === 4 ? 'CMYK' : `${meta.channels} channels`
  if (format === 'png') {
    const [depth, type] = bytes.length > 25 ? [bytes[24], bytes[25]] : [-1, -1]
    if (type === 0) return depth === 16 ? 'I;16' : depth === 1 ? '1' : 'L'
    return ({ 2: 'RGB', 3: 'P', 4: 'LA', 6: 'RGBA' } as Record<number, string>)[type] ?? `colour type ${type}`
  }
  if (format === 'webp') return meta.hasAlpha ? 'RGBA' : 'RGB'
  return 'P'
}

/**
 * Applies `rule` to an image whose header was read; throws {@link ImageRuleDrop} when the authors would drop it.
 * @example checkImageRule('download', 'png', { width: 9, height: 11, channels: 3 }, bytes) // throws 'Image is too small.'
 */
export function checkImageRule(rule: ImageRule, format: string, meta: { width?: number, height?: number, channels?: number, hasAlpha?: boolean }, bytes: Uint8Array): void {
  if (rule === 'convert') return
  const mode = pilMode(format, meta, bytes)
  if (mode !== 'RGB') throw new ImageRuleDrop('mode', `Image mode is ${mode}.`)
  if (rule === 'local') return
  if ((meta.width ?? 0) * (meta.height ?? 0) < MIN_IMAGE_AREA) throw new ImageRuleDrop('size', 'Image is too small.')
  if (format === 'png') verifyPng(bytes)
}

// PIL's PngImageFile.verify(): every chunk after the signature read with its CRC checked, up to IEND. The other
// formats' verify() reads nothing more (JPEG, GIF, WebP do not override Image.verify).
function verifyPng(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 8
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at)
    const end = at + 12 + length
    if (end > bytes.length) break
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8))
    if ((crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0) !== view.getUint32(at + 8 + length)) throw new ImageRuleDrop('verify', `broken PNG file (bad header checksum in b'${type}')`)
    if (type === 'IEND') return
    at = end
  }
  throw new ImageRuleDrop('verify', 'truncated PNG file')
}
