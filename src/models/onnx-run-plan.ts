/**
 * Decides how a raw .onnx classifier runs: a float model as it is; a quantized (int8) model through its float
 * rewrite (src/models/onnx-float-rewrite.ts), made once and cached by the original's sha256, so the result is the
 * same on every x86 CPU; or, when asked, through onnxruntime's int8 kernels, which without VNNI lose accuracy.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { cacheDir } from '../data/cache-dir.js'
import { sha256File } from '../data/hash-file.js'
import { readOnnxModel } from '../io/onnx-read.js'
import { encodeOnnxModel } from '../io/onnx-write.js'
import { writeFileAtomic } from '../io/write-atomic.js'
import { cpuFeatures, describeCpu, type CpuFeatures } from '../util/cpu-features.js'
import { LaionetError } from '../util/errors.js'
import { int8Operators, rewriteToFloat, type FloatRewriteReport } from './onnx-float-rewrite.js'
import type { OnnxPath } from './types.js'

/** Bumped whenever the rewrite's output changes, so an older cached rewrite is never reused. */
const REWRITE_VERSION = 2
/** A single protobuf message cannot exceed 2 GiB; larger models keep their weights in external files. */
const MAX_ONNX_BYTES = 2 ** 31 - 1
/** Top-1 points MobileNetV2-int8 loses on the 1000 ImageNet samples through int8 kernels without VNNI (81.5 -> 73.6). */
const NO_VNNI_LOSS = 'about 8 points of top-1 on MobileNetV2-int8'

/** How a raw .onnx model will run, and why. */
export interface OnnxRunPlan {
  /** 'float' (a float model), 'float-rewrite' (an int8 model rewritten to float), 'int8' (onnxruntime's int8 kernels). */
  path: OnnxPath
  /** The file onnxruntime loads: the original, or the cached rewrite. */
  file: string
  /** The int8 operators of the original, by op type ({} for a float model). */
  int8Operators: Record<string, number>
  /** The rewrite's report (operators replaced), for path 'float-rewrite'. */
  rewrite?: FloatRewriteReport
  /** True when the rewrite came from the cache. */
  cached?: boolean
  /** One line for the user: what runs, on which CPU. */
  note: string
}

/** Options of planOnnxRun. */
export interface OnnxRunOptions {
  /** Run an int8 model's operators on onnxruntime's int8 kernels instead of the float rewrite. Default: false. */
  int8Kernels?: boolean
  /** Where rewritten models are cached. Default: `<cacheDir()>/models/float-rewrite`. */
  cache?: string
  /** The CPU (for the warning). Default: this machine's `cpuFeatures()`. */
  cpu?: CpuFeatures
  /** Where a warning goes. Default: stderr, once per process and message. */
  warn?: (message: string) => void
}

const warned = new Set<string>()
const warnOnce = (message: string) => {
  if (warned.has(message)) return
  warned.add(message)
  process.stderr.write(`${message}\n`)
}

/**
 * Returns how to run the .onnx model `file` (see the file comment), writing the float rewrite into the cache the
 * first time an int8 model is seen.
 * @example (await planOnnxRun('mobilenetv2-12-int8.onnx')).path // 'float-rewrite'
 */
export async function planOnnxRun(file: string, { int8Kernels = false, cache = join(cacheDir(), 'models', 'float-rewrite'), cpu = cpuFeatures(), warn = warnOnce }: OnnxRunOptions = {}): Promise<OnnxRunPlan> {
  const size = statSync(file).size
  if (size > MAX_ONNX_BYTES) {
    throw new LaionetError('onnx', `${file} has ${size} bytes, more than one protobuf message can hold (2 GiB)`, { code: 'invalid-input', fix: 'Save the model with its weights in external data files' })
  }
  const sha = await sha256File(file)
  const target = join(cache, `${sha}.v${REWRITE_VERSION}.onnx`)
  const on = describeCpu(cpu)
  if (!int8Kernels && existsSync(target) && existsSync(`${target}.json`)) {
    const meta = readMeta(`${target}.json`)
    if (meta) return { path: 'float-rewrite', file: target, ...meta, cached: true, note: `${basename(file)}: int8 model run as its float rewrite (cached ${target}) on ${on}` }
    // An unreadable side record (a crash between the two writes, a hand edit): make the rewrite again.
  }
  const model = readOnnxModel(readFileSync(file), file)
  const ops = int8Operators(model)
  if (Object.keys(ops).length === 0) return { path: 'float', file, int8Operators: ops, note: `${basename(file)}: float model on ${on}` }
  const int8 = (why: string): OnnxRunPlan => {
    if (!cpu.vnni) {
      warn(`onnx: ${basename(file)} runs on onnxruntime's int8 kernels ${why}, and this CPU has no VNNI (${on}): expect ${NO_VNNI_LOSS} ` +
        '(u8 x s8 products saturate in int16). Drop --int8-kernels (int8Kernels) to run the float rewrite')
    }
    return { path: 'int8', file, int8Operators: ops, note: `${basename(file)}: int8 model on onnxruntime's int8 kernels ${why} on ${on}` }
  }
  if (int8Kernels) return int8('(asked for)')
  let bytes: Uint8Array
  let rewrite: FloatRewriteReport
  try {
    const r = rewriteToFloat(model)
    rewrite = r.report
    bytes = encodeOnnxModel(r.model)
  } catch (err) {
    return int8(`(the float rewrite failed: ${(err as Error).message})`)
  }
  await mkdir(cache, { recursive: true })
  await writeFileAtomic(target, bytes)
  await writeFileAtomic(`${target}.json`, JSON.stringify({ source: file, sha256: sha, int8Operators: ops, rewrite }, null, 2) + '\n')
  return { path: 'float-rewrite', file: target, int8Operators: ops, rewrite, cached: false, note: `${basename(file)}: int8 model run as its float rewrite (written to ${target}) on ${on}` }
}

/** The side record of a cached rewrite, or undefined when it cannot be read. */
function readMeta(file: string): { int8Operators: Record<string, number>, rewrite: FloatRewriteReport } | undefined {
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8')) as { int8Operators?: Record<string, number>, rewrite?: FloatRewriteReport }
    return meta.int8Operators && meta.rewrite ? { int8Operators: meta.int8Operators, rewrite: meta.rewrite } : undefined
  } catch {
    return undefined
  }
}
