import { currentContext } from '../util/context.js'
import { randomUUID } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { resolveModelSource } from './model-source.js'
import { loadError, loadFrom, loadTransformers, pretrainedOptions, rawImages, type Transformers } from './transformers.js'
import type { DecodedImage, Embeddings, LoadModelOptions, ModelSource } from './types.js'

/** CLIP's context length: 77 tokens including start- and end-of-text. */
export const CLIP_MAX_TOKENS = 77

/** Where onnxruntime runs the towers: the CPU, or an NVIDIA GPU through onnxruntime-node's CUDA provider. */
export type ClipDevice = 'cpu' | 'cuda'

/**
 * Measured defaults (full-size ViT-B/32 with random weights, 128 real LAION captions and 32 images, 2-core machine;
 * bench/results/unknown-cpu/models.json and an interleaved best of 3 at onnxruntime's default 2 threads): texts 226/s at batch
 * 8, 213 at 16, 182 at 32 (batched by length, so padding costs little; larger batches only outgrow the caches);
 * images 41/s at 8, 16 and 32 alike. Threads: onnxruntime's default (all cores), the fastest in the same runs.
 */
export const CLIP_DEFAULT_BATCH = { text: 8, image: 8 } as const

/** Options of {@link loadClip}. */
export interface ClipOptions extends LoadModelOptions {
  /**
   * 'cpu', or 'cuda' where onnxruntime-node has its CUDA provider (Linux x64, CUDA 12, the provider libraries
   * installed beside the binding). Default: 'cpu'.
   */
  device?: ClipDevice
  /** Inputs per model call for `embedTexts` / `embedImages` with this model, unless they pass their own. Default: {@link CLIP_DEFAULT_BATCH}. */
  batchSize?: number
}

/** What a missing caption becomes, as in the paper's code (Python's str(None)). */
export const MISSING_TEXT = 'None'

type TensorLike = { data: ArrayLike<number | bigint>, dims: number[] }
type RunModel = ((inputs: Record<string, unknown>) => Promise<Record<string, TensorLike>>) & { dispose(): Promise<unknown> }
type Tokenizer = ((texts: string[], options: Record<string, unknown>) => Record<string, TensorLike>) & { eos_token_id?: number, model?: { tokens_to_ids?: Map<string, number> } }
type ImageProcessor = (images: unknown[]) => Promise<{ pixel_values: TensorLike }>

/**
 * A CLIP model (text and vision towers) loaded with transformers.js; each tower loads on first use.
 * Get one from `loadClip`, pass it to `embedTexts` / `embedImages`, `dispose()` when done.
 */
export interface Clip {
  /** The spec it was loaded from (folder, hub id). */
  id: string
  /** Where it was resolved to. */
  source: ModelSource
  /** Weights variant. */
  dtype: string
  /** Identifies model files and variant in embedding-cache keys (path or id, dtype, file sizes and times). */
  cacheKey: string
  /** Where the towers run. */
  device: ClipDevice
  /** onnxruntime intra-op threads per tower (undefined: onnxruntime's default, all cores). */
  threads?: number
  /** Default inputs per model call of `embedTexts` (text) and `embedImages` (image). */
  batchSize: { text: number, image: number }
  /** Token ids per text, exactly as the paper's tokenizer (slow CLIPTokenizer with ftfy) gives them: at most 77, end-of-text kept last. */
  tokenize(texts: string[]): Promise<number[][]>
  /** Projected text embeddings (not normalised), one row per text. */
  embedTextBatch(texts: string[]): Promise<Embeddings>
  /** Projected image embeddings (not normalised), one row per image, after the model's own preprocessing. */
  embedImageBatch(images: DecodedImage[]): Promise<Embeddings>
  /** Projected image embeddings of already preprocessed pixel values [n, 3, H, W] (the vision tower alone). */
  embedPixelBatch(pixels: { data: Float32Array, dims: number[] }): Promise<Embeddings>
  /** The model's preprocessing of `images` to pixel values [n, 3, H, W] (for comparison with goldens). */
  preprocess(images: DecodedImage[]): Promise<{ data: Float32Array, dims: number[] }>
  /** Releases the onnxruntime sessions. */
  dispose(): Promise<void>
}

const SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4' }

/**
 * Loads CLIP from a local folder (Hugging Face / transformers.js layout: config.json, tokenizer.json,
 * preprocessor_config.json, onnx/text_model.onnx, onnx/vision_model.onnx) or a hub id such as
 * `Xenova/clip-vit-base-patch32` (downloaded into the model cache unless offline).
 *
 * ```ts
 * const clip = await loadClip('../shared/fixtures/models/tiny-random-clip')
 * const e = await embedTexts(clip, ['a photo of a cat'])
 * // e.rows === 1, e.dim === 16 (512 for ViT-B/32), unit length
 * await clip.dispose()
 * ```
 * @param spec folder or hub id.
 * @param options dtype, threads, device, batch size, offline, model cache.
 * @returns the model; towers load lazily, errors say where they looked.
 */
export async function loadClip(spec: string, options: ClipOptions = {}): Promise<Clip> {
  const { dtype = 'fp32', threads = (options.context ?? currentContext()).threads ?? undefined, device = 'cpu', batchSize } = options
  if (device !== 'cpu' && device !== 'cuda') throw new Error(`clip: unknown device "${String(device)}" (expected cpu or cuda)`)
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`clip: threads must be a positive integer, got ${threads}`)
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`clip: batchSize must be a positive integer, got ${batchSize}`)
  if (device === 'cuda') checkCuda()
  const source = resolveModelSource(spec, options)
  if (source.kind === 'onnx') throw new Error(`clip: ${source.path} is a single .onnx file; CLIP needs a model folder (config.json, tokenizer.json, onnx/text_model.onnx, onnx/vision_model.onnx) or a hub id`)
  if (SUFFIX[dtype] === undefined) throw new Error(`clip: unknown dtype "${dtype}" (expected ${Object.keys(SUFFIX).join(', ')})`)
  const loadOpts = { ...pretrainedOptions(dtype, threads), device }

  let t: Transformers | undefined
  const lib = async () => (t ??= await loadTransformers())
  // Each tower loads once; a failed load is forgotten so a later call can retry (e.g. after a download).
  const once = <T>(f: () => Promise<T>) => {
    let p: Promise<T> | undefined
    return () => (p ??= f().catch((err) => { p = undefined; throw err }))
  }

  // One lazily loaded part of the model, its loading error naming the files it needs.
  const part = <P>(files: string, load: (T: Transformers) => Promise<unknown>) => once(async () => {
    const T = await lib()
    try {
      return await loadFrom(T, source, () => load(T)) as P
    } catch (err) { throw loadError('clip', source, files, err) }
  })
  const tokenizer = part<Tokenizer>('the tokenizer (tokenizer.json, tokenizer_config.json)', (T) => T.AutoTokenizer.from_pretrained(source.name))
  const textModel = part<RunModel>(`the text model (onnx/text_model${SUFFIX[dtype]}.onnx)`, (T) => T.CLIPTextModelWithProjection.from_pretrained(source.name, loadOpts))
  const processor = part<ImageProcessor>('the image processor (preprocessor_config.json)', (T) => T.AutoImageProcessor.from_pretrained(source.name))
  const visionModel = part<RunModel>(`the vision model (onnx/vision_model${SUFFIX[dtype]}.onnx)`, (T) => T.CLIPVisionModelWithProjection.from_pretrained(source.name, loadOpts))
  let loadedText: RunModel | undefined
  let loadedVision: RunModel | undefined

  async function encode(texts: string[]): Promise<Record<string, TensorLike>> {
    const tok = await tokenizer()
    // Loaded with the tokenizer, not with 'laionet': the cleaning's tables (ftfy's code pages, entities, heuristics).
    const { prepareClipText } = await import('./clip-truncate.js')
    // Each text is cleaned as the paper's tokenizer cleans it (ftfy, whitespace, lower case: text-clean.ts), and a
    // long caption is cut before tokenising, keeping its first 75 tokens (clip-truncate.ts).
    const count = (text: string) => tok([text], { add_special_tokens: false }).input_ids.dims[1]
    const enc = tok(texts.map((t) => prepareClipText(t, count)), { padding: true, truncation: true, max_length: CLIP_MAX_TOKENS })
    keepEndOfText(enc, eosId(tok))
    return enc
  }

  async function pixels(images: DecodedImage[]): Promise<TensorLike> {
    const proc = await processor()
    return (await proc(rawImages(await lib(), images))).pixel_values
  }

  return {
    id: spec,
    source,
    dtype,
    // GPU kernels round differently: their embeddings never stand in for the CPU's in the cache. Read when used, not at
    // load: a hub model's files arrive with its first tower, and the key must name them, not only the hub id.
    get cacheKey() { return modelCacheKey(source, dtype) + (device === 'cpu' ? '' : `|device=${device}`) },
    device,
    threads,
    batchSize: batchSize ? { text: batchSize, image: batchSize } : { ...CLIP_DEFAULT_BATCH },
    async tokenize(texts) {
      const enc = await encode(texts)
      const ids = enc.input_ids, mask = enc.attention_mask
      const [n, len] = ids.dims
      const out: number[][] = []
      for (let i = 0; i < n; i++) {
        const row: number[] = []
        for (let j = 0; j < len; j++) if (Number(mask.data[i * len + j]) === 1) row.push(Number(ids.data[i * len + j]))
        out.push(row)
      }
      return out
    },
    async embedTextBatch(texts) {
      const enc = await encode(texts)
      loadedText = await textModel()
      return matrix((await loadedText(enc)).text_embeds)
    },
    async preprocess(images) {
      const pixel_values = await pixels(images)
      return { data: Float32Array.from(pixel_values.data as ArrayLike<number>), dims: pixel_values.dims }
    },
    async embedImageBatch(images) {
      const pixel_values = await pixels(images)
      loadedVision = await visionModel()
      return matrix((await loadedVision({ pixel_values })).image_embeds)
    },
    async embedPixelBatch({ data, dims }) {
      if (dims.length !== 4 || dims[1] !== 3 || data.length !== dims.reduce((a, b) => a * b, 1)) {
        throw new Error(`clip: pixel values must be [n, 3, H, W] with n*3*H*W values, got dims [${dims.join(', ')}] and ${data.length} values`)
      }
      const T = await lib()
      loadedVision = await visionModel()
      return matrix((await loadedVision({ pixel_values: new T.Tensor('float32', data, dims) })).image_embeds)
    },
    async dispose() {
      await loadedText?.dispose()
      await loadedVision?.dispose()
    },
  }
}

/**
 * Throws unless onnxruntime-node's CUDA provider is installed beside its binding (it is not bundled: the npm
 * package downloads it only when installed with ONNXRUNTIME_NODE_INSTALL_CUDA), before onnxruntime prints a
 * shared-library error of its own.
 */
function checkCuda(): void {
  let bin: string
  try {
    bin = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch)
  } catch {
    throw new Error('clip: device cuda needs onnxruntime-node, which is not installed')
  }
  const provider = join(bin, 'libonnxruntime_providers_cuda.so')
  if (process.platform !== 'linux' || process.arch !== 'x64' || !existsSync(provider)) {
    throw new Error(`clip: device cuda is not available: onnxruntime-node runs CUDA on Linux x64 only, with its CUDA 12 provider at ${provider} ` +
      `(${existsSync(provider) ? 'present' : 'missing'}; reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL_CUDA=v12 on a machine with CUDA 12). Use device cpu`)
  }
}

/** Returns the tokenizer's end-of-text id (49407 for CLIP). */
function eosId(tok: Tokenizer): number {
  const id = tok.eos_token_id ?? tok.model?.tokens_to_ids?.get('<|endoftext|>')
  if (id === undefined) throw new Error('clip: the tokenizer has no end-of-text token (eos_token in tokenizer_config.json)')
  return id
}

/**
 * transformers.js cuts a long caption at 77 tokens and so drops the end-of-text token; the reference
 * tokenizer truncates the content to 75 tokens and then adds it, and CLIP pools at that token. A row that
 * fills all 77 positions without ending in end-of-text was cut: its last token becomes end-of-text.
 */
function keepEndOfText(enc: Record<string, TensorLike>, eos: number): void {
  const ids = enc.input_ids, mask = enc.attention_mask
  const [n, len] = ids.dims
  if (len < CLIP_MAX_TOKENS) return
  const bigint = typeof ids.data[0] === 'bigint'
  for (let i = 0; i < n; i++) {
    const last = i * len + len - 1
    if (Number(mask.data[last]) === 1 && Number(ids.data[last]) !== eos) (ids.data as { [i: number]: number | bigint })[last] = bigint ? BigInt(eos) : eos
  }
}

function matrix(t: TensorLike): Embeddings {
  const [rows, dim] = t.dims
  return { data: Float32Array.from(t.data as ArrayLike<number>), rows, dim }
}

function modelCacheKey(source: ModelSource, dtype: string): string {
  const parts = [source.kind === 'hub' ? `hub:${source.spec}` : `folder:${source.path}`, dtype]
  for (const f of ['config.json', `onnx/text_model${SUFFIX[dtype]}.onnx`, `onnx/vision_model${SUFFIX[dtype]}.onnx`]) {
    const p = join(source.path, f)
    if (existsSync(p)) {
      const st = statSync(p)
      parts.push(`${f}:${st.size}:${Math.round(st.mtimeMs)}`)
    } else if (source.kind === 'hub') {
      // Not downloaded yet: whatever arrives under this hub name must not meet another download's cached embeddings.
      parts.push(`${f}:pending:${randomUUID()}`)
    }
  }
  return parts.join('|')
}
