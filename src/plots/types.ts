import type { Tier } from '../tier.js'

/**
 * One plotly trace, as plain JSON (`{ type: 'scatter', x, y, ... }`). Kept loose on purpose: the specs are
 * data, written to out/figures/<id>.json and rendered by plotly.js, and plotly's own types need a newer
 * TypeScript than the notebook kernel's 5.0.
 */
export interface PlotlyTrace {
  /** Trace type, e.g. `scatter`, `bar`, `histogram`. Default (plotly): `scatter`. */
  type?: string
  /** Legend entry. */
  name?: string
  [key: string]: unknown
}

/** Plotly layout JSON (`{ title, xaxis, yaxis, annotations, shapes, ... }`). */
export interface PlotlyLayout {
  /** Figure title; `{ text }` as plotly expects. */
  title?: { text: string, [key: string]: unknown }
  [key: string]: unknown
}

/** A complete figure spec: what every builder returns and what `showFigure` / `renderFigures` take. */
export interface PlotlyFigure {
  /** The traces, drawn in order. */
  data: PlotlyTrace[]
  /** Axes, title, annotations, shapes. */
  layout: PlotlyLayout
  /** Plotly config (e.g. `{ responsive: true }`). Default: none. */
  config?: Record<string, unknown>
}

/** Options shared by every figure builder. */
export interface FigureOptions {
  /** Replaces the paper's title. The tier is appended either way. Default: the paper's figure title. */
  title?: string
  /** Fixed figure width in px. Default: none, the figure autosizes to its container (the static render draws it 900 px wide). */
  width?: number
  /** Figure height in px. Default: per figure, 400 to 450. */
  height?: number
}

/** Every builder input names where its numbers came from; the figure shows it ("tier: simulated"). */
export interface TieredInput {
  /** Where the numbers came from (src/tier.ts). */
  tier: Tier
  /** A short remark shown under the tier, e.g. `10,000-row LAION sample`. Default: none. */
  note?: string
}

/** A set of raw values drawn as one histogram. */
export interface HistogramSeries {
  /** Legend name, e.g. `LAIONet` or `ImageNet`. */
  name: string
  /** The values (e.g. cosine similarities in [-1, 1]). */
  values: ArrayLike<number>
}

/** One class's difference between two datasets with its interval (Fig. 6b, 9b, D). */
export interface ClassDifferenceRow {
  /** The class's WordNet id, e.g. `n02102040`. */
  wnid: string
  /** Readable class name for hover text. Default: the wnid. */
  name?: string
  /** The difference, e.g. mean intra-class similarity of LAIONet minus ImageNet's. */
  delta: number
  /** Lower end of the interval around `delta` (the paper's: delta - 1.96-based half-width). */
  low: number
  /** Upper end of the interval around `delta`. */
  high: number
}

/** One test's per-class differences (Fig. 6b draws the paper's test and the corrected test side by side). */
export interface ClassDifferenceSeries {
  /** Name of the test, e.g. `paper (pairs independent)` or `corrected (image bootstrap)`. */
  name: string
  /** One row per class; the builder sorts them by delta. */
  rows: ClassDifferenceRow[]
}

// ---- Fig. 1 and Fig. 5: accuracy ----

/** One model's equi-weighted accuracy on ImageNet validation and on LAIONet (Fig. 1). */
export interface AccuracyRow {
  /** Model name, e.g. `ResNet-50`. */
  model: string
  /** Model group (colour), e.g. `ImageNet-1k`, `ImageNet-22k pre-trained`, `CLIP zero-shot`. */
  group: string
  /** Top-k: 1 or 5. */
  k: 1 | 5
  /** Equi-weighted accuracy on ImageNet validation, a fraction in [0, 1]. */
  imagenet: number
  /** Half-width of its error bar, a fraction (the accuracy experiment gives the authors' 1 SE here). Default: no error bar. */
  imagenetHalfWidth?: number
  /** Equi-weighted accuracy on LAIONet, a fraction in [0, 1]. */
  laionet: number
  /** Half-width of its error bar, a fraction (the accuracy experiment gives the authors' 1.96 SE here). Default: no error bar. */
  laionetHalfWidth?: number
}

/** Input of Fig. 1: ImageNet vs LAIONet accuracy, top-1 and top-5 panels. */
export interface Fig1AccuracyInput extends TieredInput {
  rows: AccuracyRow[]
}

/** One model's LAIONet accuracy with two class weightings (Fig. 5). */
export interface WeightedAccuracyRow {
  /** Model name. */
  model: string
  /** Model group, as in Fig. 1. */
  group: string
  /** Top-k: 1 or 5. */
  k: 1 | 5
  /** Equi-weighted accuracy on ImageNet validation, a fraction (the x axis). */
  imagenet: number
  /** Equi-weighted accuracy on LAIONet (mean per-class recall), a fraction. */
  equiWeighted: number
  /** LAION-weighted accuracy on LAIONet (classes weighted by LAIONet frequency), a fraction. */
  laionWeighted: number
}

/** Input of Fig. 5: LAION-weighted vs equi-weighted accuracy on LAIONet against ImageNet accuracy. */
export interface Fig5LaionWeightedInput extends TieredInput {
  rows: WeightedAccuracyRow[]
}

// ---- Fig. 3 and Fig. 4: building LAIONet ----

/** LAIONet's size at one text-to-synset similarity threshold (Fig. 3). */
export interface ThresholdRow {
  /** Similarity threshold, e.g. 0.82. */
  threshold: number
  /** Classes with at least one sample. */
  classes: number
  /** Samples kept. */
  samples: number
}

/** Input of Fig. 3: a classes covered, b dataset size, c sorted per-class counts, vs the threshold. */
export interface Fig3ThresholdInput extends TieredInput {
  /** One row per threshold of the sweep (0.5..0.9 in the paper). */
  rows: ThresholdRow[]
  /** The threshold chosen, marked by a vertical line. Default: 0.82. */
  chosen?: number
  /** Panel c: per-class sample counts at a few thresholds (any order; sorted descending). Default: panel c empty. */
  perClass?: { threshold: number, counts: ArrayLike<number> }[]
}

/** One class's frequency in LAIONet (Fig. 4). */
export interface ClassFrequencyRow {
  /** WordNet id. */
  wnid: string
  /** Readable name, e.g. `web site`. */
  name: string
  /** Samples of this class. */
  count: number
}

/** Input of Fig. 4: the long tail of LAIONet's class frequencies. */
export interface Fig4ClassFrequencyInput extends TieredInput {
  rows: ClassFrequencyRow[]
  /** How many of the most frequent classes get a name label. Default: 5. */
  labelTop?: number
}

// ---- Fig. 6, 9, Appendix D: similarity distributions and per-class tests ----

/** Input of Fig. 6: a pooled intra-class similarity histograms, b sorted per-class differences. */
export interface Fig6IntraClassInput extends TieredInput {
  /** Panel a: pooled pair similarities per dataset (paper: min(#pairs, 100) per class). */
  histograms: HistogramSeries[]
  /** Panel b: one series per test (the paper's CI and a corrected one), differences LAIONet - ImageNet. */
  differences: ClassDifferenceSeries[]
}

/** Input of Fig. 9: a similarity of each ImageNet caption to its nearest LAION caption, b per-class differences. */
export interface Fig9Input extends TieredInput {
  /** Panel a: nearest-LAION-caption similarity per ImageNet-Captions caption. */
  nearestSimilarities: ArrayLike<number>
  /** The keep threshold, drawn as a line. Default: 0.7. */
  threshold?: number
  /** Panel b: per-class intra-class similarity, LAION-selected-by-ImageNet-text minus ImageNet. */
  differences: ClassDifferenceSeries[]
}

/** Input of Appendix D: CLIP image-to-synset-text similarity on LAIONet vs ImageNet. */
export interface AppDCrossModalInput extends TieredInput {
  /** Panel a: image-to-synset similarity per image, one series per dataset. */
  histograms: HistogramSeries[]
  /** Panel b: per-class differences of mean image-to-synset similarity, LAIONet - ImageNet. */
  differences: ClassDifferenceSeries[]
}

// ---- Fig. 7: ImageNetV2 ----

/** One ImageNetV2 version (or ImageNet itself) in Fig. 7. */
export interface SelectionFrequencyRow {
  /** Dataset name, e.g. `MatchedFrequency`, `Threshold0.7`, `TopImages`. */
  name: string
  /** Mean MTurk selection frequency (0.73, 0.85, 0.93 in the paper). */
  selectionFrequency: number
  /** Share of classes where LAIONet is significantly LESS similar (more diverse), a fraction. */
  lower: number
  /** Share of classes where LAIONet is significantly MORE similar, a fraction. */
  higher: number
  /** Mean intra-class similarity of this dataset. Default: panel b leaves it out. */
  meanIntraClass?: number
}

/** One model's accuracy on one ImageNetV2 version (Fig. 7c). */
export interface SelectionAccuracyRow {
  model: string
  /** Dataset name, matching a `SelectionFrequencyRow.name`. */
  dataset: string
  /** Top-1 accuracy, a fraction. */
  accuracy: number
}

/** Input of Fig. 7: a LAIONet-vs-version test outcome, b intra-class similarity, c accuracy, vs selection frequency. */
export interface Fig7ImageNetV2Input extends TieredInput {
  versions: SelectionFrequencyRow[]
  /** Panel c. Default: empty panel. */
  accuracy?: SelectionAccuracyRow[]
}

// ---- Fig. 8: ImageNet-Captions ----

/** Input of Fig. 8: a caption-to-synset similarity, b share of other classes closer than the caption's own. */
export interface Fig8TextSynsetInput extends TieredInput {
  /** Panel a: one similarity per caption (CLIP text, caption vs its own synset text). */
  similarities: ArrayLike<number>
  /** Panel b: per caption, the share of the other classes whose synset text is closer, a fraction in [0, 1]. */
  closerShares: ArrayLike<number>
  /** The cut-off reported in the text (95.7% below 5%). Default: 0.05. */
  cutoff?: number
}

// ---- Section 4.2: adding an image link to LAION ----

/** One equal-size dataset A..D of Section 4.2. */
export interface FrontierPoint {
  /** Label, `A` to `D`. */
  name: string
  /** Text-to-synset similarity threshold t. */
  textThreshold: number
  /** CLIP image-to-synset similarity threshold i. */
  imageThreshold: number
  /** Mean intra-class similarity of the dataset. */
  meanIntraClass: number
  /** Dataset size (about 535k in the paper). Default: not shown. */
  size?: number
}

/** Input of the Section 4.2 figure: a the (t, i) frontier at equal size, b mean intra-class similarity of A..D. */
export interface FrontierInput extends TieredInput {
  points: FrontierPoint[]
  /** The equal-size frontier as a curve of (t, i) pairs. Default: only the points. */
  frontier?: { textThreshold: number, imageThreshold: number }[]
  /** ImageNet validation's mean intra-class similarity, drawn as a line. Default: 0.703. */
  imagenetMean?: number
}

// ---- Appendix F ----

/** One class in Appendix F.1: recall against class frequency. */
export interface RecallFrequencyRow {
  wnid: string
  name?: string
  /** The class's LAIONet frequency (samples). */
  frequency: number
  /** Recall on LAIONet (mean over models or for one model), a fraction. */
  recall: number
}

/** One class in Appendix F.2: accuracy drop against intra-class similarity gap. */
export interface DropGapRow {
  wnid: string
  name?: string
  /** Intra-class similarity ImageNet minus LAIONet. */
  gap: number
  /** Accuracy ImageNet minus LAIONet, a fraction. */
  drop: number
}

/** One class in the authors' Appendix F.2 (their cell 49): a model's LAIONet recall against the similarity gap. */
export interface RecallGapRow {
  wnid: string
  name?: string
  /** Mean intra-class image similarity of LAIONet minus that of ImageNet-Captions (training images). */
  gap: number
  /** Top-1 recall of the class on LAIONet, a fraction. */
  recall: number
}

/** Input of Appendix F: F.1 recall vs class frequency, F.2 accuracy drop vs intra-class gap. */
export interface AppFInput extends TieredInput {
  recallFrequency: RecallFrequencyRow[]
  dropGap: DropGapRow[]
  /** The authors' F.2 instead of `dropGap` when given: LAIONet recall against the gap LAIONet - ImageNet-Captions. */
  recallGap?: RecallGapRow[]
  /** Quantile bins for the binned-mean line. Default: 10. */
  bins?: number
}

/** Options of `showFigure`. */
export interface ShowFigureOptions {
  /** Figure id, e.g. `fig1-accuracy`: also saves the spec to `<out>/figures/<id>.json`. Default: not saved. */
  id?: string
  /** Replaces the spec's title (text; escaped). Default: the spec's own title. */
  title?: string
  /** Render a PNG beside the interactive figure (headless Chromium; GitHub and nbviewer show it). Default: true. */
  png?: boolean
}

/** One value of a dial of the simulated world and the headline comparison there (what `sweepDial` returns). */
export interface DialSweepPoint {
  /** The dial's value. */
  value: number
  /** Mean intra-class similarity of the text-only (LAIONet-like) selection. */
  textOnly: number
  /** Mean intra-class similarity of the image-aware (ImageNet-like) selection. */
  imageAware: number
  /** Share of compared classes where text-only is significantly lower (paper's test). */
  lowerShare: number
  /** Share of compared classes where text-only is significantly higher (paper's test). */
  higherShare: number
}

/** One line of `lineFigure`. */
export interface LineSeries {
  /** Legend name. */
  name: string
  /** y values, one per x. */
  y: readonly number[]
}

/** Options of `dialFigure` and `lineFigure`. */
export interface LineFigureOptions extends FigureOptions {
  /** x-axis title. Default: the dial in words (dialFigure, dialSliderFigure) or none. */
  xTitle?: string
  /** y-axis title (lineFigure). Default: none. */
  yTitle?: string
  /** The tier shown in the title (lineFigure). Default: `simulated`. */
  tier?: string
}

/** One model's ImageNet-validation accuracy for Fig. 1 when only the paper's LAIONet range is known. */
export interface ImageNetSideRow {
  /** Model name. */
  model: string
  /** Model group, e.g. `ImageNet-1k`. */
  group: string
  /** Top-k: 1 or 5. */
  k: 1 | 5
  /** Equi-weighted accuracy on ImageNet validation, a fraction. */
  imagenet: number
  /** Half-width of its 95% interval, a fraction. Default: no error bar. */
  imagenetHalfWidth?: number
  /** Its standard error, a fraction (the error bar when the input's `errorBar` is `se`). Default: none. */
  imagenetSe?: number
  /** The same accuracy averaged over every class (e.g. all 1000), drawn as a second, hollow marker. Default: not drawn. */
  imagenetAll?: number
  /** Whether the quoted LAIONet drop applies to this model (the paper quotes CLIP zero-shot separately). Default: true. */
  dropApplies?: boolean
}

/** Fig. 1 with the ImageNet side recomputed and the LAIONet side as the paper's stated range of drops. */
export interface Fig1ImageNetSideInput extends TieredInput {
  rows: ImageNetSideRow[]
  /** The quoted drop on LAIONet, in accuracy points (paper: 5 to 12). */
  quotedDrop: { min: number, max: number }
  /** What the equi-weighted mean is over, named in the legend, e.g. `977 classes (authors)`. Default: not named. */
  averageOver?: string
  /** What the error bar is: `95%` (1.96 SE, `imagenetHalfWidth`) or `se` (one standard error, `imagenetSe`, as the authors plot). Default: `95%`. */
  errorBar?: '95%' | 'se'
  /** Legend name of the `imagenetAll` markers. Default: `over all classes`. */
  allLabel?: string
}

/** Fig. 7c alone: model accuracy on each ImageNetV2 version against its mean selection frequency. */
export interface Fig7AccuracyInput extends TieredInput {
  /** The versions and their mean selection frequency (0.73, 0.85, 0.93). */
  versions: { name: string, selectionFrequency: number }[]
  /** One row per model and version. */
  accuracy: SelectionAccuracyRow[]
}
