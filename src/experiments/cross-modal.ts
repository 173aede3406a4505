import { experimentSources } from '../config/resolve-sources.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { synsetTexts } from '../laionet/synset-texts.js'
import { compareIntraClass } from '../metrics/compare.js'
import type { IntraClassStats } from '../metrics/types.js'
import { embedTexts } from '../models/embed-texts.js'
import { appDCrossModal } from '../plots/figures/app-d-cross-modal.js'
import { comparisonSeries } from '../plots/inputs/comparison-series.js'
import { simulatedCrossModalInput } from '../plots/inputs/simulated.js'
import { crossModalDifficulty } from '../simulate/cross-modal.js'
import { LaionetError } from '../util/errors.js'
import { part, pct, recorder, simulatedStudy } from './common.js'
import { type IntraClassSource, type LabelledSet } from './intra-class-source.js'
import { join } from 'node:path'
import { buildFolder } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { imageNetValFolder } from '../datasets/imagenet-val-folder.js'
import { embedImageSet, embedLaionetImages } from './embed-sets.js'
import { dropRecords, dropTable, imageRuleFor } from './image-drops.js'
import { buildOcrFlags, flaggedDownloadRows, OCR_FLAGS_FILE } from './ocr-drop.js'
import { intraClassSets } from './intra-class.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult } from './types.js'

const rec = recorder('cross-modal')

/**
 * Per class, the mean of one value per image in the shape `compareIntraClass` takes (`pairs` = images, so both tests'
 * half-widths are 1.96 std / sqrt(n - 1)), as Appendix D compares image-to-synset similarities.
 * @example perImageClassStats([0.3, 0.2], ['a', 'a']).get('a')?.mean // 0.25
 */
export function perImageClassStats(values: ArrayLike<number>, labels: ArrayLike<string>): Map<string, IntraClassStats> {
  const groups = new Map<string, number[]>()
  for (let i = 0; i < values.length; i++) (groups.get(labels[i]) ?? groups.set(labels[i], []).get(labels[i])!).push(values[i])
  const out = new Map<string, IntraClassStats>()
  for (const key of [...groups.keys()].sort()) {
    const v = groups.get(key)!
    const n = v.length
    const mean = v.reduce((a, b) => a + b, 0) / n
    const variance = v.reduce((a, x) => a + (x - mean) ** 2, 0) / n
    out.set(key, { n, pairs: n, mean, var: variance, se: n >= 2 ? Math.sqrt(variance / (n - 1)) : NaN })
  }
  return out
}

/** Each image's cosine to its own class's synset text (unit rows: the dot product). */
function toSynset(set: LabelledSet, text: Map<string, Float32Array>): Float64Array {
  const out = new Float64Array(set.labels.length)
  for (let r = 0; r < set.labels.length; r++) {
    const t = text.get(set.labels[r])!
    let s = 0
    for (let k = 0; k < set.d; k++) s += set.X[r * set.d + k] * t[k]
    out[r] = s
  }
  return out
}

/**
 * Appendix D: CLIP image-to-synset-text similarity, LAIONet against ImageNet validation, class by class. Real branch:
 * the image embeddings of the intra-class experiment's sources (embedding files, or the configured images embedded
 * with the configured CLIP) against the synset texts embedded with the configured CLIP (tier `real`, `fixture` through
 * the tiny CLIP); else the simulated world's text-only and image-aware selections (`simulated`).
 * @example const { records } = await crossModal({ config: defaultConfig() })
 */
export async function crossModal({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'cross-modal')
  const choice = part(sources, 'cross-modal')
  if (choice.branch === 'simulated') {
    const study = await simulatedStudy(1)
    const result = crossModalDifficulty(study.world, study.textOnly.selection, study.imageAware.selection)
    const note = 'simulated world, seed 1'
    const records = [
      rec('appD.higherShare', 'Appendix D', 'classes where the text-only images are significantly more similar to their synset text', pct(result.comparison.paper.higherShare), { tier: 'simulated', source: [], note }),
      rec('appD.lowerShare', 'Appendix D', 'classes where the text-only images are significantly less similar to their synset text', pct(result.comparison.paper.lowerShare), { unit: '%', tier: 'simulated', source: [], note }),
    ]
    return { experiment: 'cross-modal', sources, records, figures: [{ id: 'app-d-cross-modal', figure: appDCrossModal(simulatedCrossModalInput(result)) }], tables: [] }
  }
  const model = await loadConfiguredClip(config)
  let sets: AppDSets
  let T: Awaited<ReturnType<typeof embedTexts>>
  let wnids: string[]
  try {
    sets = choice.branch === 'images' ? await appDImageSets(config, model, onProgress) : { ...await intraClassSets(config, part(experimentSources(config, 'intra-class'), 'intra-class'), onProgress), extra: [] }
    const texts = synsetTexts(await loadImageNetClasses())
    wnids = [...new Set([...sets.a.labels, ...sets.b.labels])].sort()
    T = await embedTexts(model.clip, wnids.map((w) => texts[w]))
  } finally {
    await model.clip.dispose()
  }
  if (T.dim !== sets.a.d) throw new LaionetError('cross-modal', `the image embeddings have width ${sets.a.d} but models.clip ${model.spec} embeds texts in ${T.dim} dimensions (embed the images with the configured CLIP)`, { code: 'mismatch' })
  const text = new Map(wnids.map((w, i) => [w, T.data.subarray(i * T.dim, (i + 1) * T.dim)]))
  const va = toSynset(sets.a, text)
  const vb = toSynset(sets.b, text)
  const comparison = compareIntraClass(perImageClassStats(va, sets.a.labels), perImageClassStats(vb, sets.b.labels))
  // With no class of >= 7 images on both sides nothing is compared: the paper's value stands alone (quoted).
  const o = comparison.compared
    ? { unit: '%', tier: choice.tier, source: choice.source, note: `${sets.note}; ${comparison.compared} classes compared` }
    : { unit: '%', tier: 'quoted' as const, source: choice.source, note: `${sets.note}; no class has >= 7 images on both sides, so no share (the sources it read are named)` }
  const records = [
    rec('appD.higherShare', 'Appendix D', 'classes where the LAIONet images are significantly more similar to their synset text', comparison.compared ? pct(comparison.paper.higherShare) : null, o),
    rec('appD.lowerShare', 'Appendix D', 'classes where the LAIONet images are significantly less similar to their synset text', comparison.compared ? pct(comparison.paper.lowerShare) : null, o),
    ...sets.extra.map((r) => ({ ...r, tier: r.tier === 'quoted' ? r.tier : choice.tier })),
    ...(sets.drops ?? []).flatMap((d) => dropRecords('cross-modal', 'Appendix D', d.side, d.counts, { rule: d.rule, tier: choice.tier, source: choice.source, of: d.of })),
  ]
  const figure = appDCrossModal({
    tier: choice.tier, note: sets.note,
    histograms: [{ name: sets.a.name, values: va }, { name: sets.b.name, values: vb }],
    differences: comparisonSeries(comparison),
  })
  return { experiment: 'cross-modal', sources, records, figures: [{ id: 'app-d-cross-modal', figure }], tables: sets.drops ? [dropTable('image-drops', sets.drops)] : [] }
}

/** Appendix D's two sets, and what it records about how they were chosen. */
type AppDSets = IntraClassSource & { extra: ExperimentRecord[] }

/**
 * Appendix D's images, the authors' way (evaluate_distribution_of_similarities.ipynb, cells 11 and 29): every LAIONet
 * image of each class (not the first `limits.laionetPerClass`: their per-class lists are whole), after the OCR drop
 * (`sm_df[wnid_is_in_recognized_text == False]`, from the build's `laionet ocr-filter` verdicts) and their
 * verify_image; every ImageNet validation image in PIL mode RGB. The classes with >= 7 images a side are compared.
 */
async function appDImageSets(config: LaionetConfig, model: Awaited<ReturnType<typeof loadConfiguredClip>>, onProgress?: (message: string) => void): Promise<AppDSets> {
  const onError = (file: string, error: string) => onProgress?.(`cross-modal: skipped ${file}: ${error}`)
  const flags = await buildOcrFlags(config)
  const skipRows = flags ? await flaggedDownloadRows(config, flags) : undefined
  onProgress?.(`cross-modal: embedding every LAIONet image of ${config.sources.laionetImages} with ${model.spec}`)
  const a = await embedLaionetImages(model.clip, config, onError, { perClass: Infinity, skipRows })
  const images = await imageNetValFolder(config.sources.imagenetVal.folder!, { devkit: config.sources.imagenetVal.devkit ?? undefined })
  const b = await embedImageSet(model.clip, 'ImageNet validation', images, { onError, imageRule: imageRuleFor(config, 'local') })
  const ocr = rec('appD.ocrDropped', 'Appendix D', 'LAIONet images left out by the OCR drop', flags ? skipRows!.size : null, {
    unit: 'images', tier: flags ? model.tier : 'quoted', paper: null, source: flags ? [flags.file] : [],
    note: flags ? `the build's OCR verdicts (${flags.verdicts} read, ${flags.errors} unreadable and kept)` : `no OCR verdicts in ${join(buildFolder(config), OCR_FLAGS_FILE)}: Appendix D is measured WITHOUT the authors' OCR drop (run laionet ocr-filter)`,
  })
  const note = `CLIP (${model.tier === 'fixture' ? 'tiny random, meaningless' : model.spec}) embeddings of all ${a.labels.length} LAIONet images${flags ? ' after the OCR drop' : ' (no OCR drop: no verdicts)'} and ${b.labels.length} ImageNet validation images`
  return { tier: model.tier, origin: 'images', note, a, b, source: [config.sources.laionetImages!, config.sources.imagenetVal.folder!], drops: [{ side: 'LAIONet', ...a.drops }, { side: 'ImageNet validation', ...b.drops }], extra: [ocr] }
}
