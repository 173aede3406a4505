import { loadSharp } from '../util/lazy.js'
import type { DecodedImage } from './types.js'

/** Turns decoded images into one NCHW float32 batch: resize the shorter side, centre crop, normalise. */
export async function torchvisionBatch(images: DecodedImage[], { resize, crop, mean, std, kernel }: Required<import('./types.js').OnnxPreprocess>): Promise<Float32Array> {
  const sharp = (await loadSharp())
  const plane = crop * crop
  const out = new Float32Array(images.length * 3 * plane)
  for (const [n, im] of images.entries()) {
    // torchvision Resize(int): the shorter side becomes `resize`, the other keeps the aspect ratio (truncated).
    const scale = resize / Math.min(im.width, im.height)
    const w = im.width <= im.height ? resize : Math.floor(im.width * scale)
    const h = im.height < im.width ? resize : Math.floor(im.height * scale)
    const resized = await sharp(im.data, { raw: { width: im.width, height: im.height, channels: 3 } })
      .resize(w, h, { kernel, fit: 'fill' })
      .raw()
      .toBuffer()
    // Centre crop offsets floored, as the Hugging Face processors do (torchvision rounds half to even;
    // the two differ by at most one pixel).
    const top = Math.floor((h - crop) / 2)
    const left = Math.floor((w - crop) / 2)
    const base = n * 3 * plane
    for (let y = 0; y < crop; y++) {
      for (let x = 0; x < crop; x++) {
        const src = ((y + top) * w + (x + left)) * 3
        const dst = y * crop + x
        for (let c = 0; c < 3; c++) out[base + c * plane + dst] = (resized[src + c] / 255 - mean[c]) / std[c]
      }
    }
  }
  return out
}
