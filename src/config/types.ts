import type { Tier } from '../tier.js'

/** CLIP image embeddings of one dataset on disk, for intra-class similarity without recomputing them
 * (`loadLabelledEmbeddings(source.file, source.labels)`). */
export interface EmbeddingSource {
  /** A .npy of shape [N, D] (float16/32/64), one row per image. */
  file: string
  /** Labels: a .json array with one wnid per row (read by loadLabelledEmbeddings in src/metrics). */
  labels: string
}

/** Paths of the data a full-scale run reads. Relative paths resolve against the config file's folder. */
export interface DataSources {
  /** LAION-400M metadata parquet files, as paths or globs (`*`, `?`, `**`). Default: [] (the 10,000-row real sample). */
  laionParquet: string[]
  /** A built LAIONet (parquet/CSV/JSON lines with URL, TEXT and the class), e.g. for `laionet download`. Default: null. */
  laionetBuild: string | null
  /** The authors' released LAIONet parquet (URL, TEXT, name_def_wnid, wnid_is_in_recognized_text, SAMPLE_ID, HEIGHT, WIDTH,
   * LICENSE, NSFW, similarity, text_to_name_def_wnid_similarity_<encoder>, recognized_text, top_{1,5}_is_correct_<model>):
   * gives tier `released` to the LAIONet side of Fig. 1, Fig. 4, Fig. 5, App. F and the OCR share. Default: null. */
  laionetReleased: string | null
  /** The folder `laionet download` filled with LAIONet's images (WebDataset shards). Default: null. */
  laionetImages: string | null
  /** ImageNet validation: the flat folder of ILSVRC2012_val_*.JPEG and the devkit folder. Default: nulls. */
  imagenetVal: { folder: string | null, devkit: string | null }
  /** ImageNetV2's three test sets in the "format-val" layout (class-index subfolders). Default: nulls. */
  imagenetV2: { matchedFrequency: string | null, threshold07: string | null, topImages: string | null }
  /** ImageNet-Captions (Fang et al.): a JSON or JSON-lines file of captions for ImageNet training images. Default: null. */
  imagenetCaptions: string | null
  /** Precomputed CLIP image embeddings per dataset. Default: {} (none). */
  embeddings: Partial<Record<EmbeddingDataset, EmbeddingSource>>
  /**
   * The authors' full label file of LAIONet, `wnid2laionindices(subset_sm_filt(text_to_name_def_wnid_similarity_
   * clip-vit-base-patch32)).pkl`: a pickle (protocol 4) of `{wnid: [global LAION index, ...]}` (index = part * 1e8 +
   * row) over all of LAIONet. Gives tier `released` to Fig. 4's class frequencies and Fig. 5's weights, and the
   * authors' order to the first-100 per class of Fig. 6. Default: null.
   */
  laionetLabels: string | null
  /**
   * The lemma-matched LAION pool's images, downloaded by `laionet download --input <build>/candidates.parquet` (each
   * sample's `row` is its candidate): image-link embeds them with the configured CLIP (through the embedding cache)
   * when `sources.embeddings.laionPool` is not given. Default: null.
   */
  laionPoolImages: string | null
  /**
   * A LAIONet built with the MPNet text encoder (`laionet build --text-encoder mpnet`, Appendix A): its laionet.parquet
   * or its folder. The construction experiment reports Appendix A's size and classes from it. Default: null.
   */
  laionetMpnetBuild: string | null
  /**
   * ImageNetV2's per-image MTurk selection frequencies: a JSON object `{ image id: { wnid: fraction selected } }`, the
   * `MTurkData.image_fraction_selected` dict of ImageNetV2's code/mturk_data.py (not distributed with the test sets).
   * Fig. 7's three mean selection frequencies are computed from it over the test sets' image lists. Default: null.
   */
  imagenetV2SelectionFrequencies: string | null
  /**
   * The LAION images of Fig. 9: `laionet download --input <outDir>/imagenet-captions/nearest-laion.parquet` (the file
   * the imagenet-captions experiment writes: per class the first 100 distinct LAION rows nearest to its ImageNet-Captions
   * captions; each sample's `row` is a row of that file). Default: null.
   */
  nearestLaionImages: string | null
  /**
   * ImageNet-Captions' training images (Fig. 9's ImageNet side, the authors' ILSVRC2012_img_train_selected): the
   * ILSVRC-2012 training files named as in imagenet_captions.json, flat (`<folder>/<filename>`) or by class
   * (`<folder>/<wnid>/<filename>`); embedded with models.clip through the embedding cache when
   * `sources.embeddings.imagenetCaptionsTrain` is not given. Default: null.
   */
  imagenetCaptionsImages: string | null
}

/** The text encoders a build can filter with (`laionet build --text-encoder`): CLIP (models.clip) or MPNet (Appendix A). */
export type TextEncoderName = 'clip' | 'mpnet'

/** The other image encoders of Fig. 6's robustness check and TMLR Sec. 4.2 (the authors' core/image_encoders.py). */
export type ImageEncoderName = 'vit' | 'convnext' | 'beit'

/** Datasets whose image embeddings can be supplied. */
export type EmbeddingDataset = 'laionet' | 'imagenetVal' | 'imagenetV2MatchedFrequency' | 'imagenetV2Threshold07' | 'imagenetV2TopImages' | 'laionPool' | 'imagenetCaptionsTrain'

/** The models a run uses. */
export interface ModelChoice {
  /** CLIP model: a Hugging Face id or a local folder in the transformers.js layout. Default: 'Xenova/clip-vit-base-patch32'. */
  clip: string
  /** ImageNet classifiers: Hugging Face ids, local model folders or .onnx files. Default: [] (the released per-image results). */
  classifiers: string[]
  /** Let transformers.js download models from the hub (needs a network). Default: false. */
  allowRemoteModels: boolean
  /** The model hub to download from (transformers.js `env.remoteHost`), ending in '/'. Default: 'https://huggingface.co/' (or LAIONET_REMOTE_HOST). */
  remoteHost: string
  /**
   * Text encoders besides CLIP, by name: `mpnet` is all-mpnet-base-v2 in the sentence-transformers layout (an ONNX
   * export such as Xenova/all-mpnet-base-v2, or a local folder), filtered at 0.58 (Appendix A).
   * Default: { mpnet: 'Xenova/all-mpnet-base-v2' }.
   */
  textEncoders: Partial<Record<Exclude<TextEncoderName, 'clip'>, string>>
  /**
   * Image encoders besides CLIP for Fig. 6's per-encoder shares, by family: ONNX exports (folder or hub id) of
   * google/vit-base-patch16-224 (`vit`), facebook/convnext-base-224-22k-1k (`convnext`) and
   * microsoft/beit-base-patch16-224 (`beit`) with a pooler_output. Default: {} (none).
   */
  imageEncoders: Partial<Record<ImageEncoderName, string>>
}

/** Size and resource limits. */
export interface Limits {
  /** LAION rows read at most (null = all). Default: null. */
  maxLaionRows: number | null
  /** LAIONet images per class for intra-class similarity (the paper's first 100). Default: 100. */
  laionetPerClass: number
  /** Matching threads of `laionet match` (this one included; capped at the cores and row groups). Default: 2. */
  workers: number
  /** Image download settings. */
  download: { concurrency: number, timeoutMs: number, maxSide: number, maxBytes: number, maxPixels: number }
}

/** How the experiments treat data where the authors' method and ours differ. */
export interface Methods {
  /**
   * Which images the experiments that decode images keep (accuracy, intra-class, cross-modal, image-link):
   * `authors` drops what the authors dropped (downloaded images: their verify_image, i.e. PIL mode RGB, an area of at
   * least 10*10 pixels and a PNG whose chunks pass their CRCs; local folders: PIL mode RGB only), counted per reason;
   * `convert` is our deviation: grayscale, CMYK, palette and alpha images are converted to RGB and kept.
   * Default: 'authors'.
   */
  imageRule: 'authors' | 'convert'
}

/** The resolved configuration: every key present, paths absolute. */
export interface LaionetConfig {
  /** The file it was read from, or null for the built-in defaults. */
  file: string | null
  /** Output folder for results, figures and the report. Default: 'out' (or LAIONET_OUT). */
  outDir: string
  /** Cache for downloaded and derived files. Default: 'data/cache' (or LAIONET_CACHE). */
  cacheDir: string
  /** A local mirror (folder) of the small data files, used as LAIONET_DATA_MIRROR. Default: null. */
  dataMirror: string | null
  sources: DataSources
  models: ModelChoice
  limits: Limits
  methods: Methods
}

/** Where one experiment's results will come from under a configuration. */
export interface ExperimentTier {
  /** Stable id of the part, e.g. 'intra-class' or 'accuracy-laionet'. */
  experiment: string
  /** The experiment of src/experiments (and `laionet experiment <name>`) that computes it. */
  runner: string
  /** The paper's figure or section. */
  paper: string
  /** The strongest tier available. */
  tier: Tier
  /** Why, in one sentence. */
  reason: string
  /** What to configure for a stronger tier, when there is one. */
  upgrade: string | null
  /** The configured files, folders and models it reads (empty for built-in data and the simulated world). */
  source: string[]
}
