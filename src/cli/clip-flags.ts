import { RANGES } from '../util/number-ranges.js'
import type { ClipOptions } from '../models/clip.js'
import { choiceFlag, numberFlag } from './args.js'

/**
 * The flags every command that loads CLIP takes (embed-text, embed-images, build), for `parseCommandArgs`; none
 * changes the embeddings beyond rounding (the weights variant, `--dtype`, is embed-text's and embed-images' own).
 */
export const CLIP_FLAGS = {
  'batch-size': { type: 'string' },
  threads: { type: 'string' },
  device: { type: 'string' },
} as const

/** Their usage lines. */
export const CLIP_FLAGS_USAGE = `  --batch-size  inputs per model call (default 8, measured: texts batched by length, images)
  --threads     onnxruntime threads per tower (default: all cores)
  --device      cpu or cuda (cuda: Linux x64 with onnxruntime-node's CUDA 12 provider installed; default cpu)`

/**
 * Returns `loadClip`'s options from the parsed flags (and `--dtype` where the command has it); a bad value is a
 * usage error naming the flag.
 * @example loadClip(values.model, clipFlagOptions(values))
 */
export function clipFlagOptions(values: { 'batch-size'?: string, threads?: string, device?: string, dtype?: string }): ClipOptions {
  const options: ClipOptions = { device: choiceFlag('device', values.device ?? 'cpu', ['cpu', 'cuda'] as const) }
  if (values.dtype !== undefined) options.dtype = choiceFlag('dtype', values.dtype, ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4'] as const)
  if (values['batch-size'] !== undefined) options.batchSize = numberFlag('batch-size', values['batch-size'], 0, RANGES.batchSize)
  if (values.threads !== undefined) options.threads = numberFlag('threads', values.threads, 0, { ...RANGES.threads, min: 1 })
  return options
}
