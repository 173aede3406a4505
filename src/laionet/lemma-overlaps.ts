import { createLemmaMatcher } from './lemma-matcher.js'
import type { LemmaMap } from './types.js'

/** Lemmas that can never give a single-class caption, and the classes left with only such lemmas. */
export interface LemmaOverlaps {
  /** Each lemma whose own text also matches another class's lemma (`mountain lion` contains `lion`), with all it matches. */
  lemmas: { lemma: string, wnid: string, alsoMatches: string[] }[]
  /** Classes whose every matchable lemma is such a lemma: no caption can name them alone, so the multi-class rule drops them all. */
  classes: string[]
}

/**
 * Finds the lemmas that always co-match another class's lemma. A caption naming "Siberian husky" also
 * contains "husky" (the Eskimo dog), so under the paper's rule (drop captions matching lemmas of two
 * classes) it is always dropped; a class whose lemmas are all like that can never enter LAIONet.
 * @param map a lemma map (exact-case entries give the paper's answer)
 * @returns the overlapping lemmas and the classes they make unreachable
 * @example alwaysMultiClass(paperMap).classes.length // 27 for the paper's map
 */
export function alwaysMultiClass(map: LemmaMap): LemmaOverlaps {
  const matcher = createLemmaMatcher(map)
  const lemmas: LemmaOverlaps['lemmas'] = []
  const live = new Map<string, { total: number, overlapping: number }>()
  for (const e of matcher.entries) {
    if (e.wnids.length !== 1) continue
    const m = matcher.match(e.pattern)
    const overlapping = m !== null && m.wnids.length > 1
    if (overlapping) lemmas.push({ lemma: e.lemma, wnid: e.wnids[0], alsoMatches: m.lemmas.filter((l) => l !== e.lemma) })
    const c = live.get(e.wnids[0]) ?? { total: 0, overlapping: 0 }
    c.total++
    if (overlapping) c.overlapping++
    live.set(e.wnids[0], c)
  }
  const classes = [...live].filter(([, c]) => c.overlapping === c.total).map(([w]) => w).sort()
  return { lemmas, classes }
}
