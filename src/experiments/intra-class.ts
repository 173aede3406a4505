import { experimentSources, type SourceChoice } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { paperValue } from '../paper/registry.js'
import { imageNetValFolder } from '../datasets/imagenet-val-folder.js'
import { fig6IntraClass } from '../plots/figures/fig6-intra-class.js'
import { part, pct, recorder, shown, simulatedStudy } from './common.js'
import { embedImageSet, embedLaionetImages } from './embed-sets.js'
import { dropRecords, dropTable, imageRuleFor } from './image-drops.js'
import { encoderShares } from './intra-class-encoders.js'
import { compareSource, labelledSet, simulatedSource, type IntraClassSource } from './intra-class-source.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentResult, ExperimentTable } from './types.js'

const rec = recorder('intra-class')

/** Seed of the simulated world notebook 05 and the experiment use. */
export const INTRA_CLASS_SEED = 1

/**
 * The two labelled embedding sets of Fig. 6 under a source choice: the configured embedding files, the configured
 * images embedded with the configured CLIP (cached), or the simulated world's selections.
 * @example const { a, b, tier } = await intraClassSets(config, part(experimentSources(config, 'intra-class'), 'intra-class'))
 */
export async function intraClassSets(config: LaionetConfig, choice: SourceChoice, onProgress?: (message: string) => void): Promise<IntraClassSource> {
  const emb = config.sources.embeddings
  let source: IntraClassSource
  if (choice.branch === 'embeddings') {
    const [a, b] = await Promise.all([labelledSet('LAIONet', emb.laionet!.file, emb.laionet!.labels), labelledSet('ImageNet validation', emb.imagenetVal!.file, emb.imagenetVal!.labels)])
    source = { tier: 'real', origin: 'config', note: `CLIP embeddings named in ${config.file ?? 'the configuration'}`, a, b, source: choice.source }
  } else if (choice.branch === 'images') {
    const model = await loadConfiguredClip(config)
    try {
      const onError = (file: string, error: string) => onProgress?.(`intra-class: skipped ${file}: ${error}`)
      onProgress?.(`intra-class: embedding the LAIONet images of ${config.sources.laionetImages} with ${model.spec}`)
      const a = await embedLaionetImages(model.clip, config, onError)
      const images = await imageNetValFolder(config.sources.imagenetVal.folder!, { devkit: config.sources.imagenetVal.devkit ?? undefined })
      onProgress?.(`intra-class: embedding ${images.length} ImageNet validation images`)
      const b = await embedImageSet(model.clip, 'ImageNet validation', images, { onError, imageRule: imageRuleFor(config, 'local') })
      source = { tier: model.tier, origin: 'images', note: `CLIP (${model.tier === 'fixture' ? 'tiny random, meaningless' : model.spec}) image embeddings of ${a.labels.length} LAIONet and ${b.labels.length} ImageNet validation images`, a, b, source: choice.source, drops: [{ side: 'LAIONet', ...a.drops }, { side: 'ImageNet validation', ...b.drops }] }
    } finally {
      await model.clip.dispose()
    }
  } else {
    source = simulatedSource(INTRA_CLASS_SEED, {}, await simulatedStudy(INTRA_CLASS_SEED))
  }
  return source
}

/**
 * Fig. 6: per-class intra-class similarity of LAIONet against ImageNet validation, with the paper's test and the
 * corrected one. Sources: `sources.embeddings.laionet` and `.imagenetVal` (tier `real`); else CLIP image embeddings
 * computed here from `sources.laionetImages` (first `limits.laionetPerClass` per class) and
 * `sources.imagenetVal.folder` with the configured CLIP and the embedding cache (`real`, or `fixture` through the
 * tiny CLIP); else the simulated world's text-only and image-aware selections (`simulated`).
 * @example const { records, figures } = await intraClass({ config: await loadConfig() })
 */
export async function intraClass({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'intra-class')
  const source = await intraClassSets(config, part(sources, 'intra-class'), onProgress)
  const { comparison, figure } = await compareSource(source, { maxPerClass: config.limits.laionetPerClass, seed: 0 })
  const tier = source.tier
  const src = source.source ?? []
  const note = source.origin === 'simulated' ? 'simulated world: text-only vs image-aware selection' : source.note
  const o = { unit: '%', tier, source: src, note }
  // A share of no class is not a measurement: with no class compared, the shares are null and the paper's stand alone.
  const none = comparison.compared === 0
  const share = (x: number) => (none ? null : pct(x))
  const os = none ? { ...o, tier: 'quoted' as const, note: `${note}; no class has >= 7 pairs on both sides, so no share` } : o
  const records = [
    rec('fig6.lowerShare', 'Fig. 6', "classes where LAIONet is significantly less similar (paper's test)", share(comparison.paper.lowerShare), os),
    rec('fig6.higherShare', 'Fig. 6', "classes where LAIONet is significantly more similar (paper's test)", share(comparison.paper.higherShare), os),
    rec('fig6.lowerShareText', 'Fig. 6', 'classes whose LAIONet mean is lower (plain comparison of the per-class means, no test)', share(comparison.plain.lowerShare), os),
    rec('fig6.lowerShare.corrected', 'Fig. 6', 'classes where LAIONet is significantly less similar (corrected test)', share(comparison.corrected.lowerShare), { ...os, paper: null }),
    rec('fig6.higherShare.corrected', 'Fig. 6', 'classes where LAIONet is significantly more similar (corrected test)', share(comparison.corrected.higherShare), { ...os, paper: null }),
    rec(source.origin === 'simulated' ? 'fig6.comparedClasses.simulated' : 'fig6.comparedClasses', 'Fig. 6', 'classes compared (>= 7 pairs on both sides)', comparison.compared, { ...o, unit: 'classes' }),
    rec('fig6.textOnlyMean', 'Fig. 6', `mean intra-class similarity of ${source.a.name}`, meanOf(comparison.classes.map((c) => c.a.mean)), { ...o, unit: 'similarity', paper: null }),
    ...source.origin === 'simulated' ? [] : [rec('fig6.firstN', 'Fig. 6', 'LAIONet images per class compared (the first of each class)', config.limits.laionetPerClass, { tier: 'real', source: config.file ? [config.file] : [], note: 'limits.laionetPerClass of this run' })],
    // The other image encoders (TMLR Sec. 3): computed when models.imageEncoders and the image folders are configured.
    ...(await encoderShares(config, onProgress)),
    ...(source.drops ?? []).flatMap((d) => dropRecords('intra-class', 'Fig. 6', d.side, d.counts, { rule: d.rule, tier, source: src, of: d.of })),
  ]
  const tables: ExperimentTable[] = [
    { id: 'per-class', title: 'Per-class statistics (most negative delta first)', rows: [...comparison.classes].sort((x, y) => x.delta - y.delta).slice(0, 10).map((c) => ({
      class: source.names?.get(c.key) ?? c.key, n_a: c.a.n, n_b: c.b.n, mean_a: +c.a.mean.toFixed(4), mean_b: +c.b.mean.toFixed(4), delta: +c.delta.toFixed(4), paper: c.paper.verdict, corrected: c.corrected.verdict,
    })) },
    { id: 'tests', title: 'How many classes, by each test', rows: [
      { test: "paper's (pairs independent)", lower: shown(comparison.paper.lowerShare), higher: shown(comparison.paper.higherShare), paper_lower: paperValue('fig6.lowerShare'), paper_higher: paperValue('fig6.higherShare') },
      { test: 'corrected (jackknife over images)', lower: shown(comparison.corrected.lowerShare), higher: shown(comparison.corrected.higherShare), paper_lower: null, paper_higher: null },
    ] },
    { id: 'summary', title: 'Sets compared', rows: [
      { set: source.a.name, images: source.a.labels.length, width: source.a.d },
      { set: source.b.name, images: source.b.labels.length, width: source.b.d },
      { set: 'compared classes', images: comparison.compared, width: null },
      { set: 'skipped classes (fewer than 7 pairs on a side)', images: comparison.skipped.length, width: null },
      { set: 'classes where the two tests disagree', images: comparison.disagreements.length, width: null },
    ] },
  ]
  if (source.drops) tables.push(dropTable('image-drops', source.drops))
  return { experiment: 'intra-class', sources, records, figures: [{ id: 'fig6-intra-class', figure: fig6IntraClass(figure) }], tables }
}

/** The mean of finite numbers (null for none). */
function meanOf(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite)
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null
}
