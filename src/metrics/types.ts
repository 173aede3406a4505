/** A row-major n x d matrix of embeddings (rows usually L2-normalised), as read from a .npy file. */
export type Matrix = Float32Array | Float64Array

/** Mean and spread of the cosine similarity over all distinct pairs of one class's images. */
export interface IntraClassStats {
  /** Number of images (rows). */
  n: number
  /** Number of distinct pairs, n (n - 1) / 2. */
  pairs: number
  /** Mean pair similarity; NaN when there is no pair (n < 2). */
  mean: number
  /** Population variance of the pair similarities (divided by #pairs, as numpy's std); NaN when n < 2. */
  var: number
  /**
   * Jackknife-over-images standard error of `mean`: accounts for pairs that share an image. NaN when n < 3
   * (leaving one image out must leave at least one pair).
   */
  se: number
}

/** Options of {@link intraClassStats}. */
export interface IntraClassOptions {
  /**
   * How the sum of squared pair similarities is computed; both are exact in float64.
   * `gram`: ||X^T X||_F^2, O(n d^2) time, O(d^2) memory; `pairs`: dot products pair by pair on the fly,
   * O(n^2 d) time, O(1) memory (no n x n matrix either); `auto` picks the cheaper (`pairs` when n < d).
   * Default: 'auto'.
   */
  method?: 'auto' | 'gram' | 'pairs'
}

/** Options of {@link intraClassStatsAsync}. */
export interface IntraClassAsyncOptions extends IntraClassOptions {
  /**
   * Who computes the float64 Gram: 'onnx' (onnxruntime's double Gemm, all cores), 'js' (the register-tiled loop of
   * {@link intraClassStats}), 'auto' (onnx when n d^2 >= 1e7 and n >= d, else js). Default: 'auto'.
   */
  engine?: 'auto' | 'onnx' | 'js'
  /** onnxruntime intra-op threads. Default: undefined (onnxruntime's choice: all cores). */
  threads?: number
  /** Rows per onnxruntime call (the chunks' Grams add up). Default: 2^22 / d (a 32 MiB float64 chunk). */
  chunkRows?: number
}

/** Options of {@link intraClassByLabel} and {@link pooledPairSample}. */
export interface GroupOptions {
  /** Keep only the first `maxPerClass` rows of each label, in row order (the paper: first 100 LAIONet images). Default: all. */
  maxPerClass?: number
}

/** Options of pair sampling. */
export interface PairSampleOptions {
  /** Seed of the random stream. Default: 0. */
  seed?: number
  /** Pairs drawn per class: min(#pairs, perClass), uniformly with replacement. Default: 100 (the paper). */
  perClass?: number
  /** Pool only these classes (e.g. the classes two sets share, as the authors do for Fig. 6). Default: every class. */
  classes?: Iterable<string>
}

/** A per-class verdict of a two-sided 95% test on mean(a) - mean(b). */
export type Verdict = 'lower' | 'higher' | 'none'

/** One test of one class's difference: its half-width and verdict. */
export interface TestResult {
  /** Half-width of the confidence interval of delta. */
  halfWidth: number
  /** 'lower' when delta + halfWidth < 0, 'higher' when delta - halfWidth > 0, else 'none'. */
  verdict: Verdict
}

/** The comparison of one class between dataset a and dataset b. */
export interface ClassComparison {
  /** The class key (a wnid). */
  key: string
  /** Statistics of the class in dataset a. */
  a: IntraClassStats
  /** Statistics of the class in dataset b. */
  b: IntraClassStats
  /** mean(a) - mean(b). */
  delta: number
  /** The paper's test: half-width 1.96 sqrt(var / (pairs - 1)) per side, pairs treated as independent. */
  paper: TestResult
  /** The corrected test: half-width 1.96 sqrt(se_a^2 + se_b^2) with jackknife-over-images standard errors. */
  corrected: TestResult
}

/** How many compared classes each test calls significantly lower or higher. */
export interface TestSummary {
  /** Classes where a is significantly lower than b. */
  lower: number
  /** Classes where a is significantly higher than b. */
  higher: number
  /** lower / compared (0 when nothing was compared). */
  lowerShare: number
  /** higher / compared (0 when nothing was compared). */
  higherShare: number
}

/** The per-class comparison of two datasets' intra-class similarity. */
export interface IntraClassComparison {
  /** The compared classes, sorted by key. */
  classes: ClassComparison[]
  /** Number of compared classes (present in both with at least `minPairs` pairs). */
  compared: number
  /** Keys present in only one dataset or with too few pairs, sorted. */
  skipped: string[]
  /** Summary of the paper's test. */
  paper: TestSummary
  /** Summary of the corrected test. */
  corrected: TestSummary
  /**
   * No test at all: classes whose mean is lower (delta < 0) or higher (delta > 0). The ICLR text's "almost
   * two-thirds" and the class shares of TMLR Section 4.2 are this plain comparison of per-class means.
   */
  plain: TestSummary
  /** Keys where the two tests' verdicts differ, sorted. */
  disagreements: string[]
}

/** Options of {@link compareIntraClass}. */
export interface CompareOptions {
  /** Compare a class only when both sides have at least this many pairs. Default: 7 (the paper). */
  minPairs?: number
  /** The normal quantile of the interval. Default: 1.96 (95%). */
  z?: number
}

// ---- accuracy ----

/** A two-sided confidence interval of a proportion. */
export interface Interval {
  /** Lower end, in [0, 1]. */
  lower: number
  /** Upper end, in [0, 1]. */
  upper: number
}

/** One class's recall (top-k accuracy over its images) with its Wilson interval. */
export interface ClassRecall {
  /** The class key (a wnid). */
  key: string
  /** Images of the class with a prediction. */
  n: number
  /** Of those, correctly classified. */
  correct: number
  /** correct / n. */
  recall: number
  /** Lower end of the Wilson interval. */
  lower: number
  /** Upper end of the Wilson interval. */
  upper: number
  /** (upper - lower) / (2 z): the paper's per-class standard error. */
  se: number
}

/** Per-class recalls of one model on one dataset. */
export interface RecallTable {
  /** One entry per class with at least one predicted image, sorted by key. */
  classes: ClassRecall[]
  /** Images with a prediction (counted in `classes`). */
  images: number
  /** Correct images among them. */
  correct: number
  /** Images left out because they have no prediction (null or undefined, e.g. a non-RGB image). */
  missing: number
}

/** A class-weighted accuracy with the paper's combined standard error. */
export interface AccuracyEstimate {
  /** sum(w recall) / sum(w), a fraction. */
  accuracy: number
  /** sqrt(sum((w se)^2)) / sum(w): the paper's combination of the per-class Wilson errors. */
  se: number
  /** z * se: the half-width of the 95% error bar. */
  halfWidth: number
  /** Number of classes that entered the mean (present with a positive weight). */
  classes: number
}

/** Options of the accuracy functions. */
export interface AccuracyOptions {
  /** The normal quantile of the error bars and the divisor that turns an interval's width into an SE. Default: 1.96 (95%). */
  z?: number
  /** The normal quantile of the per-class Wilson intervals. Default: statsmodels' for alpha 0.05, 1.959963984540054. */
  intervalZ?: number
}

/** Per-class weights keyed by class (e.g. LAIONet class frequencies); need not sum to 1. */
export type ClassWeights = Map<string, number> | Record<string, number>

// ---- released results ----

/** One parquet row group as streamed by the io layer's `parquetRowGroups`. */
export interface RowGroupChunk {
  /** Index of the group's first row in the file. */
  rowStart: number
  /** Rows in the group. */
  rows: number
  /** The requested columns' values, one array per column. */
  columns: Record<string, unknown[]>
}

/** One model's accuracy on the paper's released ImageNet-validation results. */
export interface ModelAccuracy {
  /** The model name as in the parquet's column names, e.g. `resnet-50` or `clip-vit-base-patch32`. */
  model: string
  /** Top-1 accuracy over images with a prediction, a fraction. */
  top1: number
  /** Top-5 accuracy over images with a prediction, a fraction. */
  top5: number
  /** Equi-weighted top-1 accuracy (mean per-class recall) with the paper's Wilson-combined error. */
  top1PerClass: AccuracyEstimate
  /** Equi-weighted top-5 accuracy with the paper's Wilson-combined error. */
  top5PerClass: AccuracyEstimate
  /** Equi-weighted top-1 over every class with a prediction (1000 on ImageNet validation), whatever `classes` restricts. */
  top1PerClassAll: AccuracyEstimate
  /** Equi-weighted top-5 over every class with a prediction. */
  top5PerClassAll: AccuracyEstimate
  /** Classes with at least one predicted image (all of them, before any `classes` restriction). */
  classes: number
  /** Images with a prediction. */
  images: number
  /** Images without a prediction (null in the parquet), left out. */
  missing: number
  /** Per-class top-1 recalls (for class-weighted accuracies such as Fig. 5). */
  top1Table: RecallTable
  /** Per-class top-5 recalls. */
  top5Table: RecallTable
}

/** A validation image whose devkit label disagrees with the synset text the paper stored beside it. */
export interface LabelMismatch {
  /** Validation image number, 1..50000. */
  image: number
  /** The devkit's wnid. */
  devkit: string
  /** The wnid whose synset text the parquet's `name_def_wnid` holds, or null when no class has that text. */
  parquet: string | null
}

/** Accuracy of every model in the paper's released results, and the label cross-check. */
export interface PaperValidationAccuracy {
  /** One entry per model, in the parquet's column order. */
  models: ModelAccuracy[]
  /** Rows (images) in the parquet. */
  rows: number
  /** Rows whose `name_def_wnid` was compared with the devkit label (0 without class texts). */
  checked: number
  /** Rows where the devkit label and `name_def_wnid` disagree. */
  mismatches: LabelMismatch[]
}

/** Options of {@link paperValidationAccuracy}. */
export interface PaperValidationOptions extends AccuracyOptions {
  /** The 50,000 validation wnids by image number - 1. Default: `await loadValidationLabels()`. */
  labels?: readonly string[]
  /** Synset text -> wnid, to cross-check `name_def_wnid`. Default: built from `loadImageNetClasses()` and `synsetText`. Pass an empty Map to skip. */
  synsetWnids?: ReadonlyMap<string, string>
  /** Only these models (parquet names). Default: all 29 classifiers and CLIP zero-shot. */
  models?: readonly string[]
  /**
   * Average the per-class recalls over these classes only (those present in validation), as the authors do with
   * the keys of LAIONet's label dictionary (977 of the released pickles' 978 keys are ImageNet classes).
   * `top1PerClass`/`top5PerClass` are then over these; `top1PerClassAll`/`top5PerClassAll` stay over every class.
   * Default: every class.
   */
  classes?: Iterable<string>
}

/** One model's accuracy on one ImageNetV2 test set (or ImageNet validation). */
export interface ImageNetV2Accuracy {
  /** Dataset name as in ImageNetV2's files, e.g. `imagenetv2-b-33`. */
  dataset: string
  /** Model name, e.g. `resnet50`. */
  model: string
  /** Top-1 accuracy over the images, a fraction. */
  top1: number
  /** Top-5 accuracy, a fraction. */
  top5: number
  /** Images in the dataset. */
  images: number
}

/** Options of {@link loadImageNetV2Accuracy}. */
export interface ImageNetV2Options {
  /** The class wnids in classifier (sorted-wnid) order. Default: from `loadImageNetClasses()`. */
  wnids?: readonly string[]
  /** Only these datasets. Default: every `datasets/*.json` with a predictions folder. */
  datasets?: readonly string[]
  /** Only these models. Default: every `.npy` in each dataset's predictions folder. */
  models?: readonly string[]
}
