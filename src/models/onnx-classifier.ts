import { cpuFeatures } from '../util/cpu-features.js'
import { torchvisionBatch } from './classifier-batch.js'
import { planOnnxRun } from './onnx-run-plan.js'
import { sessionOptions } from './transformers.js'
import type { ClassEntry, Classifier, LoadClassifierOptions, ModelSource, OnnxPreprocess } from './types.js'

/** torchvision's ImageNet evaluation transform: resize 256, centre crop 224, ImageNet mean and std. */
const IMAGENET_PREPROCESS: Required<OnnxPreprocess> = {
  resize: 256,
  crop: 224,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  kernel: 'linear',
}

/**
 * Loads a raw ONNX ImageNet-1k classifier (one input [N,3,H,W] float, one output [N,1000] logits in
 * sorted-wnid order, e.g. the ONNX Model Zoo's MobileNetV2) with declared preprocessing, run through
 * onnxruntime-node directly (transformers.js cannot load a bare graph). A quantized model runs as its float
 * rewrite (same result on every CPU) unless `int8Kernels`; `runtime` says which path ran.
 */
export async function loadOnnxClassifier(source: ModelSource, classes: ClassEntry[], { threads, int8Kernels, onWarning }: LoadClassifierOptions = {}, preprocess: OnnxPreprocess = {}): Promise<Classifier> {
  const prep = { ...IMAGENET_PREPROCESS, ...preprocess }
  if (!(prep.crop > 0 && prep.resize >= prep.crop)) throw new Error(`classify: preprocessing needs 0 < crop <= resize, got resize ${prep.resize}, crop ${prep.crop}`)
  const plan = await planOnnxRun(source.path, { int8Kernels, ...(onWarning ? { warn: onWarning } : {}) })
  const ort = await import('onnxruntime-node')
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>
  try {
    session = await ort.InferenceSession.create(plan.file, sessionOptions(threads) ?? {})
  } catch (err) {
    const what = plan.file === source.path ? source.path : `${source.path} (its float rewrite ${plan.file}; --int8-kernels runs the original)`
    throw new Error(`classify: could not load the ONNX model ${what}: ${(err as Error).message}`, { cause: err })
  }
  const input = session.inputNames[0]
  const output = session.outputNames[0]
  const run = async (data: Float32Array, dims: number[]) => {
    const result = await session.run({ [input]: new ort.Tensor('float32', data, dims) })
    const t = result[output]
    const [n, width] = t.dims as number[]
    if (width !== classes.length) throw new Error(`classify: ${source.path} outputs ${width} scores per image, expected ${classes.length} (ImageNet-1k in sorted-wnid order)`)
    const values = t.data as Float32Array
    return Array.from({ length: n }, (_, i) => values.slice(i * width, (i + 1) * width))
  }
  const shape = (n: number) => [n, 3, prep.crop, prep.crop]
  return {
    id: source.spec,
    kind: 'onnx',
    classes,
    async logits(images) { return run(await torchvisionBatch(images, prep), shape(images.length)) },
    async preprocess(images) { return { data: await torchvisionBatch(images, prep), dims: shape(images.length) } },
    logitsFromPixels: run,
    async dispose() { await session.release() },
    runtime: { path: plan.path, note: plan.note, cpu: cpuFeatures() },
  }
}
