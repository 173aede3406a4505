import { nearestLaionSelection, type SourceChoice } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import type { ImageNetCaption } from '../datasets/types.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { embedTexts } from '../models/embed-texts.js'
import type { ImageModel, TextModel } from '../models/types.js'
import { fig9ImageNetTextSelection } from '../plots/figures/fig9-imagenet-text-selection.js'
import { comparisonSeries } from '../plots/inputs/comparison-series.js'
import type { PlotlyFigure } from '../plots/types.js'
import { paperValue } from '../paper/registry.js'
import { LaionetError } from '../util/errors.js'
import { part, pct, recorder } from './common.js'
import { FIG9_SWEEP_THRESHOLDS, fig9ClassRows, fig9Compare, fig9LaionStats, fig9Selection, fig9SweepPoint } from './fig9-measure.js'
import { dropRecords, dropTable, imageRuleFor } from './image-drops.js'
import { imageNetCaptionsTrainSet, nearestLaionImages, writeNearestSelection, type NearestSelectionRow } from './fig9-images.js'
import { laionCaptionBlocks, laionCaptionFiles, nearestInBlocks } from './laion-captions.js'
import type { ExperimentRecord, ExperimentTable } from './types.js'

const rec = recorder('imagenet-captions')

/** Fig. 9's LAION images per class: the authors' --n_sample of calc_and_store_intra_class_image_similarities.py. */
const FIG9_PER_CLASS = 100

/**
 * Fig. 9 on real data, the authors' way: each ImageNet-Captions caption's nearest LAION caption over every configured
 * LAION caption (exact search; part `imagenet-captions-nearest`), the download selection (first 100 distinct nearest
 * rows per class) written for `laionet download`, and, when its images and ImageNet-Captions' training images are
 * configured (part `imagenet-captions-images`), the per-class test at 0.7 and the 0.5-0.75 sweep.
 * @param C the captions' unit CLIP text embeddings, one row per caption
 */
export async function fig9Real(config: LaionetConfig, sources: readonly SourceChoice[], captions: readonly ImageNetCaption[], C: { data: Float32Array, dim: number }, clip: TextModel & ImageModel, onProgress?: (message: string) => void) {
  const records: ExperimentRecord[] = []
  const figures: { id: string, figure: PlotlyFigure }[] = []
  const tables: ExperimentTable[] = []
  const near = part(sources, 'imagenet-captions-nearest')
  const imagesPart = part(sources, 'imagenet-captions-images')
  const { files, sample } = await laionCaptionFiles(config)
  onProgress?.(`imagenet-captions: nearest LAION caption over ${files.length} LAION file(s)`)
  const nearest = await nearestInBlocks(C.data, C.dim, laionCaptionBlocks(files, 32768), (t) => embedTexts(clip, t), {
    onBlock: (done) => onProgress?.(`imagenet-captions: ${done} LAION captions searched`),
  })
  const threshold = paperValue('fig9.threshold')
  const wnids = captions.map((c) => c.wnid)
  const withCaption = new Set(wnids).size
  const kept = new Set(wnids.filter((_, q) => nearest.similarity[q] > threshold))
  const scale = sample || config.limits.maxLaionRows ? '.subset' : ''
  const searched = `${files.length} LAION file(s) searched exactly (the authors: an approximate FAISS index of LAION-400M)`
  const coverage = (n: number, tier: typeof near.tier, source: string[], how: string) => rec(`fig9.classCoverage${scale}`, 'Fig. 9', `classes covered at the threshold (nearest LAION caption > ${threshold})`, pct(n / withCaption), { tier, source, note: `${n} of ${withCaption} classes with a caption: ${how}; ${searched}` })

  // The download selection: per class its first 100 distinct nearest LAION rows (no threshold yet), as the authors'.
  const at = new Map<number, number>()
  nearest.index.forEach((r, q) => { if (!at.has(r)) at.set(r, q) })
  const selection: NearestSelectionRow[] = []
  for (const [w, rows] of fig9Selection(wnids, nearest.index, FIG9_PER_CLASS)) for (const r of rows) selection.push({ wnid: w, laionIndex: r, url: nearest.url[at.get(r)!], text: nearest.text[at.get(r)!] })
  const selectionFile = nearestLaionSelection(config)
  writeNearestSelection(selectionFile, selection)
  onProgress?.(`imagenet-captions: ${selection.length} selected LAION rows written to ${selectionFile} (for laionet download)`)

  let differences: ReturnType<typeof comparisonSeries> = []
  if (imagesPart.branch === 'images') {
    const laion = await nearestLaionImages(config.sources.nearestLaionImages!, selectionFile, selection, clip, { imageRule: imageRuleFor(config, 'download'), onProgress })
    const train = await imageNetCaptionsTrainSet(config, captions, clip)
    if (laion.keyRow.size && train.set.d !== laion.d) throw new LaionetError('imagenet-captions', `the selected LAION images embed to width ${laion.d} but the ImageNet-Captions training embeddings have ${train.set.d} (embed both with models.clip)`, { code: 'mismatch' })
    const ic = await intraClassByLabelAsync(train.set.X, train.set.labels, train.set.d)
    const statsAt = async (t: number) => fig9LaionStats(fig9ClassRows(wnids, nearest, laion.stored, t), laion.X, laion.keyRow, laion.d)
    const comparison = fig9Compare(await statsAt(threshold), ic)
    differences = comparisonSeries(comparison)
    const sweep = []
    for (const t of FIG9_SWEEP_THRESHOLDS) sweep.push(fig9SweepPoint(t, await statsAt(t), ic))
    const tier = comparison.compared ? imagesPart.tier : 'quoted'
    const td = train.drops
    const trainRule = !td ? '' : td.rule === 'convert' ? `, ${train.converted} non-RGB converted and kept (methods.imageRule convert; the authors skip them)` : `, ${td.counts.mode} non-RGB left out (the authors' mode RGB rule)`
    const note = `${laion.keyRow.size} selected LAION images stored (first ${FIG9_PER_CLASS} distinct nearest rows per class, before the threshold; an image two kept captions share counts twice, as the authors'); ImageNet-Captions: ${train.set.labels.length} training images${train.missing ? ` (${train.missing} image files missing or undecodable)` : ''}, every image of a class${trainRule}; ${laion.drops.counts.mode + laion.drops.counts.size + laion.drops.counts.verify} selected LAION images dropped by the image rule (${laion.drops.rule}); ${comparison.compared} classes with >= 7 pairs on both sides${comparison.compared ? '' : ', so no share'}`
    // The authors' count (the sweep's n_wnid_included read at 0.7): classes with >= 2 selected images above it.
    const at07 = fig9SweepPoint(threshold, await statsAt(threshold), ic)
    records.push(
      coverage(at07.classes, imagesPart.tier, [...near.source, ...imagesPart.source], 'classes with >= 2 selected LAION images above it and >= 2 ImageNet-Captions images (the authors\' count)'),
      rec('fig9.lowerShare', 'Fig. 9', "classes where LAION selected by ImageNet texts is significantly less similar (paper's test)", comparison.compared ? pct(comparison.paper.lowerShare) : null, { tier, source: imagesPart.source, note }),
      rec('fig9.lowerShareText', 'Fig. 9', 'classes where LAION selected by ImageNet texts has a lower mean (plain comparison, no test)', comparison.compared ? pct(comparison.plain.lowerShare) : null, { tier, source: imagesPart.source, note }),
    )
    // Images the authors' rule dropped: the downloaded selection (verify_image), the training folder (mode RGB).
    const drops = [laion.drops, ...(train.drops ? [train.drops] : [])]
    for (const d of drops) records.push(...dropRecords('imagenet-captions', 'Fig. 9', d.side, d.counts, { rule: d.rule, tier: imagesPart.tier, source: d === laion.drops ? [config.sources.nearestLaionImages!] : [config.sources.imagenetCaptionsImages!], of: d.of }))
    tables.push(dropTable('image-drops', drops))
    tables.push({ id: 'fig9-sweep', title: 'Fig. 9 threshold sweep (np.linspace(0.5, 0.75, 20); no >= 7-pair rule, as the authors)', rows: sweep.map((p) => ({ ...p })) })
  } else {
    records.push(coverage(kept.size, near.tier, near.source, 'classes with a caption whose nearest LAION caption is above it (the authors count classes with >= 2 selected images above it, which needs sources.nearestLaionImages)'))
    records.push(rec('fig9.lowerShare', 'Fig. 9', "classes where LAION selected by ImageNet texts is significantly less similar (paper's test)", null, { tier: 'quoted', source: [], note: `${imagesPart.reason}; the selection to download is ${selectionFile}` }))
  }
  figures.push({ id: 'fig9-imagenet-text-selection', figure: fig9ImageNetTextSelection({ tier: near.tier, note: `nearest of every caption of ${files.length} LAION file(s)`, nearestSimilarities: nearest.similarity, threshold, differences }) })
  return { records, figures, tables }
}
