import type { SourceChoice } from '../config/resolve-sources.js'
import { imageNetV2Sources } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { dataFolder } from '../data/data-path.js'
import { loadLaionetLabels } from '../datasets/laionet-labels.js'
import { imageNetV2Folders } from '../datasets/imagenetv2-folders.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { IMAGENETV2_SETS, projectedEquiAccuracy } from '../metrics/imagenetv2.js'
import { loadImageNetV2Accuracy } from '../metrics/imagenetv2-load.js'
import { PAPER_SELECTION_FREQUENCY } from '../paper/accuracy.js'
import { fig7AccuracyScatter, type Fig7ScatterRow } from '../plots/figures/fig7-accuracy-scatter.js'
import { fig7Accuracy } from '../plots/figures/fig7-imagenetv2.js'
import type { PlotlyFigure } from '../plots/types.js'
import { idPart, pct, recorder } from './common.js'
import { countDrops, imageRuleFor, type DropSide } from './image-drops.js'
import { laionetImageChunks } from './laionet-images.js'
import { inChunks, runClassifiers, type ClassifierRun } from './run-classifiers.js'
import type { ExperimentRecord } from './types.js'

const rec = recorder('imagenetv2')

/** The three ImageNetV2 sets by configuration key, with the paper's names and mean selection frequencies. */
export const V2_SETS = {
  matchedFrequency: { dataset: 'imagenetv2-b-33', ...PAPER_SELECTION_FREQUENCY['imagenetv2-b-33'] },
  threshold07: { dataset: 'imagenetv2-a-44', ...PAPER_SELECTION_FREQUENCY['imagenetv2-a-44'] },
  topImages: { dataset: 'imagenetv2-c-12', ...PAPER_SELECTION_FREQUENCY['imagenetv2-c-12'] },
} as const

type Part = { records: ExperimentRecord[], figures: { id: string, figure: PlotlyFigure }[], drops: DropSide[] }

/** What the image rule dropped on a side the classifiers read (the same images and rule for every classifier). */
const runDrops = (side: string, runs: readonly ClassifierRun[], rule: DropSide['rule']): DropSide =>
  ({ side, rule, counts: countDrops(runs[0]?.errors ?? []), of: runs[0]?.read ?? 0 })

/**
 * Fig. 7's accuracy with `models.classifiers` on the configured ImageNetV2 folders: plain top-1 per set, and, as the
 * authors' plot_accuracy_of_laionet_vs_imagenetv2 does, equi-weighted top-1 over the classes LAIONet's labels list
 * (`sources.laionetLabels`; else the classes of the LAIONet images) against the same models' equi-weighted top-1 on
 * LAIONet (`sources.laionetImages`), drawn as their scatter.
 */
async function v2AccuracyFromFolders(config: LaionetConfig, labels: SourceChoice, onProgress?: (message: string) => void): Promise<Part> {
  const classes = await loadImageNetClasses()
  const records: ExperimentRecord[] = []
  // The authors' verify_image on the downloaded LAIONet images, their local rule (mode RGB) on the V2 folders.
  const downloadRule = imageRuleFor(config, 'download')
  const localRule = imageRuleFor(config, 'local')
  const drops: DropSide[] = []
  const laionetRuns: ClassifierRun[] = config.sources.laionetImages ? await runClassifiers(config, classes, () => laionetImageChunks(config), onProgress, { imageRule: downloadRule }) : []
  if (laionetRuns.length) drops.push(runDrops('LAIONet (classifiers)', laionetRuns, downloadRule))
  // The authors project ImageNetV2 on the keys of wnid2laionindices (an empty list counts: they do not drop empties there).
  const labelFile = labels.branch === 'label-file' ? labels.source[0] : null
  const listed = labelFile ? new Set([...(await loadLaionetLabels(labelFile)).keys()]) : null
  const keep = listed ?? (laionetRuns.length ? new Set(laionetRuns[0].top1Table.classes.map((c) => c.key)) : null)
  const keepNote = listed ? `over the ${listed.size} classes of ${labelFile}` : keep ? `over the ${keep.size} classes of the LAIONet images` : 'over all classes (no LAIONet labels or images configured to project on)'
  const laionet = new Map(laionetRuns.map((r) => [r.model, projectedEquiAccuracy(r.top1Table, null)]))
  for (const r of laionetRuns) records.push(rec(`fig7.laionetEquiTop1.${idPart(r.model)}`, 'Fig. 7', `${r.model} equi-weighted top-1 on LAIONet`, pct(laionet.get(r.model)!.accuracy), { unit: '%', tier: 'real', source: [config.sources.laionetImages!, r.spec], note: `${r.top1Table.images} images, ${laionet.get(r.model)!.classes} classes; the OCR drop is the accuracy experiment's` }))
  const rows: { model: string, dataset: string, accuracy: number }[] = []
  const scatter: Fig7ScatterRow[] = []
  for (const set of imageNetV2Sources(config).filter((s) => s.folder)) {
    const meta = V2_SETS[set.key]
    const images = await imageNetV2Folders(set.folder!)
    onProgress?.(`imagenetv2: ${images.length} images in ${set.folder}`)
    const runs = await runClassifiers(config, classes, () => inChunks(images), onProgress, { imageRule: localRule })
    const dropped = runDrops(`${meta.name} (classifiers)`, runs, localRule)
    if (runs.length) drops.push(dropped)
    const nDropped = dropped.counts.mode + dropped.counts.size + dropped.counts.verify
    for (const r of runs) {
      const top1 = r.top1Table.images ? r.top1Table.correct / r.top1Table.images : NaN
      const equi = projectedEquiAccuracy(r.top1Table, keep)
      rows.push({ model: r.model, dataset: meta.name, accuracy: top1 })
      records.push(
        rec(`fig7.top1.${set.key}.${idPart(r.model)}`, 'Fig. 7', `${r.model} top-1 on ${meta.name}`, pct(top1), { unit: '%', tier: 'real', source: [set.folder!, r.spec], note: `${r.top1Table.images} images; ${r.errors.length - nDropped} failed to decode; ${nDropped} dropped by the authors' image rule (${localRule})` }),
        rec(`fig7.equiTop1.${set.key}.${idPart(r.model)}`, 'Fig. 7', `${r.model} equi-weighted top-1 on ${meta.name} (the authors' projection)`, pct(equi.accuracy), { unit: '%', tier: 'real', source: [set.folder!, r.spec, ...(labelFile ? [labelFile] : [])], note: `${equi.classes} classes, ${keepNote}` }),
      )
      const l = laionet.get(r.model)
      if (l) scatter.push({ model: r.model, version: meta.name, laionet: l.accuracy, laionetSe: l.se, v2: equi.accuracy, v2Se: equi.se })
    }
  }
  const figures = scatter.length
    ? [{ id: 'fig7-accuracy', figure: fig7AccuracyScatter({ tier: 'real', note: `models.classifiers on LAIONet and the ImageNetV2 folders; ImageNetV2 ${keepNote}`, rows: scatter }) }]
    : [{ id: 'fig7c-imagenetv2-accuracy', figure: fig7Accuracy({ tier: 'real', note: 'classifiers run on the configured ImageNetV2 folders (no LAIONet images configured: no LAIONet axis)', versions: Object.values(V2_SETS).filter((s) => rows.some((r) => r.dataset === s.name)).map((s) => ({ name: s.name, selectionFrequency: s.selectionFrequency })), accuracy: rows }) }]
  return { records, figures, drops }
}

/**
 * Fig. 7's accuracy from ImageNetV2's released top-5 predictions: 12 models of ImageNetV2's own (torchvision), not the
 * paper's 29, and no LAIONet side, so the panel plots accuracy against the selection frequency and says so.
 */
async function v2AccuracyReleased(): Promise<Part> {
  const dir = await dataFolder('imagenetv2/')
  const v2 = await loadImageNetV2Accuracy(dir)
  const models = [...new Set(v2.map((r) => r.model))]
  const at = (model: string, dataset: string) => v2.find((r) => r.model === model && r.dataset === dataset)!
  const meanTop1 = (dataset: string) => v2.filter((r) => r.dataset === dataset).reduce((s, r) => s + r.top1, 0) / models.length
  const monotone = models.filter((m) => at(m, 'imagenetv2-b-33').top1 < at(m, 'imagenetv2-a-44').top1 && at(m, 'imagenetv2-a-44').top1 < at(m, 'imagenetv2-c-12').top1).length
  const src = [dir]
  const note = `ImageNetV2's released predictions of its own ${models.length} models, not the paper's 29`
  const records = [
    ...IMAGENETV2_SETS.map((s) => rec(`fig7.meanTop1.${idPart(s.name)}`, 'Fig. 7', `mean top-1 of ${models.length} models on ${s.name}`, pct(meanTop1(s.dataset)), { unit: '%', tier: 'released', source: src, note })),
    ...IMAGENETV2_SETS.map((s) => rec(`fig7.top1.${idPart(s.name)}.resnet50`, 'Fig. 7', `resnet50 top-1 on ${s.name}`, pct(at('resnet50', s.dataset).top1), { unit: '%', tier: 'released', source: src })),
    rec('fig7.monotoneModels', 'Fig. 7', 'models less accurate at lower selection frequency (MatchedFrequency < Threshold0.7 < TopImages)', `${monotone} of ${models.length}`, { tier: 'released', paper: 'models are less accurate on lower-frequency versions', source: src, note }),
  ]
  const sets = IMAGENETV2_SETS.filter((s) => s.selectionFrequency !== null)
  const figure = fig7Accuracy({
    tier: 'released',
    note: `${note} (the paper plots its 29 models' LAIONet accuracy against ImageNetV2's; the released predictions have no LAIONet side)`,
    versions: sets.map((s) => ({ name: s.name, selectionFrequency: s.selectionFrequency as number })),
    accuracy: v2.filter((r) => sets.some((s) => s.dataset === r.dataset)).map((r) => ({ model: r.model, dataset: sets.find((s) => s.dataset === r.dataset)!.name, accuracy: r.top1 })),
  }, { title: `Fig. 7c: top-1 of ImageNetV2's ${models.length} released models (not the paper's) vs selection frequency` })
  return { records, figures: [{ id: 'fig7c-imagenetv2-accuracy', figure }], drops: [] }
}

/** Fig. 7's accuracy part under its source choice. */
export async function v2Accuracy(config: LaionetConfig, choice: SourceChoice, labels: SourceChoice, onProgress?: (message: string) => void): Promise<Part> {
  return choice.branch === 'folders' ? v2AccuracyFromFolders(config, labels, onProgress) : v2AccuracyReleased()
}
