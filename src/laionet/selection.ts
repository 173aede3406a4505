import { paperValue } from '../paper/registry.js'

/** A caption that matched exactly one class (after resolution), with its text similarity. */
export interface ScoredCaption {
  /** Global row index. */
  row: number
  /** The class. */
  wnid: string
  /** Cosine similarity of the caption and the class's synset text. */
  similarity: number
  /** False when the NSFW column exists and is not "UNLIKELY" (the paper keeps only "UNLIKELY"). */
  nsfwOk: boolean
}

/**
 * Returns the captions the paper keeps: similarity strictly above `threshold` and NSFW "UNLIKELY" (or no
 * NSFW column), in row order.
 * @example selectByThreshold(scored, 0.82).length
 */
export function selectByThreshold<T extends ScoredCaption>(scored: readonly T[], threshold: number): T[] {
  return scored.filter((c) => c.nsfwOk && c.similarity > threshold).sort((a, b) => a.row - b.row)
}

/** Options of {@link selectTopK}. */
export interface TopKOptions {
  /**
   * `authors` (default): the `k` most similar of LAIONet itself, after the similarity > `threshold` filter, the
   * NSFW filter and the OCR drop (`ocrDropped`), as the authors' scripts/createdataset/skim_subset_laion.py does
   * (the multi-class drop happened before scoring). `candidates` (ours): the `k` most similar of every scored
   * single-class candidate, NSFW-filtered, with no threshold: it fills classes the threshold leaves short.
   */
  method?: 'authors' | 'candidates'
  /** The LAIONet threshold of the `authors` method (kept: similarity > threshold). Default: 0.82. */
  threshold?: number
  /** Rows the OCR filter dropped (their image shows the class name); `authors` method only. Default: none. */
  ocrDropped?: ReadonlySet<number>
}

/**
 * Returns the Appendix B variant: per class, the `k` most similar captions, in row order. By default the
 * authors' way: of LAIONet after all its filters; a class with fewer than `k` keeps them all. Ties are broken by
 * row (the authors' `np.argsort` leaves ties in an unspecified order).
 * @param scored the single-class captions with similarities
 * @param k captions kept per class (50 in the paper)
 * @param options method (`authors` default, or `candidates`), threshold (default 0.82), ocrDropped
 * @example selectTopK(scored, 50).length // 39,006 on all of LAION-400M (Appendix B)
 */
export function selectTopK<T extends ScoredCaption>(scored: readonly T[], k: number, options: TopKOptions = {}): T[] {
  const { method = 'authors', threshold = paperValue('construction.threshold'), ocrDropped } = options
  if (!Number.isInteger(k) || k < 1) throw new Error(`top-k: k must be a positive integer, got ${k}`)
  if (method !== 'authors' && method !== 'candidates') throw new Error(`top-k: method ${JSON.stringify(method)} (expected 'authors' or 'candidates')`)
  if (method === 'authors' && !(threshold >= -1 && threshold <= 1)) throw new Error(`top-k: threshold ${threshold} (expected a cosine similarity in [-1, 1])`)
  const byClass = new Map<string, T[]>()
  for (const c of scored) {
    if (!c.nsfwOk) continue
    if (method === 'authors' && (!(c.similarity > threshold) || ocrDropped?.has(c.row))) continue
    const list = byClass.get(c.wnid) ?? []
    list.push(c)
    byClass.set(c.wnid, list)
  }
  const out: T[] = []
  for (const list of byClass.values()) for (const c of list.sort((a, b) => b.similarity - a.similarity || a.row - b.row).slice(0, k)) out.push(c)
  return out.sort((a, b) => a.row - b.row)
}

/** One point of the threshold sweep (Fig. 3). */
export interface SweepPoint {
  /** The threshold (kept: similarity > threshold). */
  threshold: number
  /** Classes with at least one caption kept. */
  classes: number
  /** Captions kept. */
  samples: number
}

/**
 * Sweeps the threshold over stored similarities (no re-embedding): classes covered and dataset size at
 * each threshold, as in the paper's Fig. 3.
 * @param scored the single-class captions with similarities
 * @param thresholds e.g. 0.5, 0.51, ..., 0.9. Default: 0.50 to 0.90 by 0.01.
 * @example thresholdSweep(scored).find((p) => p.threshold === 0.82)
 */
export function thresholdSweep(scored: readonly ScoredCaption[], thresholds: readonly number[] = defaultThresholds()): SweepPoint[] {
  const kept = scored.filter((c) => c.nsfwOk)
  return thresholds.map((threshold) => {
    const classes = new Set<string>()
    let samples = 0
    for (const c of kept) {
      if (c.similarity > threshold) {
        samples++
        classes.add(c.wnid)
      }
    }
    return { threshold, classes: classes.size, samples }
  })
}

/** The sweep's default thresholds: 0.50 to 0.90 in steps of 0.01 (rounded to two decimals). */
export function defaultThresholds(): number[] {
  return Array.from({ length: 41 }, (_, i) => Math.round((0.5 + i * 0.01) * 100) / 100)
}

/** A class's share of a dataset (Fig. 4). */
export interface ClassFrequency {
  /** The class. */
  wnid: string
  /** Its samples. */
  count: number
  /** count / total, in [0, 1]. */
  share: number
}

/**
 * Returns class frequencies, most frequent first (ties by wnid): the long tail of Fig. 4.
 * @example classFrequencies(selected)[0] // the most frequent class, e.g. { wnid: 'n06359193', count, share } (web site)
 */
export function classFrequencies(samples: readonly { wnid: string }[]): ClassFrequency[] {
  const counts = new Map<string, number>()
  for (const s of samples) counts.set(s.wnid, (counts.get(s.wnid) ?? 0) + 1)
  const total = samples.length
  return [...counts].map(([wnid, count]) => ({ wnid, count, share: total ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || (a.wnid < b.wnid ? -1 : 1))
}
