import { compareIntraClass } from '../metrics/compare.js'
import type { IntraClassComparison, IntraClassStats } from '../metrics/types.js'
import { intraByClass, meanIntra } from './measure.js'
import { subSelection } from './selection.js'
import { nearestByInnerProduct } from './text-nearest.js'
import type { Selection, World } from './types.js'
import { gatherRows } from '../metrics/group-rows.js'

/**
 * Default keep threshold on the nearest web caption's similarity: the paper's 0.7 fits the world's text scale
 * as it fits CLIP's, keeping about 95% of the captions (5th percentile of the nearest similarity about 0.72 in
 * the default world, seed 1) and covering every class.
 */
const DEFAULT_NEAREST_THRESHOLD = 0.7
/**
 * Default captions per class: ImageNet-Captions covers about a third of ImageNet's training images; the search is
 * brute force (queries x web pool x d), so this cap is what keeps the default world at a few seconds.
 */
export const DEFAULT_CAPTIONS_PER_CLASS = 10

/** Options of {@link selectByImageNetTexts}. */
export interface ImageNetTextSelectionOptions {
  /** Keep a web caption when its similarity to the ImageNet caption is strictly above this. Default: {@link DEFAULT_NEAREST_THRESHOLD}. */
  threshold?: number
  /** Use the first this-many image-aware captions of each class, in pool order (the world's ImageNet-Captions). Default: {@link DEFAULT_CAPTIONS_PER_CLASS}. */
  captionsPerClass?: number
}

/** Fig. 9 in the world: LAION selected by ImageNet's texts, measured against the image-aware set. */
export interface ImageNetTextSelection {
  threshold: number
  /** The image-aware captions used as queries (the world's ImageNet-Captions). */
  captions: Selection
  /** Per query, the web row of the nearest web caption. */
  nearestRow: Int32Array
  /** Per query, its similarity to the nearest web caption. */
  nearestSimilarity: Float64Array
  /** Kept web rows in pool order, each labelled with its query's class (a row kept by two queries of one class counts once). */
  selection: Selection
  /** Share of the classes with a query that keep at least one web image (paper: > 95% at 0.7). */
  classCoverage: number
  /** Per-class intra-class statistics of the kept web images. */
  intra: Map<string, IntraClassStats>
  intraMean: number
  /** Kept web images (a) against the image-aware set (b): 'lower' = the text-selected images are more diverse. */
  comparison: IntraClassComparison
}

/**
 * Selects web images by ImageNet's own captions (Fig. 9): for each image-aware caption, the nearest caption of the
 * web pool by text-embedding inner product, kept when the similarity exceeds the threshold. The text is all this
 * selection sees, so however well the captions match, it cannot redo the annotators' look at the image.
 * @param world the simulated world
 * @param imageAware the image-aware selection (queries) and its per-class statistics (the comparison's b side)
 * @param options `threshold`, `captionsPerClass`
 * @returns the queries, their nearest web captions, the kept images and the per-class comparison
 * @example selectByImageNetTexts(world, study.imageAware).comparison.paper.lowerShare
 */
export function selectByImageNetTexts(world: World, imageAware: { selection: Selection, intra: Map<string, IntraClassStats> }, {
  threshold = DEFAULT_NEAREST_THRESHOLD,
  captionsPerClass = DEFAULT_CAPTIONS_PER_CLASS,
}: ImageNetTextSelectionOptions = {}): ImageNetTextSelection {
  if (!(threshold >= -1 && threshold <= 1)) throw new Error(`simulate: the nearest-caption threshold must be in [-1, 1], got ${threshold}`)
  if (!(Number.isInteger(captionsPerClass) && captionsPerClass >= 1)) {
    throw new Error(`simulate: captionsPerClass must be a positive integer, got ${captionsPerClass}`)
  }
  const captions = firstPerClass(imageAware.selection, captionsPerClass)
  // LAION's pool: every web caption that survived the pre-filter, named class or not.
  const webRows: number[] = []
  for (let i = 0; i < world.size; i += 2) if (world.inPool[i] === 1) webRows.push(i)
  const d = world.dim
  const nearest = nearestByInnerProduct(gatherRows(world.texts, captions.rows, d), gatherRows(world.texts, webRows, d), d)
  const nearestRow = Int32Array.from(nearest.index, (j) => (j < 0 ? -1 : webRows[j]))

  const kept = new Set<string>()
  const pairs: [number, number][] = []
  const queried = new Set<number>()
  const covered = new Set<number>()
  for (let q = 0; q < captions.rows.length; q++) {
    const label = captions.labels[q]
    queried.add(label)
    if (!(nearest.similarity[q] > threshold)) continue
    const key = `${nearestRow[q]}:${label}`
    if (kept.has(key)) continue
    kept.add(key)
    pairs.push([nearestRow[q], label])
    covered.add(label)
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const selection: Selection = {
    name: `web selected by image-aware captions > ${threshold}`,
    rows: Int32Array.from(pairs, (p) => p[0]),
    labels: Int32Array.from(pairs, (p) => p[1]),
  }
  const intra = intraByClass(world, selection)
  return {
    threshold, captions, nearestRow, nearestSimilarity: nearest.similarity, selection,
    classCoverage: queried.size ? covered.size / queried.size : NaN,
    intra, intraMean: meanIntra(intra),
    comparison: compareIntraClass(intra, imageAware.intra),
  }
}

/** The first k rows of each label, in the selection's (pool) order. */
function firstPerClass(sel: Selection, k: number): Selection {
  const seen = new Map<number, number>()
  const keep: number[] = []
  for (let r = 0; r < sel.rows.length; r++) {
    const c = seen.get(sel.labels[r]) ?? 0
    if (c < k) {
      keep.push(r)
      seen.set(sel.labels[r], c + 1)
    }
  }
  return subSelection(sel, keep, `${sel.name}, first ${k} captions per class`)
}
