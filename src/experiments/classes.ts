import { experimentSources } from '../config/resolve-sources.js'
import { dataPath } from '../data/data-path.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { buildLemmaMap } from '../laionet/lemma-map.js'
import { alwaysMultiClass } from '../laionet/lemma-overlaps.js'
import { paperValue } from '../paper/registry.js'
import { PAPER_EXCLUDED_WNIDS } from '../imagenet/lemma-statistics.js'
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
    rec('construction.classList', 'Section 2', "classes of the authors' ILSVRC class list (the machine crane dropped)", all.length - PAPER_EXCLUDED_WNIDS.length, { ...o, unit: 'classes' }),
    rec('construction.lemmas', 'Section 2', 'lemmas kept (paper rule)', paper.entries.length, o),
    rec('construction.lemmaClasses', 'Section 2', 'classes with a lemma (paper rule)', paper.wnids.length, o),
    rec('construction.sharedLemmas', 'Section 2', 'shared lemma strings', paper.shared.length, o),
    rec('construction.punctuatedLemmas', 'Section 2', 'lemmas with punctuation (unmatchable)', unmatchable.length, o),
    rec('construction.classesLostToPunctuation', 'Section 2', 'classes lost to punctuation', paper.wnids.length - live.size, o),
    rec('classes.singleClassBound', 'Section 2', 'classes that can ever be single-class (upper bound of LAIONet classes)', live.size - overlaps.classes.length, {
      ...o, unit: 'classes', paper: paperValue('construction.classes'), note: `${overlaps.classes.length} classes have only lemmas containing another class's lemma; the paper's value is LAIONet's final class count`,
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
