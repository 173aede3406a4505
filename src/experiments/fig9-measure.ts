import { compareIntraClass, paperHalfWidth } from '../metrics/compare.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import type { IntraClassStats, Matrix } from '../metrics/types.js'

/** The authors' sweep of Fig. 9's threshold: `np.linspace(0.5, 0.75, 20)` (evaluate_distribution_of_similarities.ipynb). */
export const FIG9_SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 20 }, (_, i) => (i === 19 ? 0.75 : i * (0.25 / 19) + 0.5))

/**
 * The LAION images the authors download for Fig. 9: per class, the distinct nearest LAION rows of its captions
 * (find_wnid_to_laion_indices_local.py: `list(set(v))`), the first `perClass` of them
 * (calc_and_store_intra_class_image_similarities.py --do_sample --n_sample 100), with no similarity threshold (it is
 * applied later, to these images). Their list is in Python set order, which no file keeps; here ascending LAION row.
 * @param wnids the class of each caption
 * @param nearest the global LAION row nearest to each caption (-1: none)
 * @example fig9Selection(['n1', 'n1'], [300000004, 7]).get('n1') // [7, 300000004]
 */
export function fig9Selection(wnids: readonly string[], nearest: ArrayLike<number>, perClass = 100): Map<string, number[]> {
  const byClass = new Map<string, Set<number>>()
  wnids.forEach((w, q) => {
    if (nearest[q] < 0) return
    let s = byClass.get(w)
    if (!s) byClass.set(w, s = new Set())
    s.add(nearest[q])
  })
  return new Map([...byClass].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([w, s]) => [w, [...s].sort((a, b) => a - b).slice(0, perClass)]))
}

/**
 * Per class, the stored LAION images of the captions kept at `threshold` (nearest similarity > threshold), the
 * authors' way (the notebook's `ic_ms_sim_dict['index'].index(laion_index)` for each kept caption): one entry per kept
 * caption whose nearest image is stored, so an image two captions share counts twice (a pair of the image with
 * itself, similarity 1). Classes with fewer than two entries are left out (`if len(ic_ms_sim) <= 1: continue`).
 * @param wnids the class of each caption
 * @param nearest per caption its nearest global LAION row and the similarity
 * @param stored per class the LAION rows whose image is stored (first 100 downloaded; classes with >= 2 images)
 * @example fig9ClassRows(wnids, nearest, stored, 0.7).get('n01440764')
 */
export function fig9ClassRows(wnids: readonly string[], nearest: { index: ArrayLike<number>, similarity: ArrayLike<number> }, stored: ReadonlyMap<string, ReadonlySet<number>>, threshold: number): Map<string, number[]> {
  const out = new Map<string, number[]>()
  wnids.forEach((w, q) => {
    const has = stored.get(w)
    if (!has || !(nearest.similarity[q] > threshold) || !has.has(nearest.index[q])) return
    let rows = out.get(w)
    if (!rows) out.set(w, rows = [])
    rows.push(nearest.index[q])
  })
  for (const [w, rows] of out) if (rows.length <= 1) out.delete(w)
  return out
}

/**
 * The per-class statistics of the selected LAION images: rows of `X` (one per stored image, keyed `${wnid} ${row}`)
 * repeated as {@link fig9ClassRows} lists them.
 * @example await fig9LaionStats(classRows, X, keyRow, 512)
 */
export async function fig9LaionStats(classRows: ReadonlyMap<string, readonly number[]>, X: Matrix, keyRow: ReadonlyMap<string, number>, d: number): Promise<Map<string, IntraClassStats>> {
  const labels: string[] = []
  const rows: number[] = []
  for (const [w, list] of classRows) for (const r of list) { labels.push(w); rows.push(keyRow.get(`${w} ${r}`)!) }
  const G = new Float32Array(rows.length * d)
  rows.forEach((r, k) => G.set(X.subarray(r * d, r * d + d), k * d))
  return intraClassByLabelAsync(G, labels, d)
}

/** One threshold of Fig. 9's sweep on real data. */
export interface Fig9SweepPoint {
  /** Kept: nearest similarity > threshold. */
  threshold: number
  /** Classes with >= 2 selected LAION entries and >= 2 ImageNet-Captions images. */
  classes: number
  /** Share of them where the selected LAION images are significantly less alike (upper bound < 0). */
  lowerShare: number
  /** Share where they are significantly more alike (lower bound > 0). */
  higherShare: number
}

/**
 * One point of the authors' sweep (evaluate_distribution_of_similarities.ipynb cell 78): every class with both sides,
 * no >= 7 pairs rule; the paper's half-widths, so a class with one LAION pair (0/0 half-width, NaN) counts in the
 * denominator and in neither share.
 * @example fig9SweepPoint(0.7, laionStats, icStats).lowerShare
 */
export function fig9SweepPoint(threshold: number, laion: ReadonlyMap<string, IntraClassStats>, imagenet: ReadonlyMap<string, IntraClassStats>): Fig9SweepPoint {
  let n = 0
  let lower = 0
  let higher = 0
  for (const [w, a] of laion) {
    const b = imagenet.get(w)
    if (!b || b.pairs < 1 || a.pairs < 1) continue
    n++
    const delta = a.mean - b.mean
    const hw = Math.sqrt(paperHalfWidth(a) ** 2 + paperHalfWidth(b) ** 2)
    if (delta + hw < 0) lower++
    if (delta - hw > 0) higher++
  }
  return { threshold, classes: n, lowerShare: n ? lower / n : NaN, higherShare: n ? higher / n : NaN }
}

/** Fig. 9's comparison at the paper's threshold: the per-class test with >= 7 pairs on both sides (compareIntraClass). */
export function fig9Compare(laion: ReadonlyMap<string, IntraClassStats>, imagenet: ReadonlyMap<string, IntraClassStats>) {
  return compareIntraClass(new Map(laion), new Map(imagenet))
}
