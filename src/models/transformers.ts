import type { DecodedImage, ModelSource } from './types.js'

/** The @huggingface/transformers module, typed as it is. */
export type Transformers = typeof import('@huggingface/transformers')

let loading: Promise<Transformers> | undefined

/**
 * Loads @huggingface/transformers on first use (it pulls in onnxruntime and sharp, which a plain
 * `import 'laionet'` must not pay for) and silences its console warnings.
 */
export function loadTransformers(): Promise<Transformers> {
  loading ??= import('@huggingface/transformers').then((t) => {
    t.env.logLevel = t.LogLevel?.ERROR ?? t.env.logLevel
    return t
  })
  return loading
}

/**
 * Points transformers.js at `source` (its global `env`): local folder or model cache, remote allowed or
 * not. Called right before each `from_pretrained`; loads are awaited one after the other.
 */
function configureSource(t: Transformers, source: ModelSource): void {
  t.env.allowLocalModels = true
  t.env.localModelPath = source.root.endsWith('/') ? source.root : `${source.root}/`
  t.env.allowRemoteModels = source.remote
  t.env.useFSCache = source.remote
  if (source.remote) {
    t.env.cacheDir = source.root
    t.env.remoteHost = source.remoteHost
  }
}

let queue: Promise<unknown> = Promise.resolve()

/**
 * Runs `load` with transformers.js pointed at `source`, one load at a time: `env` is global, so two models
 * loading at once (a CLIP tower and a classifier, say) must not see each other's settings.
 */
export function loadFrom<T>(t: Transformers, source: ModelSource, load: () => Promise<T>): Promise<T> {
  const run = queue.then(() => {
    configureSource(t, source)
    return load()
  })
  queue = run.catch(() => undefined)
  return run
}

/** Returns onnxruntime session options for `threads` intra-op threads, or undefined (onnxruntime's default: all cores). */
export function sessionOptions(threads?: number): { intraOpNumThreads: number, interOpNumThreads: number } | undefined {
  return threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : undefined
}

/** Returns the options of a model's `from_pretrained`: the weights variant and, with `threads`, the session options. */
export function pretrainedOptions(dtype: string, threads?: number): Record<string, unknown> {
  const session_options = sessionOptions(threads)
  return { dtype, ...(session_options ? { session_options } : {}) }
}

/** Wraps decoded RGB images as transformers.js RawImages, the input of its image processors. */
export function rawImages(t: Transformers, images: DecodedImage[]): InstanceType<Transformers['RawImage']>[] {
  return images.map((im) => new t.RawImage(im.data, im.width, im.height, 3))
}

/** Wraps a transformers.js loading error with where we looked and how to provide the model. */
export function loadError(what: string, source: ModelSource, files: string, cause: unknown): Error {
  const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/[.\s]+$/, '')
  const where = source.kind === 'hub'
    ? `hub model "${source.spec}" (cache ${source.path}${source.remote ? ', download attempted' : ''})`
    : `folder ${source.path}`
  return new Error(`${what}: could not load ${files} from ${where}: ${reason}. ` +
    'Provide a folder in the Hugging Face / transformers.js layout (config.json, onnx/*.onnx) or a reachable hub id', { cause })
}
