import { experimentSources } from '../config/resolve-sources.js'
import { dataPath } from '../data/data-path.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { buildLemmaMap } from '../laionet/lemma-map.js'
import { alwaysMultiClass } from '../laionet/lemma-overlaps.js'
import { PAPER_CONSTRUCTION } from '../paper/construction.js'
import { recorder } from './common.js'
import type { ExperimentContext, ExperimentResult } from './types.js'

const rec = recorder('classes')

/**
 * Sec. 2 step 1: the paper's lemma map from WordNet 3.0 and the ILSVRC-2012 classes (real data, always): lemmas
 * kept, classes with a lemma, shared lemma strings dropped, lemmas the matcher can never find, and the classes that
 * can ever be single-class (an upper bound of LAIONet's classes).
 * @example (await classes({ config: defaultConfig() })).records[0].value // 1825
 */
export async function classes({ config }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'classes')
  const source = [await dataPath('imagenet/class_info.json'), 'WordNet 3.0']
  const all = await loadImageNetClasses()
  const paper = buildLemmaMap(all, { mode: 'paper' })
  const unmatchable = paper.entries.filter((e) => !e.matchable)
  const live = new Set(paper.entries.filter((e) => e.matchable).flatMap((e) => e.wnids))
  const overlaps = alwaysMultiClass(paper)
  const o = { tier: 'real' as const, source }
  const records = [
    rec('Section 2', 'lemmas kept (paper rule)', paper.entries.length, { ...o, unit: 'lemmas', paper: PAPER_CONSTRUCTION.lemmas }),
    rec('Section 2', 'classes with a lemma (paper rule)', paper.wnids.length, { ...o, unit: 'classes', paper: PAPER_CONSTRUCTION.lemmaClasses }),
    rec('Section 2', 'shared lemma strings', paper.shared.length, { ...o, unit: 'lemmas', paper: PAPER_CONSTRUCTION.sharedLemmas }),
    rec('Section 2', 'lemmas with punctuation (unmatchable)', unmatchable.length, { ...o, unit: 'lemmas', paper: PAPER_CONSTRUCTION.punctuatedLemmas }),
    rec('Section 2', 'classes lost to punctuation', paper.wnids.length - live.size, { ...o, unit: 'classes', paper: PAPER_CONSTRUCTION.classesLostToPunctuation }),
    rec('Section 2', 'classes that can ever be single-class (upper bound of LAIONet classes)', live.size - overlaps.classes.length, {
      ...o, unit: 'classes', paper: PAPER_CONSTRUCTION.classes, note: `${overlaps.classes.length} classes have only lemmas containing another class's lemma; paper value is LAIONet's final class count`,
    }),
  ]
  const name = new Map(all.map((c) => [c.wnid, c.lemmas[0]]))
  const tables = [
    { id: 'shared-lemmas', title: 'Lemma strings shared by several classes (dropped)', rows: paper.shared.map((s) => ({ lemma: s.lemma })) },
    { id: 'dropped-classes', title: 'Classes without a lemma', rows: paper.dropped.map((d) => ({ wnid: d.wnid, class: name.get(d.wnid) ?? d.wnid, reason: d.reason })) },
    { id: 'never-single-class', title: 'Classes that can never be single-class', rows: overlaps.classes.map((w) => ({ wnid: w, class: name.get(w) ?? w })) },
  ]
  return { experiment: 'classes', sources, records, figures: [], tables }
}
