import { LemmaAutomaton, type AutomatonTables } from './LemmaAutomaton.js'
import { ASCII_PUNCTUATION, normalizeCaption } from './normalize.js'
import type { CaptionMatch, LemmaEntry, LemmaMap } from './types.js'

/** A compiled lemma map: finds every entry of the map in a caption in one pass. */
export interface LemmaMatcher {
  /** The map it was compiled from. */
  map: LemmaMap
  /** The automaton (for sizes in reports and benchmarks). */
  automaton: LemmaAutomaton
  /** The matchable entries, indexed by automaton match id. */
  entries: LemmaEntry[]
  /** Returns the classes and lemmas a caption matches, or null when it matches none (null and empty captions never match). */
  match(caption: string | null | undefined): CaptionMatch | null
  /**
   * {@link match} over the valid UTF-8 bytes `bytes[start, end)` of a caption, without decoding them; null when
   * `automaton.readsBytes` is false (a non-ASCII pattern: decode and call `match`).
   */
  matchBytes(bytes: Uint8Array, start: number, end: number): CaptionMatch | null
}

/**
 * Compiles a lemma map into a matcher. In paper mode a caption is read exactly as the authors read it
 * (ASCII punctuation as spaces, exact case, no collapsing of space runs); in extended mode with
 * `punctuation`, whitespace runs also collapse, as they do in the lemma patterns.
 * @param map a lemma map from `buildLemmaMap`
 * @param compiled the map's automaton as `matcher.automaton.tables()` gave it (another thread's): skips compiling
 * @returns the matcher
 * @example createLemmaMatcher(map).match('a painter at work') // { wnids: ['n02125311'], lemmas: ['painter'] }
 */
export function createLemmaMatcher(map: LemmaMap, compiled?: AutomatonTables): LemmaMatcher {
  const entries = map.entries.filter((e) => e.matchable)
  const collapse = collapsesSpaces(map)
  const automaton = compiled ? LemmaAutomaton.fromTables(compiled) : new LemmaAutomaton(
    entries.map((e) => ({ text: e.pattern, foldCase: !e.caseSensitive })),
    { spaceChars: ' ' + ASCII_PUNCTUATION + (collapse ? '\t\n\r\f\v' : ''), collapseSpaces: collapse },
  )
  if (automaton.patternCount !== entries.length) throw new Error(`lemma matcher: the compiled automaton has ${automaton.patternCount} patterns, the map ${entries.length} matchable entries`)
  const buffer = new Int32Array(entries.length)
  return {
    map,
    automaton,
    entries,
    match(caption) {
      if (caption === null || caption === undefined || caption.length === 0) return null
      const n = automaton.matchInto(caption, buffer)
      if (n === 0) return null
      return toMatch(entries, buffer.subarray(0, n))
    },
    matchBytes(bytes, start, end) {
      if (end <= start || !automaton.readsBytes) return null
      const n = automaton.matchBytesInto(bytes, start, end, buffer)
      return n === 0 ? null : toMatch(entries, buffer.subarray(0, n))
    },
  }
}

/**
 * Returns what the authors' per-lemma loop finds in a caption: normalise once, then test
 * `' ' + lemma + ' ' in caption` for every matchable entry in turn. The reference the automaton is
 * checked against, and the baseline of the matching benchmark; far too slow for LAION.
 * @param caption the raw caption
 * @param map a lemma map
 * @returns the matched classes and lemmas, or null
 * @example matchCaptionPerLemma('a tench', paperMap) // { wnids: ['n01440764'], lemmas: ['tench'] }
 */
export function matchCaptionPerLemma(caption: string | null | undefined, map: LemmaMap): CaptionMatch | null {
  if (caption === null || caption === undefined || caption.length === 0) return null
  const text = normalizeCaption(caption, { collapse: collapsesSpaces(map) })
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase())
  const hits: LemmaEntry[] = []
  for (const e of map.entries) {
    if (!e.matchable) continue
    const found = e.caseSensitive ? text.includes(' ' + e.pattern + ' ') : lower.includes(' ' + e.pattern.replace(/[A-Z]/g, (c) => c.toLowerCase()) + ' ')
    if (found) hits.push(e)
  }
  if (hits.length === 0) return null
  return toMatch(hits, hits.map((_, i) => i))
}

function collapsesSpaces(map: LemmaMap): boolean {
  return map.mode === 'extended' && map.options.punctuation
}

function toMatch(entries: readonly LemmaEntry[], ids: ArrayLike<number>): CaptionMatch {
  // Most matched captions hit one entry, whose wnids are already sorted and distinct.
  if (ids.length === 1) return { wnids: entries[ids[0]].wnids.slice(), lemmas: [entries[ids[0]].lemma] }
  const wnids = new Set<string>()
  const lemmas = new Set<string>()
  for (let i = 0; i < ids.length; i++) {
    const e = entries[ids[i]]
    for (const w of e.wnids) wnids.add(w)
    lemmas.add(e.lemma)
  }
  return { wnids: [...wnids].sort(), lemmas: [...lemmas].sort() }
}
