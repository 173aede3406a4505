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
