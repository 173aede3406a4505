import { groupRows } from '../metrics/group-rows.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { pooledPairSample, type PairSampleSet } from '../metrics/pair-sample.js'

/**
 * The authors' reference dataset of TMLR Sec. 4.2 (notebooks/choose_multimodal_filtering_similarity_thresholds.ipynb,
 * `ref_txt2q_sim_th = 0.82`, `ref_img2q_sim_th = 0.2`): every dataset A-D has the size of the pool's rows with text
 * similarity >= 0.82 and image similarity >= 0.2 (`num_samples` counts with >=).
 */
export const IMAGE_LINK_REFERENCE = { text: 0.82, image: 0.2 } as const

/** One lemma-matched pool row of TMLR Sec. 4.2. */
export interface ImageLinkPool {
  /** Text-to-synset similarity per row. */
  text: ArrayLike<number>
  /** CLIP image-to-synset similarity per row. */
  image: ArrayLike<number>
  /** False when the row's NSFW tag is not "UNLIKELY". */
  nsfwOk: ArrayLike<boolean>
  /** The class of each row: the reference counts only when some class has two of its rows (a pair to measure). */
  labels?: ArrayLike<string>
}

/** One image-linked dataset: its rows of the pool and thresholds. */
export interface ImageLinkDataset {
  /** Kept: text similarity > textThreshold. */
  textThreshold: number
  /** The smallest image similarity kept (every kept row has image similarity >= this). */
  imageThreshold: number
  /** The kept pool rows, ascending. */
  rows: number[]
}

/**
 * The four equal-size datasets of TMLR Sec. 4.2, the authors' way. The pool drops its NSFW rows first (their
 * sample_laion_from_most_similars.py --remove_nsfw sets the similarity of non-"UNLIKELY" rows to NaN, so no threshold
 * keeps them); the common size is the reference dataset's (text >= 0.82 and image >= 0.2, {@link IMAGE_LINK_REFERENCE});
 * for each text threshold t the image threshold is the one whose dataset (text > t, image above it) has that size.
 * The authors find it by golden-section search on |size - reference| and round it to 4 decimals (so their four sizes
 * differ by up to 0.2%); here the dataset is exactly the `size` rows of highest image similarity among text > t
 * (ties by row). When the reference cannot be measured (no row, or, given `labels`, no class with two rows: e.g. the
 * tiny CLIP, whose image similarities hardly reach 0.2) the size is half the NSFW-free rows above the first text
 * threshold, rounded up, so the four sets still have one size.
 * @param pool per row: text and image similarity, NSFW flag
 * @param thresholds the text thresholds (default the paper's A-D: 0.81, 0.79, 0.76, 0.72)
 * @returns the datasets, the common size and whether the reference gave it
 * @example imageLinkDatasets({ text, image, nsfwOk }, [0.81, 0.72]).datasets[1].rows
 */
export function imageLinkDatasets(pool: ImageLinkPool, thresholds: readonly number[]): { datasets: ImageLinkDataset[], size: number, fromReference: boolean, nsfwDropped: number } {
  const { text, image, nsfwOk } = pool
  const n = text.length
  if (image.length !== n || nsfwOk.length !== n) throw new Error(`image-link: ${n} text similarities but ${image.length} image similarities and ${nsfwOk.length} NSFW flags (expected one of each per pool row)`)
  const safe: number[] = []
  for (let r = 0; r < n; r++) if (nsfwOk[r]) safe.push(r)
  const refRows = safe.filter((r) => text[r] >= IMAGE_LINK_REFERENCE.text && image[r] >= IMAGE_LINK_REFERENCE.image)
  const counts = new Map<string, number>()
  if (pool.labels) for (const r of refRows) counts.set(pool.labels[r], (counts.get(pool.labels[r]) ?? 0) + 1)
  const usable = refRows.length > 0 && (!pool.labels || [...counts.values()].some((c) => c >= 2))
  const above = (t: number) => safe.filter((r) => text[r] > t)
  const size = usable ? refRows.length : Math.ceil(above(thresholds[0]).length / 2)
  const datasets = thresholds.map((t) => {
    const rows = above(t).sort((a, b) => image[b] - image[a] || a - b).slice(0, size)
    return { textThreshold: t, rows: rows.sort((a, b) => a - b), imageThreshold: rows.length ? rows.reduce((m, r) => Math.min(m, image[r]), Infinity) : NaN }
  })
  return { datasets, size, fromReference: usable, nsfwDropped: n - safe.length }
}

/** Classes with at least two rows (among the first `maxPerClass` of each): the ones the authors store a similarity file for. */
function pairable(set: PairSampleSet): string[] {
  return [...groupRows(set.labels, { maxPerClass: set.maxPerClass })].filter(([, rows]) => rows.length >= 2).map(([k]) => k)
}

/** The pooled resampled-pair mean of one set over `classes`: the seeded draw and its exact expectation. */
export interface PooledMean {
  /** Mean of min(#pairs, perClass) pairs drawn with replacement per class, pooled (the authors' number). */
  mean: number
  /** Its expectation: sum_c k_c mean_c / sum_c k_c with k_c = min(#pairs_c, perClass), free of the draw. */
  expected: number
  /** Standard deviation of `mean` over draws: sqrt(sum_c k_c var_c) / sum_c k_c. */
  sd: number
  /** The classes pooled. */
  classes: number
  /** Pairs drawn. */
  draws: number
}

/**
 * The authors' pooled mean of one set (notebooks/compare_intra_class_similarites_of_laionets.ipynb, cells 17-22): for
 * each class, `np.random.choice(sims, size=min(len(sims), 100), replace=True)` over the class's pair similarities,
 * all pooled, then `np.mean`. The draw here is seeded (theirs is numpy's unseeded global stream); `expected` and `sd`
 * bound the difference any two draws can make.
 * @example (await pooledMean(set, ['n01440764'], { seed: 0 })).mean
 */
async function pooledMean(set: PairSampleSet, classes: readonly string[], { seed = 0, perClass = 100 }: { seed?: number, perClass?: number } = {}): Promise<PooledMean> {
  const sample = pooledPairSample(set.X, set.labels, set.d, { seed, perClass, maxPerClass: set.maxPerClass, classes })
  const stats = await intraClassByLabelAsync(set.X, set.labels, set.d, { maxPerClass: set.maxPerClass })
  let k = 0
  let s = 0
  let v = 0
  for (const c of classes) {
    const st = stats.get(c)
    if (!st || st.pairs < 1) continue
    const kc = Math.min(st.pairs, perClass)
    k += kc
    s += kc * st.mean
    v += kc * st.var
  }
  return { mean: sample.reduce((a, b) => a + b, 0) / sample.length, expected: s / k, sd: Math.sqrt(v) / k, classes: classes.length, draws: sample.length }
}

/**
 * TMLR Sec. 4.2's means, the authors' way: the classes common to all image-linked sets (each with a similarity file,
 * i.e. at least two images among its first `maxPerClass`; 887 in the paper) are pooled in every set and in ImageNet,
 * so a class present in one set only cannot move its mean. ImageNet pools the common classes it has (the authors'
 * notebook indexes ImageNet by them and would fail on a missing one; ImageNet validation has them all).
 * @param sets the datasets' embeddings (A-D)
 * @param imagenet ImageNet's embeddings, or null when none is configured
 * @param options seed (set j draws with seed + j, ImageNet with seed + sets.length), perClass (default 100)
 * @example (await imageLinkMeans([a, b, c, d], inet)).imagenet?.mean
 */
export async function imageLinkMeans(sets: readonly PairSampleSet[], imagenet: PairSampleSet | null, { seed = 0, perClass = 100 }: { seed?: number, perClass?: number } = {}): Promise<{ common: string[], sets: PooledMean[], imagenet: (PooledMean & { missing: string[] }) | null }> {
  let common = sets.length ? pairable(sets[0]) : []
  for (const s of sets.slice(1)) {
    const has = new Set(pairable(s))
    common = common.filter((c) => has.has(c))
  }
  common.sort()
  const means: PooledMean[] = []
  for (let j = 0; j < sets.length; j++) means.push(await pooledMean(sets[j], common, { seed: seed + j, perClass }))
  if (!imagenet) return { common, sets: means, imagenet: null }
  const inet = new Set(pairable(imagenet))
  const pooled = common.filter((c) => inet.has(c))
  return { common, sets: means, imagenet: { ...(await pooledMean(imagenet, pooled, { seed: seed + sets.length, perClass })), missing: common.filter((c) => !inet.has(c)) } }
}
