import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cpuFeatures, describeCpu } from '../util/cpu-features.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { loadClip } from './clip.js'
import { resolveModelSource } from './model-source.js'
import { loadOnnxClassifier } from './onnx-classifier.js'
import { loadTransformersClassifier } from './transformers-classifier.js'
import { zeroShotClassifier } from './zero-shot-classifier.js'
import type { ClassEntry, Classifier, LoadClassifierOptions } from './types.js'

/**
 * Loads an ImageNet classifier from a spec: a raw `.onnx` file (declared torchvision preprocessing,
 * output in sorted-wnid order), a transformers.js image-classification folder or hub id (`Xenova/resnet-50`,
 * labels mapped to wnids), or a CLIP folder or hub id (the zero-shot classifier over the synset texts).
 * @param spec a .onnx file, a model folder or a hub id.
 * @param options classes (default: `loadImageNetClasses()`), preprocessing, dtype, threads, offline.
 * @returns a classifier for `classifyImages`; call `dispose()` when done.
 * @example const mobilenet = await loadClassifier(await dataPath('models/mobilenetv2-12-int8.onnx'))
 */
export async function loadClassifier(spec: string, options: LoadClassifierOptions = {}): Promise<Classifier> {
  const source = resolveModelSource(spec, options)
  const classes: ClassEntry[] = options.classes ?? await loadImageNetClasses()
  if (classes.length === 0) throw new Error('classify: the class table is empty (expected the 1000 ImageNet classes)')
  if (source.kind === 'onnx') return loadOnnxClassifier(source, classes, options, options.preprocess)
  // transformers.js loads its own files: an integer dtype runs its int8 kernels as they are.
  const int8 = ['q8', 'int8', 'uint8'].includes(options.dtype ?? 'fp32')
  const runtime = { path: int8 ? 'int8' as const : 'float' as const, note: `${spec}: ${options.dtype ?? 'fp32'} weights through transformers.js on ${describeCpu()}`, cpu: cpuFeatures() }
  if (isClip(join(source.path, 'config.json'))) {
    const clip = await loadClip(spec, options)
    const zs = await zeroShotClassifier(clip, classes)
    return { ...zs, id: spec, dispose: () => clip.dispose(), runtime }
  }
  return { ...await loadTransformersClassifier(source, classes, options), runtime }
}

function isClip(configFile: string): boolean {
  try {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { model_type?: string }
    return config.model_type === 'clip'
  } catch {
    return false // not downloaded yet, or no config: let transformers.js report it
  }
}
