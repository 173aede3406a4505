import { dot } from '../util/vectors.js'
import type { LemmaMap } from './types.js'

/** Embeds texts: one L2-normalised vector per text, in order (e.g. CLIP's text tower; see `clipTextEmbedder`). */
export type TextEmbedder = (texts: string[]) => Promise<Float32Array[]>

/** The paper's text-similarity threshold (CLIP ViT-B/32): keep similarity > 0.82, strictly. */
export const PAPER_THRESHOLD = 0.82

/** Appendix A's threshold for the MPNet build (all-mpnet-base-v2): keep similarity > 0.58. */
const MPNET_THRESHOLD = 0.58

/** The paper's threshold of each text encoder of the build (`--text-encoder`). */
export const TEXT_ENCODER_THRESHOLDS = { clip: PAPER_THRESHOLD, mpnet: MPNET_THRESHOLD } as const

/** Which class a matched caption belongs to, before the similarity threshold. */
export type ClassResolution =
  | { kind: 'single', wnid: string }
  | { kind: 'candidates', wnids: string[] }
  | { kind: 'multi', wnids: string[] }

/**
 * Decides the class of a matched caption from the lemmas it matched. Lemmas pointing to one class
 * decide; two such classes make it multi-class (dropped, as in the paper). A shared lemma kept as
 * candidates (extended mode) must agree with them, else it is multi-class too; with only shared lemmas,
 * the common candidates are left for the text similarity to pick.
 * @param lemmas the matched WordNet lemmas (as in a match record)
 * @param wnids the matched classes (as in a match record)
 * @param map the lemma map that produced the match
 * @returns the resolution
 * @example resolveClass(['crane'], ['n02012849', 'n03126707'], extendedMap) // { kind: 'candidates', wnids: [...] }
 */
export function resolveClass(lemmas: readonly string[], wnids: readonly string[], map: LemmaMap): ClassResolution {
  if (wnids.length === 1) return { kind: 'single', wnid: wnids[0] }
  const byLemma = lemmaClasses(map)
  const sure = new Set<string>()
  const sets: string[][] = []
  for (const lemma of lemmas) {
    const classes = byLemma.get(lemma) ?? []
    if (classes.length === 1) sure.add(classes[0])
    else if (classes.length > 1) sets.push(classes)
  }
  if (sure.size > 1) return { kind: 'multi', wnids: [...wnids] }
  if (sure.size === 1) {
    const [only] = sure
    return sets.every((s) => s.includes(only)) ? { kind: 'single', wnid: only } : { kind: 'multi', wnids: [...wnids] }
  }
  const common = sets.reduce((acc, s) => acc.filter((w) => s.includes(w)), sets[0] ?? [])
  if (common.length === 0) return { kind: 'multi', wnids: [...wnids] }
  return common.length === 1 ? { kind: 'single', wnid: common[0] } : { kind: 'candidates', wnids: common }
}

const cache = new WeakMap<LemmaMap, Map<string, string[]>>()

/** Lemma to the union of its entries' classes (a lemma's plural forms share its classes). */
function lemmaClasses(map: LemmaMap): Map<string, string[]> {
  let m = cache.get(map)
  if (!m) {
    const sets = new Map<string, Set<string>>()
    for (const e of map.entries) {
      const s = sets.get(e.lemma) ?? new Set<string>()
      for (const w of e.wnids) s.add(w)
      sets.set(e.lemma, s)
    }
    m = new Map([...sets].map(([k, s]) => [k, [...s].sort()]))
    cache.set(map, m)
  }
  return m
}

/**
 * Picks the class of a caption and its similarity: the single class, or the most similar candidate
 * (ties: the smaller wnid). Multi-class captions get no class.
 * @returns `{ wnid, similarity }`, or null for a multi-class caption
 */
export function scoreCaption(resolution: ClassResolution, caption: Float32Array, synsets: ReadonlyMap<string, Float32Array>): { wnid: string, similarity: number } | null {
  if (resolution.kind === 'multi') return null
  const options = resolution.kind === 'single' ? [resolution.wnid] : resolution.wnids
  let best: { wnid: string, similarity: number } | null = null
  for (const wnid of options) {
    const s = synsets.get(wnid)
    if (!s) throw new Error(`text filter: no synset text embedding for ${wnid} (expected one per class of the lemma map)`)
    if (caption.length !== s.length) throw new Error(`text filter: embedding lengths differ (expected ${s.length}, got ${caption.length}); caption and synset texts must come from the same model`)
    const similarity = dot(caption, s)
    if (!best || similarity > best.similarity) best = { wnid, similarity }
  }
  return best
}
