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
  private readonly collapse: boolean
  private readonly seen: Uint32Array
  private stamp = 0

  /**
   * Builds the automaton.
   * @param patterns the patterns; a pattern's index is its match id
   * @param options how captions are read
   */
  constructor(patterns: readonly AutomatonPattern[], { spaceChars = ' ' + ASCII_PUNCTUATION, collapseSpaces = false }: AutomatonOptions = {}) {
    this.patternCount = patterns.length
    this.collapse = collapseSpaces
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

    // Character classes: each distinct (exact symbol, folded symbol) pair.
    const classOf = new Uint16Array(65536)
    const pairClass = new Map<number, number>([[OTHER * 65536 + OTHER, OTHER], [SPACE * 65536 + SPACE, SPACE]])
    const classSyms: Array<[number, number]> = [[OTHER, OTHER], [SPACE, SPACE]]
    for (let c = 0; c < 65536; c++) {
      if (spaceCodes.has(c)) { classOf[c] = SPACE; continue }
      const a = strictSym.get(c) ?? OTHER
      const b = foldSym.get(foldCode(c)) ?? OTHER
      const key = a * 65536 + b
      let k = pairClass.get(key)
      if (k === undefined) {
        k = classSyms.length
        pairClass.set(key, k)
        classSyms.push([a, b])
      }
      classOf[c] = k
    }
    const K = classSyms.length
    this.classCount = K
    this.classOf = K <= 256 ? Uint8Array.from(classOf) : classOf

    // Product automaton over reachable (exact state, folded state) pairs, breadth first.
    const index = new Map<number, number>()
    const pairs: number[] = []
    const stateOf = (a: number, b: number): number => {
      const key = a * B.states + b
      let s = index.get(key)
      if (s === undefined) {
        s = pairs.length / 2
        index.set(key, s)
        pairs.push(a, b)
      }
      return s
    }
    stateOf(0, 0)
    const next: number[] = []
    for (let s = 0; s * 2 < pairs.length; s++) {
      const a = pairs[2 * s]
      const b = pairs[2 * s + 1]
      for (let k = 0; k < K; k++) {
        const [sa, sb] = classSyms[k]
        next[s * K + k] = stateOf(A.delta[a * A.symbols + sa], B.delta[b * B.symbols + sb])
      }
    }
    const n = pairs.length / 2
    this.stateCount = n
    const outStart = new Int32Array(n + 1)
    const outIds: number[] = []
    for (let s = 0; s < n; s++) {
      outStart[s] = outIds.length
      const ids = [...A.out[pairs[2 * s]], ...B.out[pairs[2 * s + 1]]].sort((x, y) => x - y)
      outIds.push(...ids)
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
    this.jump = jump
    this.start = next[0 * K + SPACE] * K
    this.seen = new Uint32Array(patterns.length)
  }

  /**
   * Writes into `out` the ids of the patterns found in `caption` (each once, in order of first occurrence).
   * @param caption the raw caption (normalisation happens inside)
   * @param out a buffer of at least `patternCount` entries
   * @returns how many ids were written
   */
  matchInto(caption: string, out: Int32Array): number {
    const { classOf, jump } = this
    let stamp = ++this.stamp
    if (stamp === 0xffffffff) {
      this.seen.fill(0)
      stamp = this.stamp = 1
    }
    let s = this.start
    let count = 0
    const n = caption.length
    if (this.collapse) {
      let previous = SPACE
      for (let i = 0; i < n; i++) {
        const k = classOf[caption.charCodeAt(i)]
        if (k === SPACE && previous === SPACE) continue
        previous = k
        s = jump[s + k]
        if (s < 0) {
          s = -s
          count = this.report(s, stamp, out, count)
        }
      }
      if (previous === SPACE) return count
    } else {
      for (let i = 0; i < n; i++) {
        s = jump[s + classOf[caption.charCodeAt(i)]]
        if (s < 0) {
          s = -s
          count = this.report(s, stamp, out, count)
        }
      }
    }
    s = jump[s + SPACE]
    if (s < 0) count = this.report(-s, stamp, out, count)
    return count
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

function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

function alphabet(patterns: { text: string }[], spaceCodes: Set<number>): Map<number, number> {
  const sym = new Map<number, number>()
  for (const { text } of patterns) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (!spaceCodes.has(c) && !sym.has(c)) sym.set(c, sym.size + 2)
    }
  }
  return sym
}

interface Side {
  states: number
  symbols: number
  delta: Int32Array
  out: number[][]
}

/** A complete Aho-Corasick DFA (goto with failure transitions resolved) over one side's symbols. */
function buildSide(patterns: { id: number, text: string }[], sym: Map<number, number>, spaceCodes: Set<number>): Side {
  const S = sym.size + 2
  const children: Map<number, number>[] = [new Map()]
  const out: number[][] = [[]]
  const symbolOf = (c: number) => (spaceCodes.has(c) ? SPACE : sym.get(c) as number)
  for (const { id, text } of patterns) {
    let node = 0
    const padded = ' ' + text + ' '
    for (let i = 0; i < padded.length; i++) {
      const x = symbolOf(padded.charCodeAt(i))
      let child = children[node].get(x)
      if (child === undefined) {
        child = children.length
        children.push(new Map())
        out.push([])
        children[node].set(x, child)
      }
      node = child
    }
    out[node].push(id)
  }
  const n = children.length
  const delta = new Int32Array(n * S)
  const fail = new Int32Array(n)
  const queue: number[] = []
  for (let x = 0; x < S; x++) {
    const child = children[0].get(x)
    if (child !== undefined) {
      delta[x] = child
      queue.push(child)
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]
    out[node] = [...out[node], ...out[fail[node]]]
    for (let x = 0; x < S; x++) {
      const child = children[node].get(x)
      if (child === undefined) {
        delta[node * S + x] = delta[fail[node] * S + x]
      } else {
        fail[child] = delta[fail[node] * S + x]
        delta[node * S + x] = child
        queue.push(child)
      }
    }
  }
  return { states: n, symbols: S, delta, out }
}
