import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, countConversion, decodeImage } from './decode-image.js'
import { softmax, topIndices } from './vectors.js'
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
export async function classifyImages(classifier: Classifier, inputs: readonly (string | Uint8Array)[], { batchSize = 16, topK = 5, onBatch, maxPixels = DEFAULT_MAX_PIXELS, maxBytes = DEFAULT_MAX_BYTES }: ClassifyOptions = {}): Promise<Classification> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`classify: batchSize must be a positive integer, got ${batchSize}`)
  if (!Number.isInteger(topK) || topK < 1) throw new Error(`classify: topK must be a positive integer, got ${topK}`)
  const names = inputs.map((x, i) => (typeof x === 'string' ? x : `#${i}`))
  const result: Classification = { predictions: inputs.map(() => null), errors: [], converted: {} }
  for (let b = 0; b < inputs.length; b += batchSize) {
    const images: DecodedImage[] = []
    const at: number[] = []
    // Decoded concurrently: sharp works on libuv's thread pool, so a batch decodes in parallel.
    const end = Math.min(b + batchSize, inputs.length)
    const decoded = await Promise.allSettled(inputs.slice(b, end).map((x) => decodeImage(x, { maxPixels, maxBytes })))
    decoded.forEach((d, k) => {
      const i = b + k
      if (d.status === 'fulfilled') {
        countConversion(result.converted, d.value.converted)
        images.push(d.value)
        at.push(i)
      } else {
        result.errors.push({ index: i, file: names[i], error: (d.reason as Error).message.replace('in-memory image', names[i]) })
      }
    })
    if (images.length === 0) continue
    const rows = await classifier.logits(images)
    onBatch?.(images.length)
    rows.forEach((logits, r) => { result.predictions[at[r]] = predict(classifier, names[at[r]], logits, topK) })
  }
  return result
}

function predict(classifier: Classifier, file: string, logits: Float32Array, k: number): Prediction {
  const p = softmax(logits)
  const top5 = topIndices(logits, k).map((i) => ({ wnid: classifier.classes[i].wnid, index: classifier.classes[i].index, score: p[i] }))
  return { file, top5 }
}
