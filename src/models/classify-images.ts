import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, decodeBatch } from './decode-image.js'
import { softmax, topIndices } from './vectors.js'
import type { Classification, Classifier, ClassifyOptions, Prediction } from './types.js'

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
    const { images, at, errors } = await decodeBatch(inputs.slice(b, b + batchSize), names.slice(b, b + batchSize), { maxPixels, maxBytes }, result.converted)
    for (const e of errors) result.errors.push({ ...e, index: b + e.index })
    if (images.length === 0) continue
    const rows = await classifier.logits(images)
    onBatch?.(images.length)
    rows.forEach((logits, r) => { result.predictions[b + at[r]] = predict(classifier, names[b + at[r]], logits, topK) })
  }
  return result
}

function predict(classifier: Classifier, file: string, logits: Float32Array, k: number): Prediction {
  const p = softmax(logits)
  const top5 = topIndices(logits, k).map((i) => ({ wnid: classifier.classes[i].wnid, index: classifier.classes[i].index, score: p[i] }))
  return { file, top5 }
}
