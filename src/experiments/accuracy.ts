import { weightedAccuracy } from '../metrics/accuracy.js'
import { standInClassWeights } from '../metrics/stand-in-weights.js'
import { PAPER_ACCURACY, paperModelGroup } from '../paper/accuracy.js'
import { appF } from '../plots/figures/app-f.js'
import { fig1Accuracy } from '../plots/figures/fig1-accuracy.js'
import { fig1ImageNetSide } from '../plots/figures/fig1-imagenet-side.js'
import { fig5LaionWeighted } from '../plots/figures/fig5-laion-weighted.js'
import type { PlotlyFigure } from '../plots/types.js'
import type { Tier } from '../tier.js'
import { imagenetSide, laionetSide, planAccuracy, sideRecords, sourceOf, type AccuracyPlan, type LaionetSideResult, type Side, type SideResult } from './accuracy-sides.js'
import { idPart, part, pct, recorder } from './common.js'
import { appF2Gaps, appF2Panel, appF2Sets } from './app-f2.js'
import { dropRecords as imageDropRecords, dropTable } from './image-drops.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult, ExperimentTable } from './types.js'

const rec = recorder('accuracy')

/** "Strong" models of the paper's Fig. 1 sentence: top-1 on ImageNet validation of at least this share. */
const STRONG_MODEL_TOP1 = 0.8

/** The four models of the authors' Appendix F panels (plot_relative_frequency_vs_intra_class_sim_vs_recall.ipynb). */
export const APP_F_MODELS = ['resnet-50', 'convnext-base-224', 'convnext-base-224-22k-1k', 'vit-base-patch16-224'] as const
/** Appendix F.1 plots the classes with at least this many LAIONet labels (`if wnid2freq[wnid] < 10: continue`). */
export const APP_F_MIN_FREQUENCY = 10

/** What the experiment presents, filled by the present functions. */
interface Out { records: ExperimentRecord[], figures: { id: string, figure: PlotlyFigure }[], tables: ExperimentTable[] }

/**
 * Fig. 1, Fig. 5, Appendix F.1: equi-weighted (and LAION-weighted) accuracy of ImageNet classifiers on ImageNet
 * validation and on LAIONet. ImageNet side: `models.classifiers` over `sources.imagenetVal.folder` (devkit labels; tier
 * `real`), else the authors' released per-image results (`released`). LAIONet side: the classifiers over the
 * downloaded LAIONet shards `sources.laionetImages` (labels and OCR verdicts from the build; `real`), else the
 * authors' released LAIONet parquet `sources.laionetReleased` (`released`), else the paper's stated range (`quoted`).
 * Images are kept by the authors' rule (`methods.imageRule`). Fig. 5 weights classes by LAIONet's label counts before
 * the OCR drop; without LAIONet, stand-in weights show the machinery (`simulated`).
 * @example const { records } = await accuracy({ config: await loadConfig() })
 */
export async function accuracy(context: ExperimentContext): Promise<ExperimentResult> {
  const plan = await planAccuracy(context)
  try {
    const inet = await imagenetSide(plan)
    const lnet = await laionetSide(plan)
    const out: Out = { records: [...inet.records, ...lnet.records], figures: [], tables: [...inet.tables] }
    presentFig1(plan, inet, lnet, out)
    presentZeroShot(plan, inet, lnet, out)
    presentFig5(plan, inet, lnet, out)
    await presentAppF2(plan, lnet, out)
    presentImages(plan, inet, lnet, out)
    return { experiment: 'accuracy', sources: plan.sources, ...out }
  } finally {
    await plan.clipModel?.clip.dispose()
  }
}

const tierOf = (plan: AccuracyPlan, model: string, side: Tier): Tier => (plan.fixtureModels.has(model) ? 'fixture' : side)

/** Fig. 1: the LAIONet side's records, the drops ImageNet -> LAIONet and the figure (or the ImageNet side alone). */
function presentFig1(plan: AccuracyPlan, inet: SideResult, lnet: LaionetSideResult, out: Out): void {
  const imagenet = inet.sides
  if (!lnet.sides.length) {
    out.records.push(...accuracyDropRecords([], 'quoted', []))
    out.figures.push({ id: 'fig1-accuracy-imagenet-side', figure: fig1ImageNetSide({
      tier: plan.inet.tier,
      note: 'LAIONet band: the paper\'s stated 5-12 point drop (quoted); CLIP zero-shot is quoted separately (about 2 points)',
      quotedDrop: PAPER_ACCURACY.laionetDrop,
      rows: imagenet.flatMap((s) => ([1, 5] as const).map((k) => ({
        model: s.model, group: paperModelGroup(s.model), k,
        imagenet: (k === 1 ? s.top1 : s.top5).accuracy, imagenetHalfWidth: (k === 1 ? s.top1 : s.top5).halfWidth,
        dropApplies: paperModelGroup(s.model) !== 'CLIP zero-shot',
      }))),
    }) })
    return
  }
  const both = lnet.sides.filter((l) => imagenet.some((i) => i.model === l.model))
  for (const l of lnet.sides) out.records.push(...sideRecords('laionet', 'LAIONet', l, { tier: tierOf(plan, l.model, plan.lnet.tier), source: sourceOf(plan, lnet.source, l), note: `${l.top1Table.images} samples of ${l.top1.classes} classes` }))
  // The paper's drop is over the classifiers; CLIP zero-shot is reported on its own.
  const dropModels = both.filter((l) => paperModelGroup(l.model) !== 'CLIP zero-shot')
  const inetOf = (l: Side) => imagenet.find((x) => x.model === l.model)!
  const drops = dropModels.map((l) => ({ model: l.model, imagenet: inetOf(l).top1.accuracy, drop: pct(inetOf(l).top1.accuracy - l.top1.accuracy) }))
  const dropTier: Tier = plan.lnet.tier === 'real' && plan.inet.tier === 'real' ? 'real' : 'released'
  const dropSource = [...new Set([...sourceOf(plan, inet.source, ...dropModels.map(inetOf)), ...sourceOf(plan, lnet.source, ...dropModels)])]
  out.records.push(...accuracyDropRecords(drops, drops.length ? dropTier : 'quoted', drops.length ? dropSource : []))
  if (!both.length) return
  out.figures.push({ id: 'fig1-accuracy', figure: fig1Accuracy({
    tier: dropTier, note: `ImageNet: ${plan.inet.reason}; LAIONet: ${plan.lnet.reason}. Error bars as the authors': 1 SE on the ImageNet axis, 1.96 SE on the LAIONet axis`,
    rows: fig1Rows(imagenet, both),
  }) })
}

/**
 * Fig. 1's points with the authors' error bars (plot_accuracy_of_laionet_vs_imagenet.ipynb, cell 33: yerr = the
 * ImageNet acc_se, 1 SE; xerr = the LAIONet acc_se * z, 1.96 SE; acc_se of calc_equi_acc on both), for the models of
 * `laionet` that `imagenet` has.
 * @example fig1Rows(imagenetSides, laionetSides)[0].laionetHalfWidth // 1.96 * the LAIONet top-1 SE
 */
export function fig1Rows(imagenet: readonly Pick<Side, 'model' | 'top1' | 'top5'>[], laionet: readonly Pick<Side, 'model' | 'top1' | 'top5'>[]) {
  return laionet.flatMap((l) => {
    const i = imagenet.find((x) => x.model === l.model)
    if (!i) return []
    return ([1, 5] as const).map((k) => {
      const a = k === 1 ? i.top1 : i.top5
      const b = k === 1 ? l.top1 : l.top5
      return { model: l.model, group: paperModelGroup(l.model), k, imagenet: a.accuracy, imagenetHalfWidth: a.se, laionet: b.accuracy, laionetHalfWidth: 1.96 * b.se }
    })
  })
}

/** CLIP zero-shot's top-1 difference ImageNet - LAIONet (the paper's "about 2 points"). */
function presentZeroShot(plan: AccuracyPlan, inet: SideResult, lnet: LaionetSideResult, out: Out): void {
  const zsI = inet.sides.find((s) => paperModelGroup(s.model) === 'CLIP zero-shot')
  const zsL = lnet.sides.find((s) => s.model === zsI?.model)
  const claim = 'CLIP zero-shot difference ImageNet vs LAIONet'
  if (!zsI || !zsL) {
    out.records.push(rec('fig1.clipZeroShotDifference', 'Fig. 1', claim, null, { tier: 'quoted', source: [], note: 'needs CLIP zero-shot results on both sides (the released results, or images on both sides)' }))
    return
  }
  const tier: Tier = plan.fixtureModels.has(zsI.model) ? 'fixture' : plan.lnet.tier === 'real' && plan.inet.tier === 'real' ? 'real' : 'released'
  out.records.push(rec('fig1.clipZeroShotDifference', 'Fig. 1', claim, pct(zsI.top1.accuracy - zsL.top1.accuracy), { tier, source: [...new Set([...sourceOf(plan, inet.source, zsI), ...sourceOf(plan, lnet.source, zsL)])], note: `${zsI.model}: equi-weighted top-1 on ImageNet minus on LAIONet` }))
}

/** Fig. 5: LAION-weighted against equi-weighted accuracy on LAIONet (stand-in weights without LAIONet); App. F.1. */
function presentFig5(plan: AccuracyPlan, inet: SideResult, lnet: LaionetSideResult, out: Out): void {
  const weights = lnet.frequencies
  if (!lnet.sides.length || !weights) return presentFig5Machinery(inet, out)
  const lTier = plan.lnet.tier
  const rows = lnet.sides.filter((l) => !plan.fixtureModels.has(l.model)).map((l) => {
    const i = inet.sides.find((x) => x.model === l.model)
    return { model: l.model, imagenet: i?.top1.accuracy ?? NaN, imagenet5: i?.top5.accuracy ?? NaN, equi1: l.top1.accuracy, laion1: weightedAccuracy(l.top1Table, weights).accuracy, equi5: l.top5.accuracy, laion5: weightedAccuracy(l.top5Table, weights).accuracy }
  })
  // How much lower the LAION-weighted top-1 is than the equi-weighted one, per model (positive = lower).
  const extra = rows.filter((w) => Number.isFinite(w.laion1)).map((w) => pct(w.equi1 - w.laion1))
  const source = [...sourceOf(plan, lnet.source, ...lnet.sides.filter((l) => rows.some((r) => r.model === l.model))), ...lnet.weightSource]
  const o = { tier: extra.length ? lTier : 'quoted' as Tier, source, note: `over ${extra.length} model(s), classes weighted by LAIONet's label counts before the OCR drop (${weights.size} classes)` }
  out.records.push(
    rec('fig5.extraDropMin', 'Fig. 5', 'LAION-weighted top-1 below equi-weighted top-1 on LAIONet, smallest over the models', extra.length ? extra.reduce((a, b) => Math.min(a, b)) : null, o),
    rec('fig5.extraDropMax', 'Fig. 5', 'LAION-weighted top-1 below equi-weighted top-1 on LAIONet, largest over the models', extra.length ? extra.reduce((a, b) => Math.max(a, b)) : null, o),
  )
  presentAppF1(plan, lnet, weights, out)
  const plotted = rows.filter((r) => [r.imagenet, r.imagenet5, r.laion1, r.laion5].every(Number.isFinite))
  if (!plotted.length) return
  out.figures.push({ id: 'fig5-laion-weighted', figure: fig5LaionWeighted({
    tier: lTier, note: `classes weighted by LAIONet's label counts before the OCR drop; ${plan.lnet.reason}`,
    rows: plotted.flatMap((w) => [
      { model: w.model, group: paperModelGroup(w.model), k: 1 as const, imagenet: w.imagenet, equiWeighted: w.equi1, laionWeighted: w.laion1 },
      { model: w.model, group: paperModelGroup(w.model), k: 5 as const, imagenet: w.imagenet5, equiWeighted: w.equi5, laionWeighted: w.laion5 },
    ]),
  }) })
}

/** Fig. 5's machinery on ImageNet-val recalls with stand-in Zipf weights, when there is no LAIONet side. */
function presentFig5Machinery(inet: SideResult, out: Out): void {
  const wnids = [...new Set(inet.sides.flatMap((m) => m.top1Table.classes.map((c) => c.key)))].sort()
  const weights = standInClassWeights(wnids, { seed: 0 })
  const weighted = inet.sides.map((m) => ({ model: m.model, equi1: m.top1.accuracy, laion1: weightedAccuracy(m.top1Table, weights).accuracy, equi5: m.top5.accuracy, laion5: weightedAccuracy(m.top5Table, weights).accuracy }))
  out.figures.push({ id: 'fig5-laion-weighted-machinery', figure: fig5LaionWeighted({
    tier: 'simulated', note: 'ImageNet-val recalls, stand-in weights; not LAIONet',
    rows: weighted.flatMap((w) => [
      { model: w.model, group: paperModelGroup(w.model), k: 1 as const, imagenet: w.equi1, equiWeighted: w.equi1, laionWeighted: w.laion1 },
      { model: w.model, group: paperModelGroup(w.model), k: 5 as const, imagenet: w.equi5, equiWeighted: w.equi5, laionWeighted: w.laion5 },
    ]),
  }, { title: 'Fig. 5 machinery (stand-in weights)' }) })
  const meanShift = weighted.reduce((s, w) => s + (w.laion1 - w.equi1), 0) / weighted.length
  out.records.push(
    rec('fig5.standInShift', 'Fig. 5', 'mean top-1 change from stand-in frequency weighting (ImageNet val recalls)', pct(meanShift), { unit: 'points', tier: 'simulated', source: inet.source, note: 'stand-in Zipf(0.75) weights, seed 0: the machinery, not LAIONet' }),
    rec('fig5.extraDropMin', 'Fig. 5', 'LAION-weighted top-1 below equi-weighted top-1 on LAIONet, smallest over the models', null, { tier: 'quoted', source: [] }),
    rec('fig5.extraDropMax', 'Fig. 5', 'LAION-weighted top-1 below equi-weighted top-1 on LAIONet, largest over the models', null, { tier: 'quoted', source: [] }),
  )
}

/** The short name of a model the authors' Appendix F names: `Xenova/vit-base-patch16-224` -> `vit-base-patch16-224`. */
const shortName = (model: string) => model.split('/').pop()!.toLowerCase()

/**
 * Appendix F.1, the authors' way: for each of their four models, the top-1 recall on LAIONet (after the OCR drop) of
 * every class with at least 10 labels against its relative frequency (labels before the OCR drop / all labels), one
 * panel per model. Models of the run that are none of the four are plotted only when none of the four ran (named).
 * F.2 is {@link presentAppF2}.
 */
export function appF1Rows(sides: readonly Side[], frequencies: ReadonlyMap<string, number>, names: ReadonlyMap<string, string>) {
  const total = [...frequencies.values()].reduce((a, b) => a + b, 0)
  const { models, authorsModels } = appFModels(sides)
  return {
    authorsModels,
    panels: models.map((s) => ({
      model: s.model,
      rows: s.top1Table.classes.filter((c) => (frequencies.get(c.key) ?? 0) >= APP_F_MIN_FREQUENCY).map((c) => ({ wnid: c.key, name: names.get(c.key), frequency: frequencies.get(c.key)!, relativeFrequency: frequencies.get(c.key)! / total, recall: c.recall })),
    })),
  }
}

/** Appendix F's panels: the authors' four models present in the run, else every classifier given (named so). */
function appFModels<S extends Pick<Side, 'model'>>(sides: readonly S[]): { models: readonly S[], authorsModels: boolean } {
  const theirs = sides.filter((s) => (APP_F_MODELS as readonly string[]).includes(shortName(s.model)))
  return { models: theirs.length ? theirs : sides, authorsModels: theirs.length > 0 }
}

/** The classifiers Appendix F plots: neither the tiny CLIP's zero-shot nor CLIP zero-shot. */
const appFSides = (plan: AccuracyPlan, lnet: LaionetSideResult) => lnet.sides.filter((l) => !plan.fixtureModels.has(l.model) && paperModelGroup(l.model) !== 'CLIP zero-shot')

function presentAppF1(plan: AccuracyPlan, lnet: LaionetSideResult, weights: Map<string, number>, out: Out): void {
  const names = new Map(plan.classes.map((c) => [c.wnid, c.lemmas[0]]))
  const f1 = appF1Rows(appFSides(plan, lnet), weights, names)
  const which = f1.authorsModels ? "the authors' Appendix F models present in this run" : `none of the authors' four Appendix F models (${APP_F_MODELS.join(', ')}) ran: every classifier of the run instead`
  for (const p of f1.panels) {
    if (!p.rows.length) continue
    out.figures.push({ id: `appF-recall-frequency-${idPart(p.model)}`, figure: appF({ tier: plan.lnet.tier, note: `${p.model}: top-1 recall on LAIONet (after the OCR drop) of the ${p.rows.length} classes with >= ${APP_F_MIN_FREQUENCY} labels, against the class's label count before the OCR drop (relative frequency = count / ${[...weights.values()].reduce((a, b) => a + b, 0)}); ${which}`, recallFrequency: p.rows, dropGap: [] }, { title: `Appendix F.1: ${p.model} recall against class frequency on LAIONet` }) })
  }
  out.tables.push({ id: 'appF-f1', title: 'Appendix F.1: classes plotted per model (>= 10 labels before the OCR drop)', rows: f1.panels.map((p) => ({ model: p.model, classes: p.rows.length, 'authors\' model': f1.authorsModels })) })
}

/**
 * Appendix F.2 the authors' way ({@link appF2Gaps}, {@link appF2Panel}): per model, LAIONet top-1 recall against the
 * class's intra-class similarity gap LAIONet - ImageNet-Captions, Pearson's r and a panel; quoted (no number) until
 * the configuration names both image sides and the LAIONet side ran.
 */
async function presentAppF2(plan: AccuracyPlan, lnet: LaionetSideResult, out: Out): Promise<void> {
  const claim = 'F.2: LAIONet top-1 recall against the intra-class similarity gap LAIONet - ImageNet-Captions (train), Pearson r'
  const { models, authorsModels } = appFModels(appFSides(plan, lnet))
  const f2 = part(plan.sources, 'app-f2')
  if (f2.branch === 'quoted' || !models.length) {
    const note = f2.branch === 'quoted' ? f2.reason : 'not measured: no classifier recall on LAIONet came out of this run'
    out.records.push(rec('appF.recallGap', 'Appendix F', claim, null, { unit: 'r', tier: 'quoted', paper: null, source: [], note }))
    return
  }
  const model = plan.clipModel ?? await loadConfiguredClip(plan.config)
  try {
    const sets = await appF2Sets(plan.config, model.clip, (file, error) => plan.onProgress?.(`accuracy: App. F.2 skipped ${file}: ${error}`))
    const gaps = await appF2Gaps(sets.laionet, sets.captions, plan.config.limits.laionetPerClass)
    const tier: Tier = sets.embedded && model.tier === 'fixture' ? 'fixture' : plan.lnet.tier
    const names = new Map(plan.classes.map((c) => [c.wnid, c.lemmas[0]]))
    const how = `per class mean cosine over every pair of its first ${plan.config.limits.laionetPerClass} LAIONet images (no OCR drop, as the authors' similarity files) minus that of all its ImageNet-Captions training images (${sets.captions.labels.length} read, ${sets.missing} missing or undecodable, ${sets.converted} non-RGB converted where the authors skip them)${sets.embedded ? `, embedded with ${model.spec}` : ''}`
    out.records.push(rec('appF.recallGapClasses', 'Appendix F', 'F.2: classes with >= 2 images on both sides (the authors\' wnid2avglsim)', gaps.length, { unit: 'classes', tier, paper: null, source: [...sets.source, ...(sets.embedded ? [model.spec] : [])], note: how }))
    for (const m of models) {
      const p = appF2Panel(gaps, m.top1Table, names)
      const source = [...new Set([...sets.source, ...(sets.embedded ? [model.spec] : []), ...sourceOf(plan, lnet.source, m)])]
      const note = `${p.rows.length} classes with a gap and a LAIONet recall (after the OCR drop); ${authorsModels ? "one of the authors' four models" : "none of the authors' four models ran: every classifier of the run instead"}`
      out.records.push(rec(`appF.recallGap.${idPart(m.model)}`, 'Appendix F', `${claim}, ${m.model}`, p.r, { unit: 'r', tier: p.r === null ? 'quoted' : tier, paper: null, source: p.r === null ? [] : source, note: p.r === null ? `${note}: too few points for a correlation` : note }))
      if (p.rows.length) out.figures.push({ id: `appF-recall-gap-${idPart(m.model)}`, figure: appF({ tier, note: `${m.model}: ${note}; gap = ${how}`, recallFrequency: [], dropGap: [], recallGap: p.rows }, { title: `Appendix F.2: ${m.model} recall against the intra-class similarity gap` }) })
    }
  } finally {
    if (!plan.clipModel) await model.clip.dispose()
  }
}

/** The images the authors' rule dropped on each side that read images, and the images that failed to decode. */
function presentImages(plan: AccuracyPlan, inet: SideResult, lnet: LaionetSideResult, out: Out): void {
  const drops = [inet.drops, lnet.drops].filter((d): d is NonNullable<SideResult['drops']> => d !== null)
  for (const d of drops) {
    const part = d.side === 'LAIONet' ? plan.lnet : plan.inet
    out.records.push(...imageDropRecords('accuracy', 'Fig. 1', d.side, d.counts, { rule: d.rule, tier: part.tier, source: part.source, of: d.of }))
  }
  if (drops.length) out.tables.push(dropTable('image-drops', drops))
  const decodeErrors = [...inet.decodeErrors, ...lnet.decodeErrors]
  if (decodeErrors.length) out.tables.push({ id: 'decode-errors', title: 'Images that failed to decode (left out of every accuracy)', rows: decodeErrors })
}

/** The classifiers' top-1 drops ImageNet -> LAIONet (points): smallest, largest, mean, and the strong models' median. */
function accuracyDropRecords(drops: readonly { model: string, imagenet: number, drop: number }[], tier: Tier, source: string[]): ExperimentRecord[] {
  const values = drops.map((d) => d.drop)
  const strong = drops.filter((d) => d.imagenet >= STRONG_MODEL_TOP1).map((d) => d.drop).sort((a, b) => a - b)
  const median = strong.length ? (strong[(strong.length - 1) >> 1] + strong[strong.length >> 1]) / 2 : null
  const none = 'the LAIONet side needs sources.laionetReleased (the authors\' released LAIONet parquet holds every model\'s per-sample results) or sources.laionetImages with models.classifiers'
  const note = drops.length ? `over ${drops.length} classifier(s) on both sides (CLIP zero-shot aside)` : none
  return [
    rec('fig1.dropMin', 'Fig. 1', 'smallest equi-weighted top-1 drop ImageNet -> LAIONet over the classifiers', values.length ? values.reduce((a, b) => Math.min(a, b)) : null, { tier, source, note }),
    rec('fig1.dropMax', 'Fig. 1', 'largest equi-weighted top-1 drop ImageNet -> LAIONet over the classifiers', values.length ? values.reduce((a, b) => Math.max(a, b)) : null, { tier, source, note }),
    rec('fig1.dropMean', 'Fig. 1', 'mean equi-weighted top-1 drop ImageNet -> LAIONet over the classifiers', values.length ? values.reduce((a, b) => a + b, 0) / values.length : null, { unit: 'points', tier, paper: null, source, note }),
    // Classifiers ran but none is strong: the rule was applied and found no model, which is a result of this run
    // (its tier, its sources), not the paper's number standing in; the value stays null, never a made-up median.
    rec('fig1.strongModelsDropAtLeast', 'Fig. 1', `median top-1 drop of the classifiers above ${pct(STRONG_MODEL_TOP1)}% top-1 on ImageNet`, median, { tier: drops.length ? tier : 'quoted', source, note: !drops.length ? none : strong.length ? `${strong.length} strong classifier(s)` : `no strong classifier: none of the ${drops.length} reaches ${pct(STRONG_MODEL_TOP1)}% top-1 on ImageNet (best ${pct(drops.reduce((a, d) => Math.max(a, d.imagenet), 0))}%), so there is no median to take and the paper's claim is not tested here` }),
  ]
}
