import type { FrontierSelection, Selection, World } from './types.js'

/** Even rows are the web crawl (LAION's pool), odd rows the photo search (ImageNet's pool). */
const isWeb = (i: number): boolean => i % 2 === 0

function selection(name: string, world: World, keep: (i: number) => boolean): Selection {
  const rows: number[] = []
  for (let i = 0; i < world.size; i++) if (keep(i)) rows.push(i)
  const labels = Int32Array.from(rows, (i) => world.matchedClass[i])
  return { name, rows: Int32Array.from(rows), labels }
}

/** The entries `idx` (positions in `sel`, ascending) of a selection, under a new name. */
export function subSelection(sel: Selection, idx: readonly number[], name: string): Selection {
  return { name, rows: Int32Array.from(idx, (r) => sel.rows[r]), labels: Int32Array.from(idx, (r) => sel.labels[r]) }
}

/** Options of {@link selectTextOnly}. */
export interface TextOnlyOptions {
  /** Keep captions whose text-to-synset similarity is strictly above this. Default: the world's `textThreshold`. */
  threshold?: number
}

/**
 * LAIONet's selection: a web caption that names exactly one class by a lemma and whose text-to-synset
 * similarity exceeds the threshold. S sees the image only through the caption (S independent of X given T).
 * Candidates removed by the CLIP-like pre-filter are not in the pool.
 * @param world the simulated world
 * @param options `threshold` (default the world's `textThreshold`, 0.82)
 * @returns the selected rows in pool order, labelled with the matched class
 * @example selectTextOnly(world).rows.length
 */
export function selectTextOnly(world: World, { threshold = world.config.textThreshold }: TextOnlyOptions = {}): Selection {
  return selection('text-only', world, (i) => isWeb(i) && world.inPool[i] === 1 && world.matchedClass[i] >= 0
    && world.textSimilarity[i] > threshold)
}

/** Options of {@link selectImageAware}. */
export interface ImageAwareOptions {
  /** Keep a candidate when at least this share of annotators accepted it. Default: the world's `selectionFrequency`. */
  frequency?: number
}

/**
 * ImageNet's selection: photos found by searching for a lemma (no similarity threshold), then kept when the
 * share of annotators who accept the image reaches the selection-frequency threshold. Annotators look at the
 * image, so S' depends on X directly (X -> S').
 * @param world the simulated world
 * @param options `frequency` (default the world's `selectionFrequency`, 0.7)
 * @returns the selected rows in pool order, labelled with the searched class
 * @example selectImageAware(world, { frequency: 0.93 }).rows.length
 */
export function selectImageAware(world: World, { frequency = world.config.selectionFrequency }: ImageAwareOptions = {}): Selection {
  if (!(frequency >= 0 && frequency <= 1)) throw new Error(`simulate: selection frequency must be in [0, 1], got ${frequency}`)
  // An integer vote count avoids 7/10 >= 0.7 depending on floating-point rounding.
  const need = Math.ceil(frequency * world.config.annotators - 1e-9)
  return selection(`image-aware ${frequency}`, world, (i) => !isWeb(i) && world.matchedClass[i] >= 0 && world.votes[i] >= need)
}

/** Options of {@link selectFrontier}. */
export interface FrontierOptions {
  /** Text thresholds, one dataset each (A, B, ...). Default: the world's `frontierTextThresholds`. */
  textThresholds?: number[]
  /** The common size, as a share of the web pool passing the first text threshold. Default: the world's `frontierShare`. */
  share?: number
}

/**
 * The Section 4.2 frontier: datasets of one fixed size, each keeping web captions with text similarity
 * >= t and images with image-to-synset similarity >= i, where i is the highest threshold that still gives the
 * size. A lower text threshold lets the image threshold rise: more of the selection is done by the image.
 * @param world the simulated world
 * @param options `textThresholds`, `share`
 * @returns one selection per text threshold, with the image threshold found; a threshold whose pool is
 *   smaller than the size keeps its whole pool (imageThreshold = its lowest image similarity)
 * @example selectFrontier(world).map((f) => f.imageThreshold)
 */
export function selectFrontier(world: World, {
  textThresholds = world.config.frontierTextThresholds,
  share = world.config.frontierShare,
}: FrontierOptions = {}): FrontierSelection[] {
  if (textThresholds.length === 0) throw new Error('simulate: the frontier needs at least one text threshold')
  const pool = (t: number): number[] => {
    const rows: number[] = []
    for (let i = 0; i < world.size; i++) {
      if (isWeb(i) && world.inPool[i] === 1 && world.matchedClass[i] >= 0 && world.textSimilarity[i] >= t) rows.push(i)
    }
    return rows
  }
  const pools = textThresholds.map(pool)
  const size = Math.max(1, Math.round(share * pools[0].length))
  return textThresholds.map((t, j) => {
    const candidates = pools[j]
    // Highest image similarity first; ties by row so the cut is deterministic.
    candidates.sort((p, q) => world.imageSimilarity[q] - world.imageSimilarity[p] || p - q)
    const kept = candidates.slice(0, size).sort((p, q) => p - q)
    const imageThreshold = kept.length === 0 ? NaN : world.imageSimilarity[candidates[kept.length - 1]]
    return {
      name: String.fromCharCode(65 + j),
      rows: Int32Array.from(kept),
      labels: Int32Array.from(kept, (i) => world.matchedClass[i]),
      textThreshold: t,
      imageThreshold,
    }
  })
}
