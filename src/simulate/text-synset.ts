import type { Selection, World } from './types.js'
import { dotRows } from '../util/vectors.js'

/** Caption-to-synset similarities of a selection and, per caption, how many other classes' synset texts are closer. */
export interface TextSynsetResult {
  /** Cosine of each caption embedding to its own class's synset text. */
  similarities: Float64Array
  /** Per caption, the share of the other classes whose synset text is closer to the caption than its own, in [0, 1]. */
  closerShares: Float64Array
}

/**
 * The Fig. 8 measurement on a selection: how well each caption matches its own class's synset text, and how
 * many other classes' synset texts it matches better. In the image-aware set captions were never filtered by
 * similarity, so the distribution keeps a heavy left tail.
 * @param world the simulated world
 * @param sel a selection (usually the image-aware one)
 * @param options `maxRows`: measure only the first rows, in pool order (default: all)
 * @returns per-caption similarities and closer-class shares, in selection order
 * @example captionSynsetSimilarity(world, selectImageAware(world)).similarities
 */
export function captionSynsetSimilarity(world: World, sel: Selection, { maxRows = Infinity } = {}): TextSynsetResult {
  const n = Math.min(sel.rows.length, maxRows)
  const d = world.dim
  const C = world.classes
  const similarities = new Float64Array(n)
  const closerShares = new Float64Array(n)
  for (let r = 0; r < n; r++) {
    const i = sel.rows[r]
    const own = dotRows(world.texts, i, world.synsetTexts, sel.labels[r], d)
    let closer = 0
    for (let c = 0; c < C; c++) {
      if (c !== sel.labels[r] && dotRows(world.texts, i, world.synsetTexts, c, d) > own) closer++
    }
    similarities[r] = own
    closerShares[r] = C > 1 ? closer / (C - 1) : 0
  }
  return { similarities, closerShares }
}
