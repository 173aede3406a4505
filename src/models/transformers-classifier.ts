import { mapLabelsToClasses, restrictLogits } from './label-map.js'
import { loadError, loadFrom, loadTransformers, pretrainedOptions, rawImages } from './transformers.js'
import type { ClassEntry, Classifier, DecodedImage, LoadModelOptions, ModelSource } from './types.js'

type TensorLike = { data: ArrayLike<number>, dims: number[] }
type RunModel = ((inputs: Record<string, unknown>) => Promise<Record<string, TensorLike>>) & { dispose(): Promise<unknown>, config: { id2label?: Record<string, string> } }
type ImageProcessor = (images: unknown[]) => Promise<{ pixel_values: TensorLike }>

/**
 * Loads an ImageNet classifier in the transformers.js image-classification layout (config.json with
 * id2label, preprocessor_config.json, onnx/model.onnx), e.g. `Xenova/resnet-50`, and maps its labels to
 * the classes. The model's own preprocessing is used.
 */
export async function loadTransformersClassifier(source: ModelSource, classes: ClassEntry[], { dtype = 'fp32', threads }: LoadModelOptions = {}): Promise<Classifier> {
  const T = await loadTransformers()
  let model: RunModel
  let processor: ImageProcessor
  try {
    model = await loadFrom(T, source, () => T.AutoModelForImageClassification.from_pretrained(source.name, pretrainedOptions(dtype, threads))) as unknown as RunModel
    processor = await loadFrom(T, source, () => T.AutoImageProcessor.from_pretrained(source.name)) as unknown as ImageProcessor
  } catch (err) {
    throw loadError('classify', source, 'an image-classification model (config.json, preprocessor_config.json, onnx/model.onnx)', err)
  }
  const map = mapLabelsToClasses(model.config.id2label ?? {}, classes)
  if (map.covered === 0) throw new Error(`classify: none of the ${Object.keys(model.config.id2label ?? {}).length} labels of ${source.spec} is an ImageNet class (expected id2label such as "tench, Tinca tinca" or wnids)`)
  const run = async (pixel_values: unknown) => {
    const { logits } = await model({ pixel_values })
    const [n, width] = logits.dims
    const rows: Float32Array[] = []
    for (let i = 0; i < n; i++) rows.push(restrictLogits(Array.prototype.slice.call(logits.data, i * width, (i + 1) * width) as number[], map))
    return rows
  }
  const preprocess = async (images: DecodedImage[]) => {
    const { pixel_values } = await processor(rawImages(T, images))
    return pixel_values
  }
  return {
    id: source.spec,
    kind: 'transformers',
    classes,
    async logits(images) { return run(await preprocess(images)) },
    async preprocess(images) {
      const t = await preprocess(images)
      return { data: Float32Array.from(t.data), dims: t.dims }
    },
    async logitsFromPixels(data, dims) { return run(new T.Tensor('float32', data, dims)) },
    async dispose() { await model.dispose() },
  }
}
