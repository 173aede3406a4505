import { dataPath } from '../data/data-path.js'
import { loadReleasedLabels, summarizeReleasedLabels, type ReleasedLabelsSummary } from '../paper/released-labels.js'
import { recorder } from './common.js'
import type { ExperimentRecord } from './types.js'

const rec = recorder('construction')

/** What the authors' two released top-50 label files give, counted. */
export interface ReleasedLabelCounts {
  clip: ReleasedLabelsSummary
  mpnet: ReleasedLabelsSummary
  /** The CLIP file's keys that ImageNet validation has, in file order: the authors' 977 evaluated classes. */
  evaluated: string[]
  records: ExperimentRecord[]
}

/**
 * Appendix B (and the matched-class count of Section 2) from the authors' released top-50 label pickles
 * (`{wnid: [global LAION index]}`, data/manifest.json), tier `released`: the sizes and class coverage of the CLIP and
 * MPNet top-50 versions, the dictionaries' keys (classes with a lemma match in all of LAION-400M) and the classes
 * of Fig. 1's equi-weighted mean.
 * @param wnids the 1000 ILSVRC-2012 wnids
 * @example (await releasedLabelCounts(wnids)).clip.samples // 39006
 */
export async function releasedLabelCounts(wnids: readonly string[]): Promise<ReleasedLabelCounts> {
  const clipLabels = await loadReleasedLabels('clip')
  const clip = summarizeReleasedLabels(clipLabels, wnids)
  const mpnet = summarizeReleasedLabels(await loadReleasedLabels('mpnet'), wnids)
  const present = new Set(wnids)
  const evaluated = [...clipLabels.keys()].filter((w) => present.has(w))
  const clipFile = [await dataPath('paper/laionet_clip_top50_labels.pkl')]
  const mpnetFile = [await dataPath('paper/laionet_mpnet_top50_labels.pkl')]
  const o = { tier: 'released' as const }
  const records = [
    rec('appB.samples', 'Appendix B', 'samples of the top-50 LAIONet (CLIP), from the released labels', clip.samples, { ...o, source: clipFile }),
    rec('appB.classes', 'Appendix B', 'classes with at least one sample, top-50 LAIONet (CLIP)', clip.coveredClasses, { ...o, unit: 'classes', source: clipFile, note: 'every class of LAIONet keeps up to 50 samples, so this is LAIONet\'s class count before the OCR drop' }),
    rec('appB.mpnet.samples', 'Appendix B', 'samples of the top-50 LAIONet (MPNet), from the released labels', mpnet.samples, { ...o, unit: 'samples', source: mpnetFile }),
    rec('appB.mpnet.classes', 'Appendix B', 'classes with at least one sample, top-50 LAIONet (MPNet)', mpnet.coveredClasses, { ...o, unit: 'classes', source: mpnetFile }),
    rec('construction.matchedClasses', 'Section 2', 'keys of the released label dictionaries (classes with a lemma match in all of LAION-400M)', clip.classes, { ...o, source: clipFile, note: `${clip.ilsvrcClasses} of them are ILSVRC classes (the other is the husky typo n02112837)` }),
    rec('fig1.evaluatedClasses', 'Fig. 1', 'classes of the equi-weighted ImageNet-validation mean (keys of the label dictionary that validation has)', evaluated.length, { ...o, source: clipFile }),
  ]
  return { clip, mpnet, evaluated, records }
}
