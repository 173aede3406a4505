import { compareIntraClass } from '../metrics/compare.js'
import { pooledPairSamples, selectPerClass } from '../metrics/pair-sample.js'
import type { IntraClassComparison, IntraClassStats, TestSummary } from '../metrics/types.js'
import { classKey, intraByClass, meanIntra, selectionImages } from './measure.js'
import { className, exampleCaption } from './captions.js'
import { predictCentroid } from './classifier.js'
import { relabelShare } from './label-noise.js'
import { selectByImageNetTexts, DEFAULT_CAPTIONS_PER_CLASS } from './imagenet-text-selection.js'
import { subSelection } from './selection.js'
import type { SimulationStudy } from './study.js'
import type { Selection, World } from './types.js'

// The analyses of the paper the simulated world had no function for: Fig. 7's two panels, Fig. 9's threshold
// sweep, Appendix F, and the reviewers' asks (label noise vs diversity, LAION's CLIP pre-filter, the corrected CI).

/** The three shares of one comparison: the paper's CI test, the corrected (jackknife) test and the plain means. */
export interface ComparisonShares {
  /** Classes compared. */
  compared: number
  /** The paper's test (pairs as independent). */
  paper: TestSummary
  /** The corrected test (jackknife over images). */
  corrected: TestSummary
  /** No test: the share of classes whose mean is lower / higher. */
  plain: TestSummary
}

/** The three shares of a comparison. */
export function comparisonShares(c: IntraClassComparison): ComparisonShares {
  return { compared: c.compared, paper: c.paper, corrected: c.corrected, plain: c.plain }
}

/** One ImageNetV2-like version of Fig. 7 and the two comparisons the paper draws for it. */
export interface Fig7PanelRow {
  /** The version's name, e.g. `>= 0.73`. */
  name: string
  /** Its selection-frequency threshold. */
  selectionFrequency: number
  /** Its mean intra-class similarity. */
  meanIntraClass: number
  /** Text-only (LAIONet-like) vs the version: `lower` = LAIONet significantly less similar. */
  laionet: ComparisonShares
  /** Image-aware (ImageNet-like) vs the version: `lower` = ImageNet significantly less similar. */
  imagenet: ComparisonShares
}

/**
 * Fig. 7's panels in the world: for each image-aware version of the selection-frequency sweep (ImageNetV2's
 * MatchedFrequency, Threshold0.7, TopImages are 0.73, 0.85, 0.93), LAIONet vs the version and ImageNet vs the version.
 * @param study a simulated study (its `selectionFrequency` versions)
 * @returns one row per version, in sweep order
 * @example simulatedFig7Panels(study)[1].laionet.paper.lowerShare // the MatchedFrequency-like panel
 */
export function simulatedFig7Panels(study: SimulationStudy): Fig7PanelRow[] {
  return study.selectionFrequency.map((v) => ({
    name: `>= ${v.threshold}`,
    selectionFrequency: v.threshold,
    meanIntraClass: v.intraMean,
    laionet: comparisonShares(v.comparison),
    imagenet: comparisonShares(compareIntraClass(study.imageAware.intra, v.intra)),
  }))
}

/** One threshold of Fig. 9's sweep. */
export interface Fig9SweepRow {
  /** Keep a web caption when its similarity to the ImageNet caption exceeds this. */
  threshold: number
  /** Share of the queried classes that keep at least one web image. */
  classCoverage: number
  /** Web images kept. */
  kept: number
  /** Kept images vs the image-aware set: `lower` = the text-selected images are more diverse. */
  shares: ComparisonShares
}

/** The Fig. 9 sweep's default thresholds: 0.50 to 0.75 by 0.05. */
const FIG9_SWEEP_THRESHOLDS: readonly number[] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75]

/**
 * Fig. 9's threshold sweep in the world: LAION selected by ImageNet's captions (nearest web caption) kept above each
 * threshold; classes covered and share of classes significantly more diverse than the image-aware set. The nearest
 * neighbours are searched once, then filtered per threshold.
 * @param study a simulated study
 * @param options thresholds (default 0.50 to 0.75 by 0.05), captionsPerClass (default 10)
 * @example simulatedFig9Sweep(study).map((r) => [r.threshold, r.classCoverage, r.shares.paper.lowerShare])
 */
export function simulatedFig9Sweep(study: SimulationStudy, { thresholds = FIG9_SWEEP_THRESHOLDS, captionsPerClass = DEFAULT_CAPTIONS_PER_CLASS }: { thresholds?: readonly number[], captionsPerClass?: number } = {}): Fig9SweepRow[] {
  for (const t of thresholds) if (!(t >= -1 && t <= 1)) throw new Error(`simulate: a Fig. 9 threshold must be in [-1, 1], got ${t}`)
  const all = selectByImageNetTexts(study.world, study.imageAware, { threshold: -1, captionsPerClass })
  const queried = new Set(all.captions.labels)
  return thresholds.map((threshold) => {
    const seen = new Set<string>()
    const pairs: [number, number][] = []
    for (let q = 0; q < all.captions.rows.length; q++) {
      if (!(all.nearestSimilarity[q] > threshold) || all.nearestRow[q] < 0) continue
      const key = `${all.nearestRow[q]}:${all.captions.labels[q]}`
      if (seen.has(key)) continue
      seen.add(key)
      pairs.push([all.nearestRow[q], all.captions.labels[q]])
    }
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const selection: Selection = { name: `web selected by image-aware captions > ${threshold}`, rows: Int32Array.from(pairs, (p) => p[0]), labels: Int32Array.from(pairs, (p) => p[1]) }
    const covered = new Set(selection.labels)
    return {
      threshold,
      classCoverage: queried.size ? covered.size / queried.size : NaN,
      kept: pairs.length,
      shares: comparisonShares(compareIntraClass(intraByClass(study.world, selection), study.imageAware.intra)),
    }
  })
}

/**
 * Appendix F in the world, as `appF`'s input rows: (F.1) per class, the classifier's recall on the text-only set
 * against the class's frequency there; (F.2) the authors' way (`recallGap`, their notebook's cells 44-49): per class,
 * the recall on the text-only set against the intra-class gap text-only minus image-aware mean similarity (LAIONet
 * minus ImageNet-Captions in the paper: the world's image-aware set stands for the images selected with them); and
 * ours (`dropGap`): the recall drop (held-out image-aware minus text-only) against the gap image-aware minus
 * text-only.
 * @param study a simulated study (its classifier and held-out set)
 * @returns `{ recallFrequency, recallGap, dropGap }` keyed by class key (`c0007`)
 * @example appF({ tier: 'simulated', ...simulatedAppF(study) }) // the authors' F.2 panel
 */
export function simulatedAppF(study: SimulationStudy): { recallFrequency: { wnid: string, frequency: number, recall: number }[], recallGap: { wnid: string, gap: number, recall: number }[], dropGap: { wnid: string, gap: number, drop: number }[] } {
  const { world } = study
  const recall = (sel: Selection): Map<number, { n: number, k: number }> => {
    const pred = predictCentroid(world, study.classifier.model, sel)
    const out = new Map<number, { n: number, k: number }>()
    for (let r = 0; r < sel.rows.length; r++) {
      const e = out.get(sel.labels[r]) ?? { n: 0, k: 0 }
      e.n++
      if (pred[r] === sel.labels[r]) e.k++
      out.set(sel.labels[r], e)
    }
    return out
  }
  const text = recall(study.textOnly.selection)
  const held = recall(study.classifier.test)
  const recallFrequency = [...text].sort((a, b) => a[0] - b[0]).map(([c, e]) => ({ wnid: classKey(c), frequency: e.n, recall: e.k / e.n }))
  const dropGap: { wnid: string, gap: number, drop: number }[] = []
  const recallGap: { wnid: string, gap: number, recall: number }[] = []
  for (const [c, e] of [...text].sort((a, b) => a[0] - b[0])) {
    const key = classKey(c)
    const a = study.imageAware.intra.get(key)
    const b = study.textOnly.intra.get(key)
    // The authors' cell 46 keeps a class with a mean on both sides: at least one pair each.
    if (!a || !b || !(a.n >= 2 && b.n >= 2)) continue
    recallGap.push({ wnid: key, gap: b.mean - a.mean, recall: e.k / e.n })
    const h = held.get(c)
    if (h) dropGap.push({ wnid: key, gap: a.mean - b.mean, drop: h.k / h.n - e.k / e.n })
  }
  return { recallFrequency, recallGap, dropGap }
}

/** Label noise against diversity (the reviewers' first ask), measured in the world. */
export interface LabelNoiseCheck {
  /** Share of the text-only set whose image comes from another class than its label. */
  textOnlyNoise: number
  /** Mean intra-class similarity of the text-only set, of it without its mislabelled rows, and of the image-aware set. */
  intraMean: { textOnly: number, textOnlyClean: number, imageAware: number, imageAwareWithTextOnlyNoise: number }
  /** Share of the image-aware minus text-only gap that the text-only set's label noise alone explains. */
  gapExplainedByNoise: number
  /** Text-only without its mislabelled rows vs image-aware: is it still more diverse? */
  clean: ComparisonShares
}

/**
 * Label noise vs diversity: a noisier set is trivially more diverse. Measures the text-only set's label noise, the
 * diversity it keeps once its mislabelled rows are removed, and how much of the gap the same noise added to the
 * image-aware set explains.
 * @param study a simulated study
 * @param options seed of the relabelling (default 0)
 * @example simulatedLabelNoiseCheck(study).clean.paper.lowerShare
 */
export function simulatedLabelNoiseCheck(study: SimulationStudy, { seed = 0 } = {}): LabelNoiseCheck {
  const { world } = study
  const sel = study.textOnly.selection
  const keep: number[] = []
  for (let r = 0; r < sel.rows.length; r++) if (world.imageClass[sel.rows[r]] === sel.labels[r]) keep.push(r)
  const noise = sel.rows.length ? 1 - keep.length / sel.rows.length : 0
  const clean = intraByClass(world, subSelection(sel, keep, `${sel.name}, mislabelled rows removed`))
  const noisy = meanIntra(intraByClass(world, relabelShare(world, study.imageAware.selection, noise, { seed })))
  const gap = study.imageAware.intraMean - study.textOnly.intraMean
  return {
    textOnlyNoise: noise,
    intraMean: { textOnly: study.textOnly.intraMean, textOnlyClean: meanIntra(clean), imageAware: study.imageAware.intraMean, imageAwareWithTextOnlyNoise: noisy },
    gapExplainedByNoise: gap !== 0 ? (study.imageAware.intraMean - noisy) / gap : NaN,
    clean: comparisonShares(compareIntraClass(clean, study.imageAware.intra)),
  }
}

/** One stratum of the text-only set by its CLIP image-text score (LAION's `similarity` column). */
export interface PrefilterStratum {
  /** Stratum number, 1 = lowest scores. */
  stratum: number
  /** Score range [lo, hi] of the stratum. */
  range: [number, number]
  /** Text-only rows in it. */
  rows: number
  /** Mean intra-class similarity of the stratum's images. */
  intraMean: number
  /** The stratum vs the image-aware set. */
  shares: ComparisonShares
}

/**
 * LAION's own CLIP >= 0.3 pre-filter is an image-to-selection link: if it made LAIONet look diverse, diversity would
 * change with the score. Splits the text-only set by its CLIP image-text score (`similarity`) into equal-count strata
 * and compares each with the image-aware set.
 * @param study a simulated study
 * @param options strata (default 4)
 * @example simulatedPrefilterStrata(study).map((s) => s.shares.paper.lowerShare)
 */
export function simulatedPrefilterStrata(study: SimulationStudy, { strata = 4 } = {}): PrefilterStratum[] {
  if (!(Number.isInteger(strata) && strata >= 1)) throw new Error(`simulate: strata must be a positive integer, got ${strata}`)
  const { world } = study
  const sel = study.textOnly.selection
  const order = Array.from(sel.rows, (_, r) => r).sort((a, b) => world.clipScore[sel.rows[a]] - world.clipScore[sel.rows[b]] || a - b)
  return Array.from({ length: strata }, (_, s) => {
    const part = order.slice(Math.floor((s * order.length) / strata), Math.floor(((s + 1) * order.length) / strata)).sort((a, b) => a - b)
    let lo = Infinity
    let hi = -Infinity
    for (const r of part) { const v = world.clipScore[sel.rows[r]]; if (v < lo) lo = v; if (v > hi) hi = v }
    const intra: Map<string, IntraClassStats> = intraByClass(world, subSelection(sel, part, `${sel.name}, score stratum ${s + 1}`))
    return {
      stratum: s + 1,
      range: (part.length ? [lo, hi] : [NaN, NaN]) as [number, number],
      rows: part.length,
      intraMean: meanIntra(intra),
      shares: comparisonShares(compareIntraClass(intra, study.imageAware.intra)),
    }
  })
}

/**
 * The world's scored candidates, in the shape of `selectTopK`'s input (src/laionet ScoredCaption): every web caption
 * in the pool that names exactly one class, with its text-to-synset similarity (no NSFW in the world: all pass).
 * Appendix B the authors' way is `selectTopK(candidates, 50, { threshold: world.config.textThreshold })`, ours
 * `selectTopK(candidates, 50, { method: 'candidates' })`.
 * @param world the simulated world
 * @example selectTopK(simulatedCandidates(study.world), 50).length
 */
export function simulatedCandidates(world: World): { row: number, wnid: string, similarity: number, nsfwOk: boolean }[] {
  const scored: { row: number, wnid: string, similarity: number, nsfwOk: boolean }[] = []
  for (let i = 0; i < world.size; i += 2) {
    if (world.inPool[i] === 1 && world.matchedClass[i] >= 0) scored.push({ row: i, wnid: classKey(world.matchedClass[i]), similarity: world.textSimilarity[i], nsfwOk: true })
  }
  return scored
}

/**
 * The first 100 images per class (file order, our default and the paper's stated rule) against a seeded random 100
 * (the authors' Python set order is neither): the text-only set's mean intra-class similarity and its comparison
 * with the image-aware set both ways.
 * @param study a simulated study
 * @param options perClass (default the world's maxPerClass, 100), seed (default 0)
 * @example simulatedFirstN(study).random.intraMean
 */
export function simulatedFirstN(study: SimulationStudy, { perClass = study.world.config.maxPerClass, seed = 0 } = {}): { file: { intraMean: number, shares: ComparisonShares }, random: { intraMean: number, shares: ComparisonShares } } {
  const { world } = study
  const sel = study.textOnly.selection
  const side = (order: 'file' | 'random') => {
    const keep = selectPerClass(Array.from(sel.labels, String), { perClass, order, seed })
    const intra = intraByClass(world, subSelection(sel, keep, `${sel.name}, ${order} ${perClass}`), { maxPerClass: Infinity })
    return { intraMean: meanIntra(intra), shares: comparisonShares(compareIntraClass(intra, study.imageAware.intra)) }
  }
  return { file: side('file'), random: side('random') }
}

/**
 * Fig. 6's pooled histograms both ways in the world: over the classes both selections share (the authors') and over
 * every class of each (ours before), with the pooled means.
 * @param study a simulated study
 * @param options seed (default 0)
 * @example simulatedPooling(study).shared.classes
 */
export function simulatedPooling(study: SimulationStudy, { seed = 0 } = {}): Record<'shared' | 'all', { classes: number, textOnlyMean: number, imageAwareMean: number }> {
  const { world } = study
  const set = (sel: Selection) => {
    const { X, labels, dim } = selectionImages(world, sel)
    return { X, labels, d: dim, maxPerClass: world.config.maxPerClass }
  }
  const a = set(study.textOnly.selection)
  const b = set(study.imageAware.selection)
  const mean = (v: Float64Array) => v.reduce((x, y) => x + y, 0) / (v.length || NaN)
  const run = (pool: 'shared' | 'all') => {
    const p = pooledPairSamples(a, b, { pool, seed })
    return { classes: p.classes.length, textOnlyMean: mean(p.a), imageAwareMean: mean(p.b) }
  }
  return { shared: run('shared'), all: run('all') }
}

/**
 * The text-only set's captions of a few classes as examples-grid items: caption, class name and text-to-synset
 * similarity (what orders the authors' qualitative grid by quartile); the world has no pixels, so no image.
 * @param study a simulated study
 * @param options classes (default the first 4 of the text-only set), perClass (default 40 candidates per class)
 * @example examplesGrid(simulatedCaptionItems(study), { perQuartile: 1 })
 */
export function simulatedCaptionItems(study: SimulationStudy, { classes, perClass = 40 }: { classes?: number[], perClass?: number } = {}): { wnid: string, name: string, caption: string, similarity: number }[] {
  const { world } = study
  const sel = study.textOnly.selection
  const wanted = classes ?? [...new Set(sel.labels)].slice(0, 4)
  const taken = new Map<number, number>()
  const out: { wnid: string, name: string, caption: string, similarity: number }[] = []
  for (let r = 0; r < sel.rows.length; r++) {
    const c = sel.labels[r]
    if (!wanted.includes(c) || (taken.get(c) ?? 0) >= perClass) continue
    taken.set(c, (taken.get(c) ?? 0) + 1)
    out.push({ wnid: classKey(c), name: className(c), caption: exampleCaption(world, sel.rows[r]), similarity: world.textSimilarity[sel.rows[r]] })
  }
  return out
}
