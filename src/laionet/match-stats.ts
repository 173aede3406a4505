import { createLemmaMatcher } from './lemma-matcher.js'
import type { LemmaMap, MatchRecord } from './types.js'

/**
 * Matches in-memory captions (a notebook's sample) and returns the records of those that match, with
 * their index in `captions` as row.
 * @example matchCaptions(['a tench'], paperMap) // [{ row: 0, wnids: ['n01440764'], lemmas: ['tench'] }]
 */
export function matchCaptions(captions: readonly (string | null | undefined)[], map: LemmaMap): MatchRecord[] {
  const matcher = createLemmaMatcher(map)
  const out: MatchRecord[] = []
  captions.forEach((c, row) => {
    const m = matcher.match(c)
    if (m) out.push({ row, ...m })
  })
  return out
}

/**
 * Counts captions per matched lemma, most frequent first (ties by lemma).
 * @example lemmaCounts(records)[0] // { lemma: 'board', count: 20 }
 */
export function lemmaCounts(records: readonly MatchRecord[]): { lemma: string, count: number }[] {
  const counts = new Map<string, number>()
  for (const r of records) for (const l of r.lemmas) counts.set(l, (counts.get(l) ?? 0) + 1)
  return [...counts].map(([lemma, count]) => ({ lemma, count })).sort((a, b) => b.count - a.count || (a.lemma < b.lemma ? -1 : 1))
}

/**
 * Counts captions per matched class (a multi-class caption counts for each), most frequent first.
 * @example classCounts(records)[0] // { wnid: 'n03201208', count: 21 }
 */
export function classCounts(records: readonly MatchRecord[]): { wnid: string, count: number }[] {
  const counts = new Map<string, number>()
  for (const r of records) for (const w of r.wnids) counts.set(w, (counts.get(w) ?? 0) + 1)
  return [...counts].map(([wnid, count]) => ({ wnid, count })).sort((a, b) => b.count - a.count || (a.wnid < b.wnid ? -1 : 1))
}
