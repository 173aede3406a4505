import { PAPER_EXCLUDED_WNIDS } from '../imagenet/lemma-statistics.js'
import { buildLemmaMap } from './lemma-map.js'
import { matchCaptions } from './match-stats.js'
import type { ClassLemmas, ExtendedOptions } from './types.js'

/** The effect of one lemma-map variant on a caption sample. */
export interface OptionEffect {
  /** `paper`, `+<option>` (that recovery alone on the paper's class list), or `extended` (all, all 1000 classes). */
  variant: string
  /** Entries the matcher searches (matchable ones). */
  entries: number
  /** Captions with at least one match. */
  matchedCaptions: number
  /** Captions matching exactly one class (what survives the multi-class filter before similarity). */
  singleClassCaptions: number
  /** Classes named by at least one matched caption (a shared lemma's candidates all count). */
  coveredClasses: number
  /** Classes the map can reach at all (at least one matchable entry). */
  reachableClasses: number
}

const OPTIONS = ['punctuation', 'plurals', 'sharedLemmas', 'caseFolding'] as const

/**
 * Measures each extended-mode recovery on a caption sample: the paper's map, each recovery alone (on the
 * paper's class list), and everything together.
 * @param classes the classes with lemmas
 * @param captions the caption sample (e.g. the 10,000 LAION rows)
 * @param options `irregularPlurals` for the plurals recovery
 * @returns one row per variant
 * @example lemmaOptionEffects(classes, captions, { irregularPlurals }).map((r) => r.matchedCaptions)
 */
export function lemmaOptionEffects(classes: readonly ClassLemmas[], captions: readonly (string | null)[], { irregularPlurals }: Pick<ExtendedOptions, 'irregularPlurals'> = {}): OptionEffect[] {
  const none = { punctuation: false, plurals: false, sharedLemmas: 'drop', caseFolding: false } as const
  const variants: [string, Parameters<typeof buildLemmaMap>[1]][] = [
    ['paper', { mode: 'paper' }],
    ...OPTIONS.map((o): [string, Parameters<typeof buildLemmaMap>[1]] => [`+${o}`, {
      mode: 'extended', ...none, [o]: o === 'sharedLemmas' ? 'candidates' : true, excludeWnids: PAPER_EXCLUDED_WNIDS, irregularPlurals,
    }]),
    ['extended', { mode: 'extended', irregularPlurals }],
  ]
  return variants.map(([variant, options]) => {
    const map = buildLemmaMap(classes, options)
    const records = matchCaptions(captions, map)
    const live = map.entries.filter((e) => e.matchable)
    return {
      variant,
      entries: live.length,
      matchedCaptions: records.length,
      singleClassCaptions: records.filter((r) => r.wnids.length === 1).length,
      coveredClasses: new Set(records.flatMap((r) => r.wnids)).size,
      reachableClasses: new Set(live.flatMap((e) => e.wnids)).size,
    }
  })
}
