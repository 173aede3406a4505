import type { Tier } from '../tier.js'
import { experimentSources, imageNetV2Sources } from '../config/resolve-sources.js'
import { paperValue } from '../paper/registry.js'
import { dataFolder } from '../data/data-path.js'
import { imageNetV2Folders } from '../datasets/imagenetv2-folders.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { compareIntraClass } from '../metrics/compare.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { IMAGENETV2_SETS } from '../metrics/imagenetv2.js'
import { loadImageNetV2Accuracy } from '../metrics/imagenetv2-load.js'
import { PAPER_SELECTION_FREQUENCY } from '../paper/accuracy.js'
import { fig7Accuracy, fig7ImageNetV2 } from '../plots/figures/fig7-imagenetv2.js'
import { simulatedSelectionFrequencyInput } from '../plots/inputs/simulated.js'
import type { PlotlyFigure } from '../plots/types.js'
import { part, pct, recorder, simulatedStudy, idPart } from './common.js'
import { embedImageSet, embedLaionetImages } from './embed-sets.js'
import { labelledSet, type LabelledSet } from './intra-class-source.js'
import { INTRA_CLASS_SEED } from './intra-class.js'
import { runClassifiers, inChunks } from './run-classifiers.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult } from './types.js'

const rec = recorder('imagenetv2')

/** The three ImageNetV2 sets by configuration key, with the paper's names and mean selection frequencies. */
const SETS = {
  matchedFrequency: { dataset: 'imagenetv2-b-33', ...PAPER_SELECTION_FREQUENCY['imagenetv2-b-33'] },
  threshold07: { dataset: 'imagenetv2-a-44', ...PAPER_SELECTION_FREQUENCY['imagenetv2-a-44'] },
  topImages: { dataset: 'imagenetv2-c-12', ...PAPER_SELECTION_FREQUENCY['imagenetv2-c-12'] },
} as const

/**
 * Fig. 7: ImageNetV2's three test sets, which differ only in the MTurk selection frequency. Accuracy:
 * `models.classifiers` over the configured folders (`<class index>/<hash>.jpeg`; tier `real`), else ImageNetV2's
 * released predictions of 12 models (`released`). Intra-class similarity: the sets' embedding files, or CLIP image
 * embeddings of the folders (`real`, `fixture` through the tiny CLIP), compared class by class with LAIONet when its
 * embeddings or images are configured; else the selection frequency is varied in the simulated world.
 * @example const { records } = await imagenetV2({ config: await loadConfig() })
 */
export async function imagenetV2({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'imagenetv2')
  const acc = part(sources, 'imagenetv2-accuracy')
  const intra = part(sources, 'imagenetv2-intra-class')
  const records: ExperimentRecord[] = []
  const figures: { id: string, figure: PlotlyFigure }[] = []
  const configured = imageNetV2Sources(config)

  // accuracy
  if (acc.branch === 'folders') {
    const classes = await loadImageNetClasses()
    const rows: { model: string, dataset: string, accuracy: number }[] = []
    for (const set of configured.filter((s) => s.folder)) {
      const meta = SETS[set.key]
      const images = await imageNetV2Folders(set.folder!)
      onProgress?.(`imagenetv2: ${images.length} images in ${set.folder}`)
      const runs = await runClassifiers(config, classes, () => inChunks(images), onProgress)
      for (const r of runs) {
        const top1 = r.top1Table.images ? r.top1Table.correct / r.top1Table.images : NaN
        rows.push({ model: r.model, dataset: meta.name, accuracy: top1 })
        records.push(rec(`fig7.top1.${set.key}.${idPart(r.model)}`, 'Fig. 7', `${r.model} top-1 on ${meta.name}`, pct(top1), { unit: '%', tier: 'real', source: [set.folder!, r.spec], note: `${r.top1Table.images} images; ${r.errors.length} failed to decode` }))
      }
    }
    figures.push({ id: 'fig7c-imagenetv2-accuracy', figure: fig7Accuracy({ tier: 'real', note: 'classifiers run on the configured ImageNetV2 folders', versions: Object.values(SETS).filter((s) => rows.some((r) => r.dataset === s.name)).map((s) => ({ name: s.name, selectionFrequency: s.selectionFrequency })), accuracy: rows }) })
  } else {
    const dir = await dataFolder('imagenetv2/')
    const v2 = await loadImageNetV2Accuracy(dir)
    const models = [...new Set(v2.map((r) => r.model))]
    const at = (model: string, dataset: string) => v2.find((r) => r.model === model && r.dataset === dataset)!
    const meanTop1 = (dataset: string) => v2.filter((r) => r.dataset === dataset).reduce((s, r) => s + r.top1, 0) / models.length
    const monotone = models.filter((m) => at(m, 'imagenetv2-b-33').top1 < at(m, 'imagenetv2-a-44').top1 && at(m, 'imagenetv2-a-44').top1 < at(m, 'imagenetv2-c-12').top1).length
    const src = [dir]
    records.push(
      ...IMAGENETV2_SETS.map((s) => rec(`fig7.meanTop1.${idPart(s.name)}`, 'Fig. 7', `mean top-1 of 12 models on ${s.name}`, pct(meanTop1(s.dataset)), { unit: '%', tier: 'released', source: src })),
      ...IMAGENETV2_SETS.map((s) => rec(`fig7.top1.${idPart(s.name)}.resnet50`, 'Fig. 7', `resnet50 top-1 on ${s.name}`, pct(at('resnet50', s.dataset).top1), { unit: '%', tier: 'released', source: src })),
      rec('fig7.monotoneModels', 'Fig. 7', 'models less accurate at lower selection frequency (MatchedFrequency < Threshold0.7 < TopImages)', `${monotone} of ${models.length}`, { tier: 'released', paper: 'models are less accurate on lower-frequency versions', source: src }),
    )
    const sets = IMAGENETV2_SETS.filter((s) => s.selectionFrequency !== null)
    figures.push({ id: 'fig7c-imagenetv2-accuracy', figure: fig7Accuracy({
      tier: 'released',
      versions: sets.map((s) => ({ name: s.name, selectionFrequency: s.selectionFrequency as number })),
      accuracy: v2.filter((r) => sets.some((s) => s.dataset === r.dataset)).map((r) => ({ model: r.model, dataset: sets.find((s) => s.dataset === r.dataset)!.name, accuracy: r.top1 })),
    }) })
  }

  // ImageNetV2's selection frequencies are its MTurk annotations, which its released test sets do not carry.
  for (const [id, name] of [['fig7.selectionFrequencyMatched', 'MatchedFrequency'], ['fig7.selectionFrequencyThreshold07', 'Threshold0.7'], ['fig7.selectionFrequencyTopImages', 'TopImages']] as const) {
    records.push(rec(id, 'Fig. 7', `mean MTurk selection frequency of ImageNetV2 ${name}`, null, { tier: 'quoted', source: [], note: "needs ImageNetV2's per-image MTurk selection frequencies (not distributed with its test sets)" }))
  }

  // intra-class similarity
  if (intra.branch === 'simulated') {
    const input = simulatedSelectionFrequencyInput(await simulatedStudy(INTRA_CLASS_SEED))
    for (const v of input.versions) records.push(rec(`fig7.meanIntraClass.simulated.${idPart(v.name)}`, 'Fig. 7', `mean intra-class similarity at selection frequency ${v.name}`, v.meanIntraClass, { tier: 'simulated', source: [], note: `simulated world, seed ${INTRA_CLASS_SEED}` }))
    records.push(
      rec('fig7.matchedLowerShare', 'Fig. 7', "classes where LAIONet is significantly less similar than MatchedFrequency (paper's test)", null, { tier: 'quoted', source: [], note: 'needs ImageNetV2 images (sources.imagenetV2) and LAIONet embeddings or images' }),
      rec('fig7.matchedHigherShare', 'Fig. 7', "classes where LAIONet is significantly more similar than MatchedFrequency (paper's test)", null, { tier: 'quoted', source: [], note: 'needs ImageNetV2 images (sources.imagenetV2) and LAIONet embeddings or images' }),
    )
    figures.push({ id: 'fig7-imagenetv2-simulated', figure: fig7ImageNetV2(input) })
  } else {
    const emb = config.sources.embeddings
    const needClip = configured.some((s) => !emb[s.embeddings] && s.folder) || (!emb.laionet && config.sources.laionetImages)
    const model = needClip ? await loadConfiguredClip(config) : null
    try {
      const onError = (file: string, error: string) => onProgress?.(`imagenetv2: skipped ${file}: ${error}`)
      const laionet: LabelledSet | null = emb.laionet ? await labelledSet('LAIONet', emb.laionet.file, emb.laionet.labels)
        : config.sources.laionetImages && model ? await embedLaionetImages(model.clip, config, onError) : null
      const lstats = laionet ? await intraClassByLabelAsync(laionet.X, laionet.labels, laionet.d, { maxPerClass: config.limits.laionetPerClass }) : null
      const versions: { name: string, selectionFrequency: number, lower: number, higher: number, meanIntraClass?: number }[] = []
      for (const s of configured) {
        const meta = SETS[s.key]
        const e = emb[s.embeddings]
        let set: LabelledSet
        let src: string[]
        let tier = intra.tier
        if (e) {
          set = await labelledSet(meta.name, e.file, e.labels)
          src = [e.file, e.labels]
          tier = 'real'
        } else if (s.folder && model) {
          set = await embedImageSet(model.clip, meta.name, await imageNetV2Folders(s.folder), { onError })
          src = [s.folder, model.spec]
          tier = model.tier
        } else continue
        const stats = await intraClassByLabelAsync(set.X, set.labels, set.d)
        const means = [...stats.values()].map((x) => x.mean).filter(Number.isFinite)
        const mean = means.reduce((a, b) => a + b, 0) / Math.max(1, means.length)
        records.push(rec(`fig7.meanIntraClass.${s.key}`, 'Fig. 7', `mean intra-class similarity of ${meta.name}`, mean, { tier, source: src, note: `${set.labels.length} images, ${means.length} classes with a pair` }))
        if (lstats && laionet) {
          const c = compareIntraClass(lstats, stats)
          const both = [...new Set([...src, ...(emb.laionet ? [emb.laionet.file, emb.laionet.labels] : [config.sources.laionetImages!, model!.spec])])]
          // A comparison is only as strong as its weaker side: LAIONet embedded by the tiny CLIP makes it fixture.
          const laionetTier = emb.laionet ? 'real' : model!.tier
          const pairTier: Tier = tier === 'fixture' || laionetTier === 'fixture' ? 'fixture' : tier
          const paperLow = s.key === 'matchedFrequency' ? paperValue('fig7.matchedLowerShare') : null
          const paperHigh = s.key === 'matchedFrequency' ? paperValue('fig7.matchedHigherShare') : null
          // A share of no class is not a measurement: with no class compared it is null and the paper's stands alone.
          const none = c.compared === 0
          const o: { tier: Tier, note: string } = none ? { tier: 'quoted', note: 'no class has >= 7 pairs on both sides, so no share' } : { tier: pairTier, note: `${c.compared} classes compared` }
          records.push(
            rec(s.key === 'matchedFrequency' ? 'fig7.matchedLowerShare' : `fig7.lowerShare.${s.key}`, 'Fig. 7', `classes where LAIONet is significantly less similar than ${meta.name} (paper's test)`, none ? null : pct(c.paper.lowerShare), { unit: '%', ...o, paper: paperLow, source: both }),
            rec(s.key === 'matchedFrequency' ? 'fig7.matchedHigherShare' : `fig7.higherShare.${s.key}`, 'Fig. 7', `classes where LAIONet is significantly more similar than ${meta.name} (paper's test)`, none ? null : pct(c.paper.higherShare), { unit: '%', ...o, paper: paperHigh, source: both }),
          )
          versions.push({ name: meta.name, selectionFrequency: meta.selectionFrequency, lower: c.paper.lowerShare, higher: c.paper.higherShare, meanIntraClass: mean })
        }
      }
      if (versions.length) figures.push({ id: 'fig7-imagenetv2', figure: fig7ImageNetV2({ tier: intra.tier, note: intra.reason, versions }) })
    } finally {
      await model?.clip.dispose()
    }
  }
  return { experiment: 'imagenetv2', sources, records, figures, tables: [] }
}
