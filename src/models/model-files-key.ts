import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelSource } from './types.js'

/** The file suffix of each weights variant in a transformers.js folder (onnx/model_quantized.onnx for q8, ...). */
export const DTYPE_SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4' }

/**
 * Returns a model's identity in embedding-cache keys: where it is, the weights variant and the size and time of each of
 * `files` (relative to the model folder), so changed weights never reuse old embeddings.
 * @example modelFilesKey(source, 'fp32', ['config.json', 'onnx/model.onnx'])
 */
export function modelFilesKey(source: ModelSource, dtype: string, files: readonly string[]): string {
  const parts = [source.kind === 'hub' ? `hub:${source.spec}` : `folder:${source.path}`, dtype]
  for (const f of files) {
    const p = join(source.path, f)
    if (existsSync(p)) {
      const st = statSync(p)
      parts.push(`${f}:${st.size}:${Math.round(st.mtimeMs)}`)
    }
  }
  return parts.join('|')
}
