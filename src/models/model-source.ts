import { existsSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { currentContext } from '../util/context.js'
import type { LoadModelOptions, ModelSource } from './types.js'

const PATH_LIKE = /^(?:\.{1,2}[/\\]|[/\\]|~)|\.onnx$/i
const HUB_ID = /^[\w.-]+\/[\w.-]+$/

/**
 * Resolves a model spec: an existing folder (Hugging Face / transformers.js layout), a raw `.onnx`
 * file, or a hub id such as `Xenova/clip-vit-base-patch32` (looked up in the model cache first, then
 * downloaded from the context's `remoteHost` unless offline).
 * @param spec a folder, a .onnx file or a hub id.
 * @returns where transformers.js should load it from; throws with the places it looked when it is missing.
 * @example resolveModelSource('../shared/fixtures/models/tiny-random-clip').kind // 'folder'
 */
export function resolveModelSource(spec: string, { context = currentContext(), offline = context.offline, modelCache = context.modelCache, remoteHost = context.remoteHost }: LoadModelOptions = {}): ModelSource {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new Error('models: empty model spec. Pass a model folder, a .onnx file or a hub id such as Xenova/clip-vit-base-patch32')
  }
  const abs = resolve(spec)
  if (existsSync(abs)) {
    const st = statSync(abs)
    if (st.isDirectory()) {
      if (!existsSync(join(abs, 'config.json'))) {
        throw new Error(`models: ${abs} has no config.json, so it is not a model folder. Expected the Hugging Face / transformers.js layout ` +
          '(config.json, tokenizer.json or preprocessor_config.json, onnx/*.onnx), e.g. the files of https://huggingface.co/Xenova/clip-vit-base-patch32')
      }
      return { kind: 'folder', spec, name: abs, root: dirname(abs), path: abs, remote: false, remoteHost }
    }
    if (/\.onnx$/i.test(abs)) return { kind: 'onnx', spec, name: basename(abs), root: dirname(abs), path: abs, remote: false, remoteHost }
    throw new Error(`models: ${abs} is a file but not a .onnx model. Pass a model folder (config.json, onnx/...), a .onnx file or a hub id`)
  }
  if (PATH_LIKE.test(spec) || !HUB_ID.test(spec)) {
    throw new Error(`models: model not found at ${abs} (no such file or folder). Pass an existing model folder or .onnx file, or a hub id such as Xenova/clip-vit-base-patch32`)
  }
  const cached = join(modelCache, spec)
  if (existsSync(join(cached, 'config.json'))) {
    return { kind: 'hub', spec, name: spec, root: modelCache, path: cached, remote: false, remoteHost }
  }
  if (offline) {
    throw new Error(`models: hub model "${spec}" is not in the model cache (looked in ${cached}) and offline mode is on (LAIONET_OFFLINE or models.allowRemoteModels: false). ` +
      `Copy the files of https://huggingface.co/${spec} into that folder, pass --model <folder>, or allow downloads (unset LAIONET_OFFLINE, set models.allowRemoteModels) to download it`)
  }
  return { kind: 'hub', spec, name: spec, root: modelCache, path: cached, remote: true, remoteHost }
}
