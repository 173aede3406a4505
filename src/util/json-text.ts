import { LaionetError } from './errors.js'

// V8's JSON.parse messages quote the first 10 characters of the text, or give a bare position: neither shows a user
// where a hand-edited file went wrong. This finds the offset of the first error and quotes a window around it.

const WINDOW = 40
const MAX_DEPTH = 10_000
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const HEX4 = /[0-9a-fA-F]{4}/y

/**
 * Parses JSON text read from `file`; invalid text raises an error naming the file, the line, column and character
 * offset of the first error, and quoting the text around it (`…[1, 2,⟦,⟧ 3]…`).
 * @param text the file's content
 * @param file the file, for the message
 * @param module the message prefix, e.g. 'intra-class'
 * @returns the parsed value
 * @example parseJsonText(await readFile(f, 'utf8'), f, 'intra-class')
 */
export function parseJsonText(text: string, file: string, module: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const at = Math.min(jsonErrorOffset(text), text.length)
    const before = text.slice(0, at)
    const line = before.split('\n').length
    const column = at - before.lastIndexOf('\n')
    const shown = at >= text.length
      ? `the text ends there${text.length ? ` (last characters: ${JSON.stringify(text.slice(-WINDOW))})` : ' (the file is empty)'}`
      : `near ${JSON.stringify(`${at > WINDOW ? '…' : ''}${text.slice(Math.max(0, at - WINDOW), at)}⟦${text[at]}⟧${text.slice(at + 1, at + 1 + WINDOW)}${at + 1 + WINDOW < text.length ? '…' : ''}`)}`
    throw new LaionetError(module, `${file} is not valid JSON: error at line ${line}, column ${column} (character ${at}), ${shown}`, {
      code: 'invalid-input', cause: err, fix: 'Fix the file there (the marked character is where the parser stopped)',
    })
  }
}

/** Returns the offset at which JSON text first goes wrong (its length when it ends too early). */
function jsonErrorOffset(s: string): number {
  let i = 0
  const fail = (): never => { throw i }
  const ws = () => { while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++ }
  const word = (w: string) => { for (const c of w) { if (s[i] !== c) fail(); i++ } }
  const string = () => {
    i++
    for (;;) {
      if (i >= s.length) fail()
      const c = s.charCodeAt(i)
      if (c === 34) { i++; return }
      if (c < 32) fail()
      if (c !== 92) { i++; continue }
      i++
      if (s[i] === 'u') {
        HEX4.lastIndex = i + 1
        if (!HEX4.test(s)) fail()
        i += 5
      } else if (i < s.length && '"\\/bfnrt'.includes(s[i])) i++
      else fail()
    }
  }
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail()
    ws()
    const c = s[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      ws()
      if (s[i] === close) { i++; return }
      for (;;) {
        if (c === '{') {
          ws()
          if (s[i] !== '"') fail()
          string()
          ws()
          if (s[i] !== ':') fail()
          i++
        }
        value(depth + 1)
        ws()
        if (s[i] === ',') { i++; continue }
        if (s[i] === close) { i++; return }
        fail()
      }
    }
    if (c === '"') return string()
    if (c === 't') return word('true')
    if (c === 'f') return word('false')
    if (c === 'n') return word('null')
    NUMBER.lastIndex = i
    const m = NUMBER.exec(s)
    if (!m) fail()
    i += m![0].length
  }
  try {
    value(0)
    ws()
    return i < s.length ? i : 0
  } catch (at) {
    if (typeof at === 'number') return at
    throw at
  }
}
