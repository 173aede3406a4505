import { compareIntraClass } from '../metrics/compare.js'
import type { IntraClassComparison, IntraClassStats } from '../metrics/types.js'
import { classKey } from './measure.js'
import type { Selection, World } from './types.js'

/** One selection's image-to-synset-text similarities. */
export interface CrossModalSide {
  /** Per selected image, the cosine of the image to its label's synset text (the frontier's image score). */
  values: Float64Array
  /**
   * Per class, the mean of those values in the shape `compareIntraClass` takes. The values are one per image, so
   * `pairs` holds the number of images: the paper's half-width becomes 1.96 std / sqrt(n - 1), and `se` is the
   * jackknife over images of a mean of independent values, std / sqrt(n - 1) too (both tests agree here).
   */
  byClass: Map<string, IntraClassStats>
}

/** Appendix D in the world. */
export interface CrossModalResult {
  textOnly: CrossModalSide
  imageAware: CrossModalSide
  /** Text-only (a) against image-aware (b): 'higher' = the text-only images match their class text better. */
  comparison: IntraClassComparison
}

/**
 * The image-to-synset similarity of each image of a selection, and per class its mean, variance and standard error.
 * @example crossModalSide(world, selectTextOnly(world)).byClass.get('c0000')?.mean
 */
export function crossModalSide(world: World, sel: Selection): CrossModalSide {
  const values = Float64Array.from(sel.rows, (i) => world.imageSimilarity[i])
  const groups = new Map<string, number[]>()
  for (let r = 0; r < sel.rows.length; r++) {
    const key = classKey(sel.labels[r])
    let list = groups.get(key)
    if (!list) groups.set(key, list = [])
    list.push(values[r])
  }
  const byClass = new Map<string, IntraClassStats>()
  for (const key of [...groups.keys()].sort()) byClass.set(key, meanStats(groups.get(key)!))
  return { values, byClass }
}

function meanStats(v: number[]): IntraClassStats {
  const n = v.length
  let mean = 0
  for (const x of v) mean += x / n
  let ss = 0
  for (const x of v) ss += (x - mean) ** 2
  const variance = n ? ss / n : NaN
  return { n, pairs: n, mean: n ? mean : NaN, var: variance, se: n >= 2 ? Math.sqrt(variance / (n - 1)) : NaN }
}

/**
 * Appendix D: are the images a text-only selection gets harder to match to their class text than the image-aware
 * ones? Per class, the mean CLIP-like image-to-synset similarity of both sets, compared with both tests.
 * @param world the simulated world
 * @param textOnly the text-only selection (a)
 * @param imageAware the image-aware selection (b)
 * @returns per-image values of both and the per-class comparison (at least 7 images a side)
 * @example crossModalDifficulty(world, study.textOnly.selection, study.imageAware.selection).comparison.paper.higherShare
 */
export function crossModalDifficulty(world: World, textOnly: Selection, imageAware: Selection): CrossModalResult {
  const a = crossModalSide(world, textOnly)
  const b = crossModalSide(world, imageAware)
  return { textOnly: a, imageAware: b, comparison: compareIntraClass(a.byClass, b.byClass) }
}
