import type { ImageNetClass, LemmaStatistics, LemmaStatisticsOptions, SharedLemma } from './types.js'

/**
 * Classes the paper's own class list leaves out: the second "crane" (n03126707, the machine). Its list also
 * has n02112837 in place of Siberian husky (n02110185), an id that is not in WordNet 3.0, which we do not copy.
 */
export const PAPER_EXCLUDED_WNIDS: readonly string[] = ['n03126707']

/** Characters that make a lemma unmatchable once captions have their punctuation replaced by spaces. */
const PUNCTUATION = /[-'.]/

/**
 * Computes the lemma bookkeeping of the paper's Section 2 (step 1): lemmas per class, lemma strings shared by
 * several classes (case-sensitive, as the paper matches), lemmas with `-`, `'` or `.`, and how many lemmas and
 * classes survive keeping only lemmas unique to one class.
 * @param classes the ImageNet classes.
 * @param options `exclude`: wnids to leave out first (e.g. PAPER_EXCLUDED_WNIDS).
 * @example lemmaStatistics(classes, { exclude: PAPER_EXCLUDED_WNIDS }).shared.length // 17
 */
export function lemmaStatistics(classes: readonly ImageNetClass[], { exclude = [] }: LemmaStatisticsOptions = {}): LemmaStatistics {
  const skip = new Set(exclude)
  const kept = classes.filter((c) => !skip.has(c.wnid))
  const owners = new Map<string, string[]>()
  for (const cls of kept) {
    for (const lemma of new Set(cls.lemmas)) owners.set(lemma, [...(owners.get(lemma) ?? []), cls.wnid])
  }
  const lemmasPerClass: number[] = []
  for (const cls of kept) {
    const k = cls.lemmas.length
    while (lemmasPerClass.length <= k) lemmasPerClass.push(0)
    lemmasPerClass[k]++
  }
  const shared: SharedLemma[] = [...owners].filter(([, w]) => w.length > 1).map(([lemma, wnids]) => ({ lemma, wnids }))
  const punctuated = kept.flatMap((c) => c.lemmas.filter((l) => PUNCTUATION.test(l)).map((lemma) => ({ lemma, wnid: c.wnid })))
  const unique = kept.map((c) => c.lemmas.filter((l) => owners.get(l)?.length === 1).length)
  return {
    classes: kept.length,
    lemmas: kept.reduce((n, c) => n + c.lemmas.length, 0),
    distinctLemmas: owners.size,
    lemmasPerClass,
    shared,
    punctuated,
    uniqueLemmas: unique.reduce((a, b) => a + b, 0),
    classesWithUniqueLemma: unique.filter((n) => n > 0).length,
  }
}
