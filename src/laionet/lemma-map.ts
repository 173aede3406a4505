import { PAPER_EXCLUDED_WNIDS } from '../imagenet/lemma-statistics.js'
import { hasAsciiPunctuation, normalizeLemma } from './normalize.js'
import { pluralForms } from './plurals.js'
import type { ClassLemmas, LemmaEntry, LemmaMap, LemmaMapOptions, LemmaSource } from './types.js'

/**
 * The Siberian husky's wnid in the authors' class file (n02112837, a typo) and the right one (n02110185),
 * which we use. Their code special-cased the typo when looking the synset up in WordNet
 * (`wn.synsets('siberian_husky')[0]`), so the lemma they searched is the husky's; only the label differs.
 */
export const PAPER_HUSKY_WNID = { paper: 'n02112837', correct: 'n02110185' } as const

/**
 * Builds the lemma map of the given mode from the classes' WordNet lemmas.
 *
 * `paper`: the class list minus n03126707; a lemma is kept only if exactly one class of that list has it;
 * classes left without a lemma are dropped (1,825 lemmas over 995 classes for ImageNet-1k). Lemmas holding
 * punctuation are kept but marked unmatchable, as they are for the authors (64 lemmas, 15 classes).
 *
 * `extended`: the recoveries of {@link ExtendedOptions}, each on by default.
 * @param classes the classes with their lemmas (e.g. from `loadImageNetClasses()`)
 * @param options the mode and, in extended mode, the recoveries
 * @returns the map, with its entries sorted by pattern
 * @example buildLemmaMap(classes, { mode: 'paper' }).entries.length // 1825
 */
export function buildLemmaMap(classes: readonly ClassLemmas[], options: LemmaMapOptions = {}): LemmaMap {
  const { mode = 'paper' } = options
  if (mode !== 'paper' && mode !== 'extended') throw new Error(`lemma map: unknown mode "${String(mode)}" (expected "paper" or "extended")`)
  const settings = mode === 'paper'
    ? { punctuation: false, plurals: false, sharedLemmas: 'drop' as const, caseFolding: false, excludeWnids: PAPER_EXCLUDED_WNIDS }
    : {
        punctuation: options.punctuation ?? true,
        plurals: options.plurals ?? true,
        sharedLemmas: options.sharedLemmas ?? 'candidates',
        caseFolding: options.caseFolding ?? true,
        excludeWnids: options.excludeWnids ?? [],
      }
  const irregular = mode === 'extended' ? options.irregularPlurals ?? new Map<string, string[]>() : new Map<string, string[]>()
  const excluded = new Set(settings.excludeWnids)
  const listed = classes.filter((c) => !excluded.has(c.wnid))

  // Lemmas shared by classes of the list, as WordNet spells them (the paper's test).
  const holders = new Map<string, Set<string>>()
  for (const c of listed) {
    for (const lemma of c.lemmas) {
      const set = holders.get(lemma) ?? new Set<string>()
      set.add(c.wnid)
      holders.set(lemma, set)
    }
  }
  const shared = [...holders].filter(([, set]) => set.size > 1).map(([lemma, set]) => ({ lemma, wnids: [...set].sort() }))
    .sort((a, b) => compare(a.lemma, b.lemma))

  // Base entries, keyed by what the automaton sees (pattern and case rule).
  const base = new Map<string, Draft>()
  for (const c of listed) {
    for (const lemma of c.lemmas) {
      const pattern = settings.punctuation ? normalizeLemma(lemma) : lemma
      if (pattern.length === 0) continue
      const caseSensitive = !settings.caseFolding || /[A-Z]/.test(pattern)
      const source: LemmaSource = pattern === lemma ? 'wordnet' : 'punctuation'
      addDraft(base, { pattern, lemma, wnids: new Set([c.wnid]), source, caseSensitive })
    }
  }
  // A lemma of several classes stays only as candidates (extended mode); otherwise it is dropped.
  const allowed = (d: Draft) => d.wnids.size === 1 || settings.sharedLemmas === 'candidates'
  const kept = [...base.values()].filter(allowed)

  // Plural variants never displace a base entry; variants that collide across classes follow sharedLemmas.
  const variants = new Map<string, Draft>()
  if (settings.plurals) {
    for (const d of kept) {
      for (const { form, irregular: isIrregular } of pluralForms(d.pattern, irregular)) {
        const pattern = settings.punctuation ? normalizeLemma(form) : form
        if (base.has(key(pattern, d.caseSensitive))) continue
        addDraft(variants, { pattern, lemma: d.lemma, wnids: new Set(d.wnids), source: isIrregular ? 'irregular-plural' : 'plural', caseSensitive: d.caseSensitive })
      }
    }
  }
  const all = [...kept, ...[...variants.values()].filter(allowed)]

  const entries: LemmaEntry[] = all.map((d) => ({
    pattern: d.pattern,
    lemma: d.lemma,
    wnids: [...d.wnids].sort(),
    source: d.source,
    caseSensitive: d.caseSensitive,
    matchable: !hasAsciiPunctuation(d.pattern),
  })).sort((a, b) => compare(a.pattern, b.pattern) || Number(a.caseSensitive) - Number(b.caseSensitive))

  const reached = new Set(entries.flatMap((e) => e.wnids))
  const dropped = [
    ...classes.filter((c) => excluded.has(c.wnid)).map((c) => ({ wnid: c.wnid, reason: 'excluded from the class list' })),
    ...listed.filter((c) => !reached.has(c.wnid)).map((c) => ({ wnid: c.wnid, reason: `every lemma is shared with another class (${c.lemmas.join(', ')})` })),
  ].sort((a, b) => compare(a.wnid, b.wnid))
  return {
    mode,
    options: { ...settings, excludeWnids: [...settings.excludeWnids], irregularPlurals: irregular.size },
    entries,
    wnids: [...reached].sort(),
    dropped,
    shared,
  }
}

/**
 * Returns a lemma map as `{ lemma: wnid }` (the shape of the authors' `lemma2wnid`), keyed by pattern;
 * a shared lemma kept as candidates maps to its sorted wnids.
 * @example lemmaMapJson(map)['mountain lion'] // 'n02125311'
 */
export function lemmaMapJson(map: LemmaMap): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  const seen = new Map<string, number>()
  for (const e of map.entries) seen.set(e.pattern, (seen.get(e.pattern) ?? 0) + 1)
  for (const e of map.entries) {
    // A pattern both exact-case and any-case (two classes) needs two keys.
    const name = e.caseSensitive || seen.get(e.pattern) === 1 ? e.pattern : `${e.pattern} (any case)`
    out[name] = e.wnids.length === 1 ? e.wnids[0] : e.wnids
  }
  return out
}

interface Draft {
  pattern: string
  lemma: string
  wnids: Set<string>
  source: LemmaSource
  caseSensitive: boolean
}

function key(pattern: string, caseSensitive: boolean): string {
  return caseSensitive ? `=${pattern}` : `~${pattern.toLowerCase()}`
}

function addDraft(into: Map<string, Draft>, d: Draft): void {
  const k = key(d.pattern, d.caseSensitive)
  const old = into.get(k)
  if (!old) {
    into.set(k, d)
    return
  }
  for (const w of d.wnids) old.wnids.add(w)
  // Keep the most direct provenance and the alphabetically first lemma, so the result is order-independent.
  if (rank(d.source) < rank(old.source) || (rank(d.source) === rank(old.source) && compare(d.lemma, old.lemma) < 0)) {
    old.lemma = d.lemma
    old.source = d.source
    old.pattern = d.pattern
  }
}

function rank(source: LemmaSource): number {
  return ['wordnet', 'punctuation', 'irregular-plural', 'plural'].indexOf(source)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
