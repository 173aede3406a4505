import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, decodeBatch } from './decode-image.js'
import { softmax, topIndices } from '../util/vectors.js'
import type { Classification, Classifier, ClassifyOptions, DecodedImage, Prediction } from './types.js'

/**
 * Classifies image files (or bytes) over the 1000 ImageNet classes: decode (untrusted: per-image errors,
 * conversions to RGB counted), batch, run, softmax over the classes, top-k.
 * @param classifier from `loadClassifier` or `zeroShotClassifier`.
 * @param inputs file paths or bytes.
 * @param options batch size, k, image limits.
 * @returns one prediction per input (null when the image failed), the errors and the conversions.
 * @example const { predictions } = await classifyImages(mobilenet, ['n01440764_tench.JPEG'])
 * // predictions[0].top5[0] -> { wnid: 'n01440764', index: 0, score: 0.93 }
 */
export async function classifyImages(classifier: Classifier, inputs: readonly (string | Uint8Array)[], { batchSize = 16, topK = 5, onBatch, maxPixels = DEFAULT_MAX_PIXELS, maxBytes = DEFAULT_MAX_BYTES, imageRule = 'convert' }: ClassifyOptions = {}): Promise<Classification> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`classify: batchSize must be a positive integer, got ${batchSize}`)
  if (!Number.isInteger(topK) || topK < 1) throw new Error(`classify: topK must be a positive integer, got ${topK}`)
  const names = inputs.map((x, i) => (typeof x === 'string' ? x : `#${i}`))
  const result: Classification = { predictions: inputs.map(() => null), errors: [], converted: {} }
  for (let b = 0; b < inputs.length; b += batchSize) {
    let ran = false
    const { errors } = await decodeBatch(inputs.slice(b, b + batchSize), names.slice(b, b + batchSize), { maxPixels, maxBytes, imageRule }, result.converted, async ({ images, at }) => {
      ran = true
      const rows = await logitsPerImage(classifier, images, at.map((k) => names[b + k]), (k, error) => {
        result.errors.push({ index: b + at[k], file: names[b + at[k]], error })
      })
      onBatch?.(images.length)
      rows.forEach((logits, r) => { if (logits) result.predictions[b + at[r]] = predict(classifier, names[b + at[r]], logits, topK) })
    })
    for (const e of errors) result.errors.push({ ...e, index: b + e.index })
    if (!ran) onBatch?.(0)
  }
  result.errors.sort((x, y) => x.index - y.index)
  return result
}

// Runs the model on a batch; when the batch fails, runs each image alone, so one bad image is an error naming its
// file and the others go on.
async function logitsPerImage(classifier: Classifier, images: DecodedImage[], names: string[], fail: (k: number, error: string) => void): Promise<(Float32Array | null)[]> {
  try {
    return await classifier.logits(images)
  } catch (err) {
    if (images.length === 1) {
      fail(0, `classify: ${names[0]}: the model failed on this image (${(err as Error).message})`)
      return [null]
    }
  }
  const rows: (Float32Array | null)[] = []
  for (let k = 0; k < images.length; k++) {
    try {
      rows.push((await classifier.logits([images[k]]))[0])
    } catch (err) {
      fail(k, `classify: ${names[k]}: the model failed on this image (${(err as Error).message})`)
      rows.push(null)
    }
  }
  return rows
}

function predict(classifier: Classifier, file: string, logits: Float32Array, k: number): Prediction {
  const p = softmax(logits)
  const top5 = topIndices(logits, k).map((i) => ({ wnid: classifier.classes[i].wnid, index: classifier.classes[i].index, score: p[i] }))
  return { file, top5 }
}
