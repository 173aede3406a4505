// The two halves of LemmaAutomaton's product: one Aho-Corasick DFA over exact-case patterns, one over ASCII-folded
// ones, each over its own small alphabet (0 = any other character, 1 = space, pattern characters from 2 on).

const SPACE = 1

export function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

export function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

export function alphabet(patterns: { text: string }[], spaceCodes: Set<number>): Map<number, number> {
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
export function buildSide(patterns: { id: number, text: string }[], sym: Map<number, number>, spaceCodes: Set<number>): Side {
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
  for (const [x, child] of children[0]) {
    delta[x] = child
    queue.push(child)
  }
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]
    out[node] = [...out[node], ...out[fail[node]]]
    // Missing transitions follow the failure state's row; the node's own children override it.
    delta.copyWithin(node * S, fail[node] * S, fail[node] * S + S)
    for (const [x, child] of children[node]) {
      fail[child] = delta[fail[node] * S + x]
      delta[node * S + x] = child
      queue.push(child)
    }
  }
  return { states: n, symbols: S, delta, out }
}
