import { experimentSources } from '../config/resolve-sources.js'
import { fig7ImageNetV2 } from '../plots/figures/fig7-imagenetv2.js'
import { simulatedSelectionFrequencyInput } from '../plots/inputs/simulated.js'
import { part, recorder, simulatedStudy, idPart } from './common.js'
import { dropRecords, dropTable } from './image-drops.js'
import { v2Accuracy } from './imagenetv2-accuracy.js'
import { selectionFrequencyRecords } from './imagenetv2-frequency.js'
import { v2IntraClass, type SideDrops } from './imagenetv2-intra.js'
import { INTRA_CLASS_SEED } from './intra-class.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult, ExperimentTable } from './types.js'

const rec = recorder('imagenetv2')

/**
 * Fig. 7: ImageNetV2's three test sets, which differ only in the MTurk selection frequency. Accuracy:
 * `models.classifiers` over the configured folders (`<class index>/<hash>.jpeg`; tier `real`), against the same models
 * on LAIONet as the authors plot it when LAIONet images are configured; else ImageNetV2's released predictions of its
 * own 12 models (`released`, labelled so). Selection frequencies: ImageNetV2's per-image MTurk frequencies
 * (`sources.imagenetV2SelectionFrequencies`, `released`), else quoted. Intra-class similarity: the sets' embedding
 * files, or CLIP image embeddings of the folders (`real`, `fixture` through the tiny CLIP), compared with LAIONet and
 * ImageNet validation on one class set; else the selection frequency is varied in the simulated world.
 * @example const { records } = await imagenetV2({ config: await loadConfig() })
 */
export async function imagenetV2({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'imagenetv2')
  const acc = await v2Accuracy(config, part(sources, 'imagenetv2-accuracy'), part(sources, 'laionet-labels'), onProgress)
  const records: ExperimentRecord[] = [...acc.records, ...await selectionFrequencyRecords(part(sources, 'imagenetv2-selection-frequency'))]
  const figures = [...acc.figures]
  // Images the authors' rule dropped: classified (the folders and LAIONet the classifiers read) and embedded (CLIP).
  const accSource = part(sources, 'imagenetv2-accuracy')
  const drops: SideDrops[] = acc.drops.map((d) => ({ side: d, tier: 'real', source: accSource.source }))
  const intra = part(sources, 'imagenetv2-intra-class')
  if (intra.branch === 'simulated') {
    const input = simulatedSelectionFrequencyInput(await simulatedStudy(INTRA_CLASS_SEED))
    for (const v of input.versions) records.push(rec(`fig7.meanIntraClass.simulated.${idPart(v.name)}`, 'Fig. 7', `mean intra-class similarity at selection frequency ${v.name}`, v.meanIntraClass, { tier: 'simulated', source: [], note: `simulated world, seed ${INTRA_CLASS_SEED}` }))
    records.push(
      rec('fig7.matchedLowerShare', 'Fig. 7', "classes where LAIONet is significantly less similar than MatchedFrequency (paper's test)", null, { tier: 'quoted', source: [], note: 'needs ImageNetV2 images (sources.imagenetV2) and LAIONet embeddings or images' }),
      rec('fig7.matchedHigherShare', 'Fig. 7', "classes where LAIONet is significantly more similar than MatchedFrequency (paper's test)", null, { tier: 'quoted', source: [], note: 'needs ImageNetV2 images (sources.imagenetV2) and LAIONet embeddings or images' }),
    )
    figures.push({ id: 'fig7-imagenetv2-simulated', figure: fig7ImageNetV2(input) })
  } else {
    const out = await v2IntraClass(config, intra, part(sources, 'laionet-labels'), onProgress)
    records.push(...out.records)
    figures.push(...out.figures)
    drops.push(...out.drops)
  }
  for (const d of drops) records.push(...dropRecords('imagenetv2', 'Fig. 7', d.side.side, d.side.counts, { rule: d.side.rule, tier: d.tier, source: d.source, of: d.side.of }))
  const tables: ExperimentTable[] = drops.length ? [dropTable('image-drops', drops.map((d) => d.side))] : []
  return { experiment: 'imagenetv2', sources, records, figures, tables }
}
