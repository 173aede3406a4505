import type { ImageDropReason, ImageRule } from './image-rule.js'
import type { CpuFeatures } from '../util/cpu-features.js'
import type { LaionetContext } from '../util/context.js'
/** Options shared by every model loader (CLIP, classifiers). */
export interface LoadModelOptions {
  /** The run's context (model cache, offline, hub host), used where the options below are not given. Default: `currentContext()`. */
  context?: LaionetContext
  /** Never contact the model hub; a hub id must then already be in the model cache. Default: the context's `offline`. */
  offline?: boolean
  /** Weights variant: 'fp32' (the reference), 'q8' (the `_quantized` files), 'fp16'. Default: 'fp32'. */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4'
  /** onnxruntime intra-op threads per session; undefined lets onnxruntime choose (all cores). Default: undefined. */
  threads?: number
  /** Where hub models are downloaded to and looked up first. Default: the context's `modelCache` (`<cacheDir>/models`). */
  modelCache?: string
  /** The model hub to download from (transformers.js `env.remoteHost`). Default: the context's `remoteHost` (the public hub). */
  remoteHost?: string
}

/** Where a model comes from, as resolved by `resolveModelSource`. */
export interface ModelSource {
  /** 'folder' for a local Hugging Face layout folder, 'hub' for a model id, 'onnx' for a raw .onnx file. */
  kind: 'folder' | 'hub' | 'onnx'
  /** What the user passed: a model id, a folder or a file. */
  spec: string
  /**
   * The name transformers.js loads: the hub id, or the folder's absolute path (a bare folder name would be
   * resolved against env.localModelPath only when it looks like a hub id, so "my model" would fail).
   */
  name: string
  /** The folder transformers.js resolves `name` against (`env.localModelPath`). */
  root: string
  /** Absolute path of the folder or file on disk (for a hub id: where it is or will be cached). */
  path: string
  /** True when the hub may be contacted. */
  remote: boolean
  /** The hub it is downloaded from when `remote` (transformers.js `env.remoteHost`), ending in '/'. */
  remoteHost: string
}

/** A row-major float32 matrix: `rows` vectors of `dim` numbers each. */
export interface Embeddings {
  /** The values, row after row (length rows * dim). */
  data: Float32Array
  /** Number of vectors. */
  rows: number
  /** Length of each vector. */
  dim: number
}

/** What `embedTexts` runs: CLIP's text tower (`loadClip`) or a sentence encoder (`loadSentenceEncoder`). */
export interface TextModel {
  /** Identifies the model in embedding-cache keys. */
  cacheKey: string
  /** Default texts per model call. */
  batchSize?: { text: number }
  /** One embedding (not normalised) per text. */
  embedTextBatch(texts: string[]): Promise<Embeddings>
}

/** What `embedImages` runs: CLIP's vision tower (`loadClip`) or another image encoder (`loadImageEncoder`). */
export interface ImageModel {
  /** Identifies the model in embedding-cache keys. */
  cacheKey: string
  /** Default images per model call. */
  batchSize?: { image: number }
  /** One embedding (not normalised) per decoded image, after the model's own preprocessing. */
  embedImageBatch(images: DecodedImage[]): Promise<Embeddings>
}

/** Options for `embedTexts` and `embedImages`. */
export interface EmbedOptions {
  /** Inputs per model call. Default: the CLIP model's `batchSize` (`loadClip`; 8 unless set), else 32. */
  batchSize?: number
  /** Divide each embedding by its L2 norm (so dot product = cosine). Default: true. */
  normalize?: boolean
  /**
   * Cache folder for .npy results keyed by model, settings and content; false disables caching.
   * Default: `<cacheDir()>/embeddings`.
   */
  cache?: string | false
  /** Inputs per cache file: a rerun or a resumed run recomputes nothing already cached. Default: 4096. */
  cacheChunk?: number
  /** Called after each model call with the number of inputs it embedded (for progress and tests). */
  onBatch?: (count: number) => void
}

/** Options for decoding untrusted image bytes. */
export interface DecodeImageOptions {
  /** Largest accepted width * height; bigger images are a per-image error. Default: 100,000,000 (100 MP). */
  maxPixels?: number
  /** Largest accepted file size in bytes. Default: 200 MiB. */
  maxBytes?: number
  /**
   * Which images are kept: `convert` (ours: non-RGB converted to RGB), or the authors' `download` (verify_image) or
   * `local` (PIL mode RGB) rule, which turn the images they drop into errors with `dropped` set. Default: 'convert'.
   */
  imageRule?: ImageRule
}

/** Why an image needed converting to 3-channel sRGB, or null when it was RGB already. */
export type ImageConversion = 'grayscale' | 'grayscale+alpha' | 'rgba' | 'cmyk' | 'palette' | 'other' | null

/** A decoded image: 8-bit RGB, row-major, 3 channels interleaved. */
export interface DecodedImage {
  /** The RGB bytes (length width * height * 3). */
  data: Uint8ClampedArray
  /** Width in pixels. */
  width: number
  /** Height in pixels. */
  height: number
  /** The container format sharp found: 'jpeg', 'png', 'webp', 'gif', ... */
  format: string
  /** What was converted to get RGB (grayscale, alpha dropped, CMYK, palette), or null. */
  converted: ImageConversion
}

/** One image that could not be used, and why. The batch goes on without it. */
export interface ImageError {
  /** Position of the image in the input list. */
  index: number
  /** The file path (or `#<index>` for in-memory bytes). */
  file: string
  /** What went wrong, e.g. `image: corrupt or unsupported file ...`. */
  error: string
  /** Set when the authors' image rule dropped it (the image itself may be fine): why. */
  dropped?: ImageDropReason
}

/** Options for `embedImages` and `classifyImages`. */
export interface ImageBatchOptions extends EmbedOptions, DecodeImageOptions {}

/** The result of embedding a list of images. */
export interface ImageEmbeddings extends Embeddings {
  /** Row of each input image in `data`, or -1 when the image failed (see `errors`). */
  rowOf: Int32Array
  /** Images that could not be decoded; they have no row. */
  errors: ImageError[]
  /** How many images were converted to RGB, by kind (grayscale, rgba, cmyk, ...). */
  converted: Record<string, number>
}

/** One ImageNet class as the label mapping needs it (a subset of src/imagenet's ImageNetClass). */
export interface ClassEntry {
  /** Classifier output index in sorted-wnid order (0..999). */
  index: number
  /** WordNet id, `n` + 8 digits. */
  wnid: string
  /** The synset's lemmas, first one is the class name. */
  lemmas: string[]
  /** The WordNet gloss without examples; needed only by the zero-shot classifier's synset texts. */
  definition?: string
}

/** One of the top-k classes of a prediction. */
export interface ClassScore {
  /** The class's WordNet id. */
  wnid: string
  /** The class's index in sorted-wnid order (0..999). */
  index: number
  /** Softmax probability over the 1000 classes (for zero-shot: over the synset texts). */
  score: number
}

/** A classifier's answer for one image. */
export interface Prediction {
  /** The image's file path (or `#<index>`). */
  file: string
  /** The k best classes, best first. */
  top5: ClassScore[]
}

/** Anything that turns decoded images into per-class scores over the 1000 ImageNet classes. */
export interface Classifier {
  /** The model spec it was loaded from. */
  id: string
  /** 'transformers' (image-classification model), 'onnx' (raw file), 'zero-shot' (CLIP vs synset texts). */
  kind: 'transformers' | 'onnx' | 'zero-shot'
  /** The class table, in output order of `scores`. */
  classes: ClassEntry[]
  /**
   * Returns one row of 1000 logits per image (classes in `classes` order); a class the model cannot
   * predict gets -Infinity.
   */
  logits(images: DecodedImage[]): Promise<Float32Array[]>
  /** The model's preprocessing alone: pixel values [n, 3, H, W] (to compare with reference preprocessing). */
  preprocess?(images: DecodedImage[]): Promise<{ data: Float32Array, dims: number[] }>
  /** The model alone on given pixel values [n, 3, H, W]: one row of class logits per image, as `logits`. */
  logitsFromPixels?(data: Float32Array, dims: number[]): Promise<Float32Array[]>
  /** Frees the onnxruntime sessions. */
  dispose(): Promise<void>
  /** How the model ran and on which CPU (CPU-dependent numbers must carry it). */
  runtime?: ClassifierRuntime
}

/** Which arithmetic a model ran: 'float', 'float-rewrite' (an int8 model rewritten to float), 'int8' (int8 kernels). */
export type OnnxPath = 'float' | 'float-rewrite' | 'int8'

/** How a classifier runs: its path, the file onnxruntime loaded, and the CPU. */
export interface ClassifierRuntime {
  /** 'float', 'float-rewrite' or 'int8' (only 'int8' depends on VNNI). */
  path: OnnxPath
  /** One line: what runs, on which CPU. */
  note: string
  /** The CPU model and the flags that change kernels (avx2, avx512f, vnni). */
  cpu: CpuFeatures
}

/** Declared preprocessing for a raw ONNX classifier (torchvision style). */
export interface OnnxPreprocess {
  /** Resize so the shorter side has this many pixels. Default: 256. */
  resize?: number
  /** Centre crop to this square size. Default: 224. */
  crop?: number
  /** Per-channel mean in [0,1] units. Default: ImageNet [0.485, 0.456, 0.406]. */
  mean?: [number, number, number]
  /** Per-channel std in [0,1] units. Default: ImageNet [0.229, 0.224, 0.225]. */
  std?: [number, number, number]
  /** Resampling kernel of the resize. Default: 'linear' (torchvision's bilinear). */
  kernel?: 'nearest' | 'linear' | 'cubic' | 'lanczos3'
}

/** Options for `loadClassifier`. */
export interface LoadClassifierOptions extends LoadModelOptions {
  /** The 1000 ImageNet classes in sorted-wnid order. Default: `loadImageNetClasses()`. */
  classes?: ClassEntry[]
  /** Preprocessing of a raw .onnx file. Default: resize 256, centre crop 224, ImageNet mean/std. */
  preprocess?: OnnxPreprocess
  /**
   * Run a quantized raw .onnx model on onnxruntime's int8 kernels as it is, instead of its float rewrite (which
   * gives the same result on every CPU). Without VNNI the int8 kernels lose accuracy (a warning says how much).
   * Default: false.
   */
  int8Kernels?: boolean
  /** Where a warning goes (int8 kernels on a CPU without VNNI). Default: stderr, once per process and message. */
  onWarning?: (message: string) => void
}

/** Options for `classifyImages`. */
export interface ClassifyOptions extends DecodeImageOptions {
  /** Images per model call. Default: 16. */
  batchSize?: number
  /** How many classes to return per image. Default: 5. */
  topK?: number
  /** Called after each model call with the number of images it classified. */
  onBatch?: (count: number) => void
}

/** The result of classifying a list of image files. */
export interface Classification {
  /** One prediction per input, in input order; null for an image that failed (see `errors`). */
  predictions: (Prediction | null)[]
  /** Images that could not be decoded. */
  errors: ImageError[]
  /** How many images were converted to RGB, by kind. */
  converted: Record<string, number>
}
