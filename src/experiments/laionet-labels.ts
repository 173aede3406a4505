import type { SourceChoice } from '../config/resolve-sources.js'
import { loadLaionetLabels } from '../datasets/laionet-labels.js'
import { classFrequencies } from '../laionet/selection.js'
import { paperValue } from '../paper/registry.js'
import { fig4ClassFrequency } from '../plots/figures/fig4-class-frequency.js'
import { recorder } from './common.js'
import type { ExperimentRecord, ExperimentResult } from './types.js'

const rec = recorder('construction')

/**
 * LAIONet's size, classes and Fig. 4's class frequencies from the authors' full label file (`sources.laionetLabels`),
 * at tier `released`; nothing when it is not configured (the `laionet-labels` part of the source resolution).
 * @param names readable class names by wnid, for the notes and the figure
 * @example const { records, figures } = await labelFileResults(part(sources, 'laionet-labels'), names)
 */
export async function labelFileResults(choice: SourceChoice, names: ReadonlyMap<string, string>): Promise<{ records: ExperimentRecord[], figures: ExperimentResult['figures'] }> {
  if (choice.branch !== 'label-file') return { records: [], figures: [] }
  const file = choice.source[0]
  const labels = await loadLaionetLabels(file)
  const freq = classFrequencies([...labels].flatMap(([wnid, rows]) => rows.map(() => ({ wnid }))))
  const samples = freq.reduce((s, f) => s + f.count, 0)
  const o = { tier: 'released' as const, source: [file] }
  return {
    records: [
      rec('construction.samples.labelFile', 'Section 2', "LAIONet samples (authors' label file)", samples, { ...o, unit: 'samples', paper: paperValue('construction.samples'), note: 'indices listed in the authors\' wnid2laionindices pickle' }),
      rec('construction.classes.labelFile', 'Section 2', "LAIONet classes (authors' label file)", freq.length, { ...o, unit: 'classes', paper: paperValue('construction.classes') }),
      rec('fig4.topClassShare.labelFile', 'Fig. 4', "share of the most frequent class (authors' label file)", freq.length ? Number((100 * freq[0].share).toFixed(1)) : null, { ...o, unit: '%', paper: paperValue('fig4.topClassShare'), note: freq.length ? `label file: ${names.get(freq[0].wnid) ?? freq[0].wnid}; paper: web site` : 'the label file lists no index' }),
    ],
    figures: [{ id: 'fig4-class-frequency-labels', figure: fig4ClassFrequency({ tier: 'released', note: `the authors' label file (${samples} samples)`, rows: freq.map((f) => ({ wnid: f.wnid, name: names.get(f.wnid) ?? f.wnid, count: f.count })) }, { title: "Fig. 4: class frequencies in the authors' label file" }) }],
  }
}
