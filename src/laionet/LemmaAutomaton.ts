import { alphabet, buildSide, foldAscii, foldCode } from './automaton-side.js'
import { ASCII_PUNCTUATION } from './normalize.js'

/** One pattern of the automaton: the text searched between spaces, and how case is compared. */
export interface AutomatonPattern {
  /** The pattern without its padding spaces, e.g. `mountain lion`. Must not be empty. */
  text: string
  /** Match any ASCII case of the caption (`Tench`, `TENCH` for `tench`). Default: false (exact case). */
  foldCase?: boolean
}

/** How captions are read by the automaton. */
export interface AutomatonOptions {
  /** Characters read as a space: the padding of every pattern. Default: space plus the 32 ASCII punctuation characters (the paper). */
  spaceChars?: string
  /** Read a run of space characters as one space. Default: false (the paper: `a  b` does not match `a b`). */
  collapseSpaces?: boolean
}

const OTHER = 0
const SPACE = 1

/** A compiled automaton as plain typed arrays: what {@link LemmaAutomaton.fromTables} rebuilds it from (a worker thread receives this instead of compiling again). */
export interface AutomatonTables {
  patternCount: number
  stateCount: number
  classCount: number
  classOf: Uint8Array | Uint16Array
  byteClassOf: Uint8Array | Uint16Array | null
  jump: Int32Array
  start: number
  outStart: Int32Array
  outIds: Int32Array
}

/**
 * An Aho-Corasick automaton over UTF-16 code units that finds, in one pass over a caption, every pattern
 * that occurs in `' ' + normalise(caption) + ' '` as `' ' + pattern + ' '`. Normalisation (punctuation
 * to space) is folded into the character classes, so captions are scanned as they are, never copied.
 * Exact-case and case-folded patterns share one deterministic automaton: the product of an exact-case
 * automaton and one reading ASCII-lowercased input, built over the pairs of states that can occur together.
 * @example
 * ```ts
 * const a = new LemmaAutomaton([{ text: 'tench' }, { text: 'mountain lion', foldCase: true }])
 * a.matchIds('A Mountain Lion, a tench.') // [0, 1]
 * a.matchIds('tenches') // []
 * ```
 */
export class LemmaAutomaton {
  /** Number of patterns; match ids are indices into the patterns given to the constructor. */
  readonly patternCount: number
  /** Number of automaton states (a size measure for reports and benchmarks). */
  readonly stateCount: number
  private readonly classOf: Uint8Array | Uint16Array
  private readonly classCount: number
  /** Transitions as offsets `state * classCount`, negated when the target state reports patterns. */
  private readonly jump: Int32Array
  private readonly start: number
  private readonly outStart: Int32Array
  private readonly outIds: Int32Array
  private readonly byteClassOf: Uint8Array | Uint16Array | null
  private readonly seen: Uint32Array
  private stamp = 0

  /**
   * Builds the automaton.
   * @param patterns the patterns; a pattern's index is its match id
   * @param options how captions are read
   */
  constructor(patterns: readonly AutomatonPattern[], { spaceChars = ' ' + ASCII_PUNCTUATION, collapseSpaces = false }: AutomatonOptions = {}) {
    this.patternCount = patterns.length
    const spaceCodes = new Set([...spaceChars].map((c) => c.charCodeAt(0)))
    patterns.forEach((p, i) => {
      if (p.text.length === 0) throw new Error(`lemma automaton: pattern ${i} is empty (expected at least one character)`)
    })
    const strict = patterns.map((p, i) => ({ id: i, text: p.foldCase ? null : p.text })).filter((p): p is { id: number, text: string } => p.text !== null)
    const folded = patterns.map((p, i) => ({ id: i, text: p.foldCase ? foldAscii(p.text) : null })).filter((p): p is { id: number, text: string } => p.text !== null)

    // Per-side alphabets: 0 = any other character, 1 = space; pattern characters from 2 on.
    const strictSym = alphabet(strict, spaceCodes)
    const foldSym = alphabet(folded, spaceCodes)
    const A = buildSide(strict, strictSym, spaceCodes)
    const B = buildSide(folded, foldSym, spaceCodes)

    // Character classes: each distinct (exact symbol, folded symbol) pair. Only pattern characters (and their
    // upper-case forms, on the folded side) need a lookup; every other code unit is OTHER or SPACE.
    const classOf = new Uint16Array(65536)
    const pairClass = new Map<number, number>([[OTHER * 65536 + OTHER, OTHER], [SPACE * 65536 + SPACE, SPACE]])
    const classSyms: number[] = [OTHER, OTHER, SPACE, SPACE]
    const candidates = new Set<number>([...strictSym.keys(), ...foldSym.keys()])
    for (const c of foldSym.keys()) if (c >= 97 && c <= 122) candidates.add(c - 32)
    for (const c of spaceCodes) classOf[c] = SPACE
    for (const c of [...candidates].sort((x, y) => x - y)) {
      if (spaceCodes.has(c)) continue
      const a = strictSym.get(c) ?? OTHER
      const b = foldSym.get(foldCode(c)) ?? OTHER
      const key = a * 65536 + b
      let k = pairClass.get(key)
      if (k === undefined) {
        k = classSyms.length / 2
        pairClass.set(key, k)
        classSyms.push(a, b)
      }
      classOf[c] = k
    }
    const K = classSyms.length / 2
    this.classCount = K
    this.classOf = K <= 256 ? Uint8Array.from(classOf) : classOf

    // Product automaton over reachable (exact state, folded state) pairs, breadth first. The pair index is a
    // typed array while the product space is small enough (it is in practice: one side has few states).
    const space = A.states * B.states
    const dense = space <= 1 << 23 ? new Int32Array(space).fill(-1) : null
    const sparse = dense ? null : new Map<number, number>()
    const pairs: number[] = []
    const stateOf = (a: number, b: number): number => {
      const key = a * B.states + b
      let s = dense ? dense[key] : sparse!.get(key) ?? -1
      if (s < 0) {
        s = pairs.length / 2
        if (dense) dense[key] = s
        else sparse!.set(key, s)
        pairs.push(a, b)
      }
      return s
    }
    stateOf(0, 0)
    const next: number[] = []
    for (let s = 0; s * 2 < pairs.length; s++) {
      const a = pairs[2 * s] * A.symbols
      const b = pairs[2 * s + 1] * B.symbols
      for (let k = 0; k < K; k++) next.push(stateOf(A.delta[a + classSyms[2 * k]], B.delta[b + classSyms[2 * k + 1]]))
    }
    const n = pairs.length / 2
    this.stateCount = n
    const outStart = new Int32Array(n + 1)
    const outIds: number[] = []
    for (let s = 0; s < n; s++) {
      outStart[s] = outIds.length
      const ids = [...A.out[pairs[2 * s]], ...B.out[pairs[2 * s + 1]]].sort((x, y) => x - y)
      for (const id of ids) outIds.push(id)
    }
    outStart[n] = outIds.length
    this.outStart = outStart
    this.outIds = Int32Array.from(outIds)
    // Premultiplied, sign-tagged targets keep the hot loop to one load and one test per character.
    // The root (offset 0) never reports, since patterns are not empty, so the sign is unambiguous.
    const jump = new Int32Array(n * K)
    for (let i = 0; i < n * K; i++) {
      const t = next[i]
      jump[i] = outStart[t + 1] > outStart[t] ? -(t * K) : t * K
    }
    // Collapsing space runs is built into the table: a space read right after a space (a state entered by a space)
    // stays in that state and reports nothing, so the scan loop is the same in both modes.
    if (collapseSpaces) {
      for (let s = 0; s < n; s++) {
        const t = next[s * K + SPACE]
        jump[t * K + SPACE] = t * K
      }
    }
    this.jump = jump
    this.start = next[0 * K + SPACE] * K
    this.seen = new Uint32Array(patterns.length)
    // UTF-8 bytes can be scanned directly when every pattern and space character is ASCII: each byte of a
    // multi-byte character is then "other", and a run of "other" reads like one.
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at \x00 on purpose
    const ascii = [...spaceCodes].every((c) => c < 128) && patterns.every((p) => /^[\x00-\x7f]*$/.test(p.text))
    this.byteClassOf = ascii ? this.classOf.slice(0, 256).fill(OTHER, 128) : null
  }

  /** The compiled tables (shared, not copied), for {@link LemmaAutomaton.fromTables} in another thread. */
  tables(): AutomatonTables {
    const { patternCount, stateCount, classCount, classOf, byteClassOf, jump, start, outStart, outIds } = this
    return { patternCount, stateCount, classCount, classOf, byteClassOf, jump, start, outStart, outIds }
  }

  /**
   * Rebuilds an automaton from {@link tables} (for instance after a postMessage to a worker) without compiling.
   * @example LemmaAutomaton.fromTables(automaton.tables()).matchIds('a tench')
   */
  static fromTables(tables: AutomatonTables): LemmaAutomaton {
    const a = Object.create(LemmaAutomaton.prototype) as LemmaAutomaton
    return Object.assign(a, { ...tables, seen: new Uint32Array(tables.patternCount), stamp: 0 })
  }

  /**
   * Returns why `tables` could not drive a scan safely (an index out of range, inconsistent sizes), or null when every
   * transition, class and output stays in bounds: what a reader of tables from disk checks before using them.
   * @example LemmaAutomaton.tablesProblem(automaton.tables()) // null
   */
  static tablesProblem(t: AutomatonTables): string | null {
    const { patternCount: P, stateCount: n, classCount: K } = t
    if (![P, n, K].every((x) => Number.isSafeInteger(x) && x > 0) || K < 2 || n * K > 2 ** 31 - 1) return `sizes patterns ${P}, states ${n}, classes ${K}`
    const classBits = K <= 256 ? Uint8Array : Uint16Array
    if (!(t.classOf instanceof classBits) || t.classOf.length !== 65536) return 'the class table is not 65536 entries of the right width'
    if (t.byteClassOf !== null && (!(t.byteClassOf instanceof classBits) || t.byteClassOf.length !== 256)) return 'the byte class table is not 256 entries'
    for (const table of [t.classOf, t.byteClassOf ?? new Uint8Array(0)]) {
      for (let i = 0; i < table.length; i++) if (table[i] >= K) return `class ${table[i]} at code ${i} (of ${K})`
    }
    if (t.jump.length !== n * K) return `${t.jump.length} transitions for ${n} states x ${K} classes`
    if (t.outStart.length !== n + 1 || t.outStart[0] !== 0 || t.outStart[n] !== t.outIds.length) return 'the output index does not span the outputs'
    for (let s = 0; s < n; s++) if (t.outStart[s + 1] < t.outStart[s]) return `the output index decreases at state ${s}`
    for (let j = 0; j < t.outIds.length; j++) if (t.outIds[j] < 0 || t.outIds[j] >= P) return `output ${j} names pattern ${t.outIds[j]} (of ${P})`
    const { jump, outStart } = t
    const limit = n * K
    for (let i = 0; i < jump.length; i++) {
      const v = jump[i]
      if (v >= limit || v <= -limit || v % K !== 0) return `transition ${i} leads to offset ${v}`
      // A negative (reporting) target must have outputs: report() reads them.
      if (v < 0 && outStart[-v / K + 1] === outStart[-v / K]) return `transition ${i} reports a state with no outputs`
    }
    if (!Number.isSafeInteger(t.start) || t.start < 0 || t.start % K !== 0 || t.start / K >= n) return `start offset ${t.start}`
    return null
  }

  /** True when {@link matchBytesInto} can scan UTF-8 bytes (every pattern and space character is ASCII). */
  get readsBytes(): boolean {
    return this.byteClassOf !== null
  }

  /**
   * Writes into `out` the ids of the patterns found in `caption` (each once, in order of first occurrence).
   * @param caption the raw caption (normalisation happens inside)
   * @param out a buffer of at least `patternCount` entries
   * @returns how many ids were written
   */
  matchInto(caption: string, out: Int32Array): number {
    const { classOf, jump } = this
    const stamp = this.nextStamp()
    let s = this.start
    let count = 0
    for (let i = 0, n = caption.length; i < n; i++) {
      s = jump[s + classOf[caption.charCodeAt(i)]]
      if (s < 0) count = this.report(s = -s, stamp, out, count)
    }
    return this.finish(s, stamp, out, count)
  }

  /**
   * {@link matchInto} over the UTF-8 bytes `bytes[start, end)` of a caption, without decoding them; the same ids as
   * for the decoded string when {@link readsBytes} (otherwise it throws). The bytes must be valid UTF-8.
   */
  matchBytesInto(bytes: Uint8Array, start: number, end: number, out: Int32Array): number {
    const { byteClassOf: classOf, jump } = this
    if (!classOf) throw new Error('lemma automaton: a pattern or space character is not ASCII; match decoded strings instead')
    const stamp = this.nextStamp()
    let s = this.start
    let count = 0
    for (let i = start; i < end; i++) {
      s = jump[s + classOf[bytes[i]]]
      if (s < 0) count = this.report(s = -s, stamp, out, count)
    }
    return this.finish(s, stamp, out, count)
  }

  private nextStamp(): number {
    if (this.stamp === 0xfffffffe) {
      this.seen.fill(0)
      this.stamp = 0
    }
    return ++this.stamp
  }

  /** The closing padding space. */
  private finish(s: number, stamp: number, out: Int32Array, count: number): number {
    s = this.jump[s + SPACE]
    return s < 0 ? this.report(-s, stamp, out, count) : count
  }

  /** Appends the not-yet-seen patterns of the state at offset `s` to `out`. */
  private report(s: number, stamp: number, out: Int32Array, count: number): number {
    const state = s / this.classCount
    const { outStart, outIds, seen } = this
    const end = outStart[state + 1]
    for (let j = outStart[state]; j < end; j++) {
      const id = outIds[j]
      if (seen[id] !== stamp) {
        seen[id] = stamp
        out[count++] = id
      }
    }
    return count
  }

  /**
   * Returns the sorted ids of the patterns found in `caption`.
   * @example automaton.matchIds(' a tench ') // [0]
   */
  matchIds(caption: string): number[] {
    const out = new Int32Array(this.patternCount)
    const n = this.matchInto(caption, out)
    return Array.from(out.subarray(0, n)).sort((a, b) => a - b)
  }
}
