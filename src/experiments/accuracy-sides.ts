import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildFolder, experimentSources, type SourceChoice } from '../config/resolve-sources.js'
import { dataPath } from '../data/data-path.js'
import { imageNetValFolder } from '../datasets/imagenet-val-folder.js'
import { loadLaionetLabels } from '../datasets/laionet-labels.js'
import { loadReleasedLaionet } from '../datasets/released-laionet.js'
import type { ImageNetClass } from '../imagenet/types.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { classRecall, equiWeightedAccuracy } from '../metrics/accuracy.js'
import { paperAccuracyRows } from '../metrics/accuracy-rows.js'
import { paperValidationAccuracy } from '../metrics/paper-val.js'
import type { AccuracyEstimate, RecallTable } from '../metrics/types.js'
import type { ImageRule } from '../models/image-rule.js'
import { zeroShotClassifier } from '../models/zero-shot-classifier.js'
import { paperModelGroup } from '../paper/accuracy.js'
import type { Tier } from '../tier.js'
import { idPart, part, pct, recorder, shown } from './common.js'
import { countDrops, imageRuleFor, type DropCounts } from './image-drops.js'
import { laionetImageChunks } from './laionet-images.js'
import { buildOcrFlags, flaggedDownloadRows } from './ocr-drop.js'
import { releasedLabelCounts } from './released-label-records.js'
import { equiWeighted, inChunks, runClassifiers, type ClassifierRun, type ExtraClassifier } from './run-classifiers.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentTable } from './types.js'

const rec = recorder('accuracy')

/** One model's per-class recall tables on one side. */
export interface Side {
  model: string
  top1: AccuracyEstimate
  top5: AccuracyEstimate
  top1Table: RecallTable
  top5Table: RecallTable
  missing: number
  /** The model file, hub id or CLIP it ran (null for the released results, whose file is the side's source). */
  spec: string | null
}

/** Which sources and branches the accuracy experiment runs, and the models beside the classifiers. */
export interface AccuracyPlan extends ExperimentContext {
  sources: SourceChoice[]
  inet: SourceChoice
  lnet: SourceChoice
  classes: ImageNetClass[]
  clipModel: Awaited<ReturnType<typeof loadConfiguredClip>> | null
  zeroShot: ExtraClassifier[]
  /** Models whose numbers are tier `fixture` (the tiny random CLIP's zero-shot). */
  fixtureModels: Set<string>
}

/** What one side computed: its models, the files it read, and what it records and tabulates by itself. */
export interface SideResult {
  sides: Side[]
  /** The side's files: the configured folder, devkit and classifiers, or the released results file. */
  source: string[]
  records: ExperimentRecord[]
  tables: ExperimentTable[]
  decodeErrors: { side: string, image: string, error: string }[]
  /** The images the authors' image rule dropped (image branches only). */
  drops: { side: string, rule: ImageRule, counts: DropCounts, of: number } | null
}

/** The LAIONet side, with Fig. 5's class weights (label counts before the OCR drop) and where they come from. */
export interface LaionetSideResult extends SideResult {
  frequencies: Map<string, number> | null
  weightSource: string[]
}

/**
 * Plans the accuracy experiment: the source choice of each side, the class list and, when a side classifies images,
 * the configured CLIP as a zero-shot classifier beside `models.classifiers`.
 * @example const plan = await planAccuracy({ config })
 */
export async function planAccuracy(context: ExperimentContext): Promise<AccuracyPlan> {
  const sources = experimentSources(context.config, 'accuracy')
  const inet = part(sources, 'accuracy-imagenet')
  const lnet = part(sources, 'accuracy-laionet')
  const classes = await loadImageNetClasses()
  const clipModel = inet.branch === 'imagenet-folder' || lnet.branch === 'laionet-images' ? await loadConfiguredClip(context.config) : null
  const fixtureModels = new Set<string>()
  const zeroShot: ExtraClassifier[] = clipModel ? [{ model: `clip-zero-shot (${clipModel.tier === 'fixture' ? 'tiny random CLIP' : clipModel.spec})`, spec: clipModel.spec, load: () => zeroShotClassifier(clipModel.clip, classes), paperZeroShot: true }] : []
  if (clipModel?.tier === 'fixture') fixtureModels.add(zeroShot[0].model)
  return { ...context, sources, inet, lnet, classes, clipModel, zeroShot, fixtureModels }
}

/** A record names the data it read and the one model that produced it (never the other models of the run). */
export function sourceOf(plan: AccuracyPlan, source: readonly string[], ...models: (Side | undefined)[]): string[] {
  const classifierSpecs = new Set(plan.config.models.classifiers)
  const specs = models.map((m) => m?.spec).filter((x): x is string => typeof x === 'string')
  return [...new Set([...(specs.length ? source.filter((x) => !classifierSpecs.has(x)) : source), ...specs])]
}

/** A classifier run as a side's model. */
const sideOf = (r: ClassifierRun): Side => ({ model: r.model, ...equiWeighted(r), top1Table: r.top1Table, top5Table: r.top5Table, missing: r.errors.length, spec: r.spec })

/** Decode failures (not the rule's drops, counted apart) of the first run: every model reads the same images. */
const decodeErrorsOf = (runs: ClassifierRun[], side: string) => (runs[0]?.errors ?? []).filter((e) => !e.dropped).map((e) => ({ side, image: e.image, error: e.error }))

/**
 * The ImageNet side: the classifiers over the configured validation folder (the authors' local rule: PIL mode RGB
 * only), else the authors' released per-image results averaged over the 977 classes of their label dictionary.
 * @example const inet = await imagenetSide(plan)
 */
export async function imagenetSide(plan: AccuracyPlan): Promise<SideResult> {
  if (plan.inet.branch === 'imagenet-folder') return imagenetFromFolder(plan)
  const file = await dataPath('paper/ILSVRC2012_val.parquet')
  // The authors' mean: over the 977 classes of LAIONet's label dictionary that validation has (their
  // projected_wnid2imagenames); ours over every class sits beside it as `.ours`.
  const labels = await releasedLabelCounts(plan.classes.map((c) => c.wnid))
  const val = await paperValidationAccuracy(file, { classes: labels.evaluated })
  const records: ExperimentRecord[] = []
  for (const m of val.models) {
    records.push(
      ...sideRecords('imagenet', 'ImageNet val', { model: m.model, top1: m.top1PerClass, top5: m.top5PerClass }, { tier: 'released', source: [file], note: `mean over the ${labels.evaluated.length} classes of the released label dictionary (the authors'); ${m.missing} images without prediction left out` }),
      ...sideRecords('imagenet', 'ImageNet val', { model: m.model, top1: m.top1PerClassAll, top5: m.top5PerClassAll }, { tier: 'released', source: [file], note: `ours: mean over all ${m.classes} classes`, suffix: '.ours' }),
    )
  }
  records.push(
    rec('fig1.models', 'Fig. 1', 'ImageNet classifiers in the released per-image results (CLIP zero-shot aside)', val.models.filter((m) => paperModelGroup(m.model) !== 'CLIP zero-shot').length, { tier: 'released', source: [file] }),
    labels.records.find((r) => r.id === 'fig1.evaluatedClasses')!,
    rec('fig1.labelMismatches', 'Fig. 1', 'devkit labels vs name_def_wnid mismatches', val.mismatches.length, { unit: 'rows', tier: 'released', paper: 0, source: [file] }),
  )
  const rows = paperAccuracyRows(val)
  const table = { id: 'imagenet-accuracy', title: 'Released ImageNet-validation accuracies', rows: rows.map((r) => ({ model: r.model, group: r.group, 'top-1 (images)': shown(r.top1), 'top-1 (per class)': shown(r.top1PerClass), '± (95%)': shown(r.top1HalfWidth), 'top-5 (per class)': shown(r.top5PerClass), classes: r.classes, images: r.images, missing: r.missing })) }
  const sides = val.models.map((m) => ({ model: m.model, top1: m.top1PerClass, top5: m.top5PerClass, top1Table: m.top1Table, top5Table: m.top5Table, missing: m.missing, spec: null }))
  return { sides, source: [file], records, tables: [table], decodeErrors: [], drops: null }
}

async function imagenetFromFolder(plan: AccuracyPlan): Promise<SideResult> {
  const { config, onProgress, inet } = plan
  const images = await imageNetValFolder(config.sources.imagenetVal.folder!, { devkit: config.sources.imagenetVal.devkit ?? undefined })
  onProgress?.(`accuracy: ${images.length} ImageNet validation images in ${config.sources.imagenetVal.folder}`)
  const imageRule = imageRuleFor(config, 'local')
  const runs = await runClassifiers(config, plan.classes, () => inChunks(images), onProgress, { extra: plan.zeroShot, imageRule })
  const sides = runs.map(sideOf)
  const drops = { side: 'ImageNet validation', rule: imageRule, counts: countDrops(runs[0]?.errors ?? []), of: runs[0]?.read ?? 0 }
  const dropped = drops.counts.mode + drops.counts.size + drops.counts.verify
  const table = { id: 'imagenet-accuracy', title: 'ImageNet-validation accuracies of the configured classifiers', rows: sides.map((s) => ({
    model: s.model, group: paperModelGroup(s.model), 'top-1 (images)': s.top1Table.images ? shown(s.top1Table.correct / s.top1Table.images) : null,
    'top-1 (per class)': shown(s.top1.accuracy), '± (95%)': shown(s.top1.halfWidth), 'top-5 (per class)': shown(s.top5.accuracy), classes: s.top1.classes, images: s.top1Table.images, missing: s.missing,
  })) }
  const records = sides.flatMap((s) => sideRecords('imagenet', 'ImageNet val', s, { tier: plan.fixtureModels.has(s.model) ? 'fixture' : 'real', source: sourceOf(plan, inet.source, s), note: `${s.top1Table.images} images of ${s.top1.classes} classes; ${s.missing - dropped} images failed to decode; ${dropped} dropped by the authors' image rule (${imageRule})` }))
  return { sides, source: inet.source, records, tables: [table], decodeErrors: decodeErrorsOf(runs, 'ImageNet validation'), drops }
}

/**
 * The LAIONet side: the classifiers over the downloaded LAIONet images (the authors' verify_image; the build's OCR
 * verdicts dropped as their `drop_if_true_cols=[OCR]`), else the released LAIONet (its OCR column applied by the
 * loader); Fig. 5 weights are label counts before the OCR drop (the build's labels, or `sources.laionetLabels`).
 * @example const lnet = await laionetSide(plan)
 */
export async function laionetSide(plan: AccuracyPlan): Promise<LaionetSideResult> {
  const { config, onProgress, lnet } = plan
  let result: LaionetSideResult = { sides: [], source: lnet.source, records: [], tables: [], decodeErrors: [], drops: null, frequencies: null, weightSource: [] }
  if (lnet.branch === 'laionet-images') result = await laionetFromImages(plan)
  else if (lnet.branch === 'released') {
    onProgress?.(`accuracy: reading the released LAIONet ${config.sources.laionetReleased}`)
    const r = await loadReleasedLaionet(config.sources.laionetReleased!, { text: false })
    result.sides = r.models.map((m) => {
      const t1 = classRecall(r.wnid, r.top1[m])
      const t5 = classRecall(r.wnid, r.top5[m])
      return { model: m, top1: equiWeightedAccuracy(t1), top5: equiWeightedAccuracy(t5), top1Table: t1, top5Table: t5, missing: t1.missing, spec: null }
    })
    // Fig. 5's weights are the label counts before the OCR drop, as the authors' plot notebook takes them (cell 38).
    result.frequencies = new Map()
    for (const list of [r.wnid, r.droppedWnid]) for (const w of list) result.frequencies.set(w, (result.frequencies.get(w) ?? 0) + 1)
  }
  // The authors' full label file (the laionet-labels part; issue #22 item 5): Fig. 5 weights are its class counts.
  const labelFile = part(plan.sources, 'laionet-labels')
  if (result.sides.length && labelFile.branch === 'label-file') {
    result.frequencies = new Map([...(await loadLaionetLabels(labelFile.source[0]))].map(([w, rows]) => [w, rows.length]))
    result.weightSource = [labelFile.source[0]]
  }
  return result
}

async function laionetFromImages(plan: AccuracyPlan): Promise<LaionetSideResult> {
  const { config, onProgress, lnet } = plan
  const flags = await buildOcrFlags(config)
  const skipRows = flags ? await flaggedDownloadRows(config, flags) : undefined
  const imageRule = imageRuleFor(config, 'download')
  const runs = await runClassifiers(config, plan.classes, () => laionetImageChunks(config, { skipRows }), onProgress, { extra: plan.zeroShot, imageRule })
  const sides = runs.map(sideOf)
  // Fig. 5 weights: the build's class frequencies (labels.json: before the OCR drop); the downloaded samples' own
  // counts, with the OCR-dropped ones added back, when the build is not there or shares no class with them.
  const labels = join(buildFolder(config), 'labels.json')
  const present = new Set(sides[0]?.top1Table.classes.map((c) => c.key) ?? [])
  const fromBuild = existsSync(labels) ? new Map(Object.entries(JSON.parse(readFileSync(labels, 'utf8')) as Record<string, number[]>).map(([w, rows]) => [w, rows.length])) : null
  let frequencies: Map<string, number>
  if (fromBuild && [...fromBuild.keys()].some((w) => present.has(w))) frequencies = fromBuild
  else {
    frequencies = new Map(sides[0]?.top1Table.classes.map((c) => [c.key, c.n]) ?? [])
    for (const [w, n] of flags?.flaggedByClass ?? []) frequencies.set(w, (frequencies.get(w) ?? 0) + n)
  }
  const source = flags ? [...lnet.source, flags.file] : lnet.source
  const records = [rec('accuracy.ocrDropped.laionet', 'Fig. 1', 'LAIONet samples left out by the OCR drop (their class name visible in the image)', flags ? flags.flagged.size : null, {
    unit: 'images', tier: flags ? lnet.tier : 'quoted', paper: null, source: flags ? [flags.file] : [],
    note: flags ? `the build's OCR verdicts (${flags.verdicts} images read, ${flags.errors} unreadable and kept), dropped as the authors' calc_recall_per_y(..., drop_if_true_cols=[OCR])` : `no OCR verdicts in ${join(buildFolder(config), 'ocr-flags.jsonl')}: the LAIONet side is measured WITHOUT the authors' OCR drop (run laionet ocr-filter --build <build> --images <download dir>)`,
  })]
  return {
    sides, source, records, tables: [], decodeErrors: decodeErrorsOf(runs, 'LAIONet'),
    drops: { side: 'LAIONet', rule: imageRule, counts: countDrops(runs[0]?.errors ?? []), of: runs[0]?.read ?? 0 },
    frequencies, weightSource: frequencies === fromBuild ? [labels] : [],
  }
}

/**
 * One model's equi-weighted top-1 and top-5 on one side, with their standard errors (the paper's error bars: 1 SE on
 * the ImageNet axis, 1.96 SE on the LAIONet axis), at full precision.
 */
export function sideRecords(side: 'imagenet' | 'laionet', name: string, s: { model: string, top1: AccuracyEstimate, top5: AccuracyEstimate }, o: { tier: Tier, source: string[], note: string, suffix?: string }): ExperimentRecord[] {
  const id = (k: 1 | 5, what = '') => `fig1.top${k}.${side}.${idPart(s.model)}${what}${o.suffix ?? ''}`
  const est = (k: 1 | 5) => (k === 1 ? s.top1 : s.top5)
  return ([1, 5] as const).flatMap((k) => [
    rec(id(k), 'Fig. 1', `${s.model} equi-weighted top-${k} on ${name}`, pct(est(k).accuracy), { unit: '%', tier: o.tier, source: o.source, note: `${o.note}; ${est(k).classes} classes` }),
    rec(id(k, '.se'), 'Fig. 1', `${s.model} standard error of the equi-weighted top-${k} on ${name}`, pct(est(k).se), { unit: 'points', tier: o.tier, source: o.source, note: 'sqrt(sum(se^2)) / #classes of the per-class Wilson errors (/1.96)' }),
  ])
}
