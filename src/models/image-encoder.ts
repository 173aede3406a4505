import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DTYPE_SUFFIX, modelFilesKey } from './model-files-key.js'
import { resolveModelSource } from './model-source.js'
import { loadError, loadFrom, loadTransformers, pretrainedOptions, rawImages, type Transformers } from './transformers.js'
import type { DecodedImage, Embeddings, LoadModelOptions, ModelSource } from './types.js'

type TensorLike = { data: ArrayLike<number | bigint>, dims: number[] }
type RunModel = ((inputs: Record<string, unknown>) => Promise<Record<string, TensorLike>>) & { dispose(): Promise<unknown> }
type ImageProcessor = (images: unknown[]) => Promise<{ pixel_values: TensorLike }>

/**
 * The output each image encoder family gives as its image feature, as the authors' core/image_encoders.py takes it:
 * `outputs.pooler_output` of ViTModel (tanh(dense(CLS token))), ConvNextModel (layernorm of the mean over positions)
 * and BeitModel (with use_mean_pooling: layernorm of the mean of the patch tokens) alike.
 */
const IMAGE_FEATURE = 'pooler_output'

/** Options of {@link loadImageEncoder}. */
export interface ImageEncoderOptions extends LoadModelOptions {
  /** Images per model call of `embedImages` with this model. Default: 8. */
  batchSize?: number
}

/** An image encoder other than CLIP (ViT, ConvNeXt, BEiT) for the intra-class similarities of Fig. 6 and TMLR 4.2. */
export interface ImageEncoder {
  /** The spec it was loaded from (folder, hub id). */
  id: string
  /** Where it was resolved to. */
  source: ModelSource
  /** The model family from config.json's model_type: 'vit', 'convnext', 'beit', ... */
  family: string
  /** Identifies model files and variant in embedding-cache keys. */
  cacheKey: string
  /** Default images per model call of `embedImages`. */
  batchSize: { image: number }
  /** The pooler output (not normalised), one row per image, after the model's own preprocessing. */
  embedImageBatch(images: DecodedImage[]): Promise<Embeddings>
  /** The pooler output of already preprocessed pixel values [n, 3, H, W] (the model alone, for goldens). */
  embedPixelBatch(pixels: { data: Float32Array, dims: number[] }): Promise<Embeddings>
  /** The model's preprocessing of `images` to pixel values [n, 3, H, W] (preprocessor_config.json). */
  preprocess(images: DecodedImage[]): Promise<{ data: Float32Array, dims: number[] }>
  /** Releases the onnxruntime session. */
  dispose(): Promise<void>
}

/**
 * Loads a ViT, ConvNeXt or BEiT image model from a folder (config.json, preprocessor_config.json, onnx/model.onnx with
 * pixel_values -> pooler_output) or a hub id; `embedImages(encoder, files)` then gives the authors' image features,
 * L2-normalised and cached like CLIP's.
 * @param spec folder or hub id (e.g. an ONNX export of google/vit-base-patch16-224).
 * @param options dtype, threads, batch size, offline, model cache.
 * @returns the encoder; the model loads on first use.
 * @example const vit = await loadImageEncoder('models/vit-base-patch16-224'); const e = await embedImages(vit, ['a.jpg'])
 */
export async function loadImageEncoder(spec: string, options: ImageEncoderOptions = {}): Promise<ImageEncoder> {
  const { dtype = 'fp32', threads, batchSize = 8 } = options
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`image-encoder: batchSize must be a positive integer, got ${batchSize}`)
  if (DTYPE_SUFFIX[dtype] === undefined) throw new Error(`image-encoder: unknown dtype "${dtype}" (expected ${Object.keys(DTYPE_SUFFIX).join(', ')})`)
  const source = resolveModelSource(spec, options)
  if (source.kind === 'onnx') throw new Error(`image-encoder: ${source.path} is a single .onnx file; an image encoder needs a model folder (config.json, preprocessor_config.json, onnx/model.onnx) or a hub id`)
  const file = `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`
  let t: Transformers | undefined
  let proc: Promise<ImageProcessor> | undefined
  let model: Promise<RunModel & { config?: { model_type?: string } }> | undefined
  const load = <P>(files: string, f: (T: Transformers) => Promise<unknown>) => (async () => {
    const T = (t ??= await loadTransformers())
    try {
      return await loadFrom(T, source, () => f(T)) as P
    } catch (err) { throw loadError('image-encoder', source, files, err) }
  })()
  const processor = () => (proc ??= load<ImageProcessor>('the image processor (preprocessor_config.json)', (T) => T.AutoImageProcessor.from_pretrained(source.name)).catch((err) => { proc = undefined; throw err }))
  const network = () => (model ??= load<RunModel>(`the model (${file})`, (T) => T.AutoModel.from_pretrained(source.name, pretrainedOptions(dtype, threads))).catch((err) => { model = undefined; throw err }))
  let loaded: RunModel | undefined
  const run = async (pixel_values: unknown): Promise<Embeddings> => {
    loaded = await network()
    const out = await loaded({ pixel_values })
    const pooled = out[IMAGE_FEATURE]
    if (!pooled) throw new Error(`image-encoder: ${join(source.path, file)} has no output ${IMAGE_FEATURE} (outputs: ${Object.keys(out).join(', ')}); the authors' feature is the pooler output, so export the model with it (e.g. ViTModel with its pooling layer, not ViTForImageClassification)`)
    const [rows, dim] = pooled.dims
    return { data: Float32Array.from(pooled.data as ArrayLike<number>), rows, dim }
  }
  const pixels = async (images: DecodedImage[]) => (await (await processor())(rawImages((t ??= await loadTransformers()), images))).pixel_values
  return {
    id: spec,
    source,
    family: modelType(source),
    cacheKey: modelFilesKey(source, dtype, ['config.json', 'preprocessor_config.json', file]) + `|${IMAGE_FEATURE}`,
    batchSize: { image: batchSize },
    async embedImageBatch(images) {
      return run(await pixels(images))
    },
    async embedPixelBatch({ data, dims }) {
      if (dims.length !== 4 || dims[1] !== 3 || data.length !== dims.reduce((a, b) => a * b, 1)) {
        throw new Error(`image-encoder: pixel values must be [n, 3, H, W] with n*3*H*W values, got dims [${dims.join(', ')}] and ${data.length} values`)
      }
      const T = (t ??= await loadTransformers())
      return run(new T.Tensor('float32', data, dims))
    },
    async preprocess(images) {
      const p = await pixels(images)
      return { data: Float32Array.from(p.data as ArrayLike<number>), dims: p.dims }
    },
    async dispose() {
      await loaded?.dispose()
    },
  }
}

/** config.json's model_type, or 'unknown' (a hub model not downloaded yet). */
function modelType(source: ModelSource): string {
  try {
    return String((JSON.parse(readFileSync(join(source.path, 'config.json'), 'utf8')) as { model_type?: unknown }).model_type ?? 'unknown')
  } catch {
    return 'unknown'
  }
}
