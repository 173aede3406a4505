/**
 * Which text of the study a number is quoted from. Figure numbers are the ICLR version's unless `figure` says
 * otherwise.
 * - `ICLR`: the ICLR 2024 submission (arXiv 2306.15769 v1/v2), the figure numbering ../shared/PAPER.md uses;
 * - `TMLR`: the TMLR 2025 version (adds Section 4.2, the image link, and the per-encoder shares);
 * - `code`: the authors' repository `alishiraliGit/eval-on-laion` (a constant or behaviour of their scripts);
 */
export type PaperVersion = 'ICLR' | 'TMLR' | 'code'

/** Units of the registry's numbers. Percentages are stored as the paper prints them (57.6, not 0.576). */
export type PaperUnit =
  | 'captions' | 'samples' | 'classes' | 'lemmas' | 'models' | 'images' | 'pairs'
  | '%' | 'points' | 'similarity' | 'threshold' | 'frequency' | 'count'

/** Where in the study a number is stated. */
export interface PaperSource {
  /** Section or appendix, e.g. `Section 2`, `Appendix B`, `scripts/createdataset/skim_subset_laion.py`. */
  section: string
  /** Figure or table it is read from, when any, e.g. `Fig. 3`. */
  figure?: string
  /** Which version of the text (or the code) states it. */
  version: PaperVersion
}

/** One number of the paper, quoted once. */
export interface PaperQuote {
  /** What the number measures, in words a report can print (names the population: which filters, which set). */
  quantity: string
  /** The number as the paper states it, in `unit`. */
  value: number
  /** Unit of `value`; `%` values are percentages (0-100). */
  unit: PaperUnit
  /** Where it is stated. */
  source: PaperSource
  /** True when the number is read off a figure or stated as "about"/"almost". Default: false. */
  approximate?: boolean
  /** Anything a reader needs to compare it fairly (what differs from a similarly named number). */
  note?: string
}
