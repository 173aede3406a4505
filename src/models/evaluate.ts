import { basename } from 'node:path'
import type { Prediction } from './types.js'

/** Accuracy of a list of predictions against true wnids, with the most frequent confusions. */
export interface PredictionScore {
  /** Images scored (those with a prediction and a true label). */
  n: number
  /** Fraction whose best class is the true one, in [0, 1]. */
  top1: number
  /** Fraction whose true class is among the top 5, in [0, 1]. */
  top5: number
  /**
   * Top-1 mistakes as (true, predicted) pairs with their count and the mean score of the wrong prediction,
   * most frequent first, then most confident, then by wnid.
   */
  confusions: { trueWnid: string, predictedWnid: string, count: number, meanScore: number }[]
}

/**
 * Returns the wnid at the start of an ImageNet-style file name (`n01440764_tench.JPEG`, `n01440764_123.JPEG`).
 * @example wnidFromFileName('/x/n01440764_tench.JPEG') // 'n01440764'
 */
export function wnidFromFileName(file: string): string {
  const m = /^(n\d{8})(?:_|\.|$)/.exec(basename(file))
  if (!m) throw new Error(`classify: no wnid at the start of the file name "${basename(file)}" (expected n01440764_... )`)
  return m[1]
}

/**
 * Scores predictions against true wnids (an unweighted mean over images; the paper's equi-weighted
 * accuracy is in src/metrics). Null predictions (failed images) are left out.
 * @param predictions from `classifyImages`.
 * @param truth the true wnid of each prediction, in the same order.
 * @example scorePredictions(predictions, files.map(wnidFromFileName)).top1 // 0.81
 */
export function scorePredictions(predictions: readonly (Prediction | null)[], truth: readonly string[]): PredictionScore {
  if (predictions.length !== truth.length) throw new Error(`classify: ${predictions.length} predictions but ${truth.length} true labels (expected one each)`)
  let n = 0, top1 = 0, top5 = 0
  const pairs = new Map<string, { count: number, score: number }>()
  predictions.forEach((p, i) => {
    if (!p || p.top5.length === 0) return
    n++
    const wnids = p.top5.slice(0, 5).map((c) => c.wnid)
    if (wnids[0] === truth[i]) top1++
    else {
      const key = `${truth[i]} ${wnids[0]}`
      const pair = pairs.get(key) ?? { count: 0, score: 0 }
      pairs.set(key, { count: pair.count + 1, score: pair.score + p.top5[0].score })
    }
    if (wnids.includes(truth[i])) top5++
  })
  const confusions = [...pairs].map(([k, { count, score }]) => {
    const [trueWnid, predictedWnid] = k.split(' ')
    return { trueWnid, predictedWnid, count, meanScore: score / count }
  }).sort((a, b) => b.count - a.count || b.meanScore - a.meanScore || a.trueWnid.localeCompare(b.trueWnid) || a.predictedWnid.localeCompare(b.predictedWnid))
  return { n, top1: n ? top1 / n : 0, top5: n ? top5 / n : 0, confusions }
}
