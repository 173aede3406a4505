import { readFile, stat } from 'node:fs/promises'

/** Options of {@link parseIndexPickle} and {@link readIndexPickle}. */
export interface IndexPickleOptions {
  /** Largest file accepted, in bytes. Default: 256 MiB. */
  maxBytes?: number
  /** Most keys plus list items accepted (a guard against a hostile or wrong file). Default: 50,000,000. */
  maxItems?: number
  /**
   * Most values on the unpickler's stack at once. `pickle.dump` batches APPENDS and SETITEMS by 1,000, so a dict of
   * lists needs about 2,000; a flood of EMPTY_DICT or EMPTY_LIST opcodes piles up here. Default: 100,000.
   */
  maxStack?: number
  /** Most memo entries (`pickle.dump` memoizes each key and list once: about twice the keys). Default: 1,000,000. */
  maxMemo?: number
}

/** A value on the unpickler's stack: only what a `dict[str, list[int]]` needs. */
type Value = string | number | number[] | Map<string, number[]> | typeof MARK
const MARK = Symbol('mark')

const OPS: Record<number, string> = {
  0x80: 'PROTO', 0x95: 'FRAME', 0x2e: 'STOP', 0x7d: 'EMPTY_DICT', 0x5d: 'EMPTY_LIST', 0x28: 'MARK',
  0x73: 'SETITEM', 0x75: 'SETITEMS', 0x61: 'APPEND', 0x65: 'APPENDS', 0x8c: 'SHORT_BINUNICODE',
  0x58: 'BINUNICODE', 0x8d: 'BINUNICODE8', 0x4a: 'BININT', 0x4b: 'BININT1', 0x4d: 'BININT2', 0x8a: 'LONG1',
  0x94: 'MEMOIZE', 0x71: 'BINPUT', 0x72: 'LONG_BINPUT', 0x68: 'BINGET', 0x6a: 'LONG_BINGET',
}

/**
 * Parses a Python pickle (protocols 2-5, as `pickle.dump` writes them) of exactly one shape: a dict of str to a
 * list of int, e.g. the authors' released `{wnid: [global LAION index, ...]}` label files. Any other opcode, key
 * or value type is refused with the byte offset; no code is ever run (no GLOBAL/REDUCE support at all). The stack,
 * the memo and the values made are bounded, so a flood of opcodes is refused with the file's name, not run out of memory.
 * @param bytes the file's bytes
 * @param source the file name, for messages
 * @param options maxBytes (default 256 MiB), maxItems (default 50,000,000), maxStack (100,000), maxMemo (1,000,000)
 * @returns the dict as a Map in the pickle's key order; each list in its stored order
 * @example parseIndexPickle(bytes, 'labels.pkl').get('n01440764')?.length // 50
 */
export function parseIndexPickle(bytes: Uint8Array, source: string, options: IndexPickleOptions = {}): Map<string, number[]> {
  const { maxBytes = 256 * 2 ** 20, maxItems = 50_000_000, maxStack = 100_000, maxMemo = 1_000_000 } = options
  // Every value ever made: the keys and items that end in the dict, plus what the stack and memo may hold besides.
  const maxObjects = 2 * maxItems + maxStack + maxMemo
  const fail: (pos: number, what: string, fix?: string) => never = (pos, what, fix = 'expected a pickle of dict[str, list[int]] (e.g. the released top-50 label files)') => {
    throw new Error(`pickle: ${source}: ${what} at byte ${pos} (${fix})`)
  }
  if (bytes.length > maxBytes) throw new Error(`pickle: ${source} is ${bytes.length} bytes (expected at most maxBytes ${maxBytes}). Raise maxBytes if the file is right`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const stack: Value[] = []
  const memo: Value[] = []
  let items = 0
  let created = 0
  let pos = 0
  const need = (n: number, at: number): void => { if (pos + n > bytes.length) fail(at, `truncated: ${n} more bytes needed, ${bytes.length - pos} left`, 'the file is cut short; fetch it again') }
  // Every push goes through here: the stack depth and the values made are bounded, whatever the opcodes.
  const push = (v: Value, at: number): void => {
    if (stack.length >= maxStack) fail(at, `more than maxStack ${maxStack} values on the stack`, 'raise maxStack if the file is right')
    if (++created > maxObjects) fail(at, `more than ${maxObjects} values made (2 maxItems + maxStack + maxMemo)`, 'raise maxItems if the file is right')
    stack.push(v)
  }
  const remember = (index: number, op: string, at: number): void => {
    if (index >= maxMemo) fail(at, `${op} to memo entry ${index}, beyond maxMemo ${maxMemo}`, 'raise maxMemo if the file is right')
    memo[index] = stack.length ? stack[stack.length - 1] : fail(at, `${op} on an empty stack`)
  }
  const pop = (at: number): Value => (stack.length ? stack.pop() as Value : fail(at, 'stack underflow'))
  const popMark = (at: number): Value[] => {
    const i = stack.lastIndexOf(MARK)
    if (i < 0) fail(at, 'no MARK before APPENDS/SETITEMS')
    return stack.splice(i).slice(1)
  }
  const count = (n: number, at: number): void => { items += n; if (items > maxItems) fail(at, `more than maxItems ${maxItems} keys and list items`, 'raise maxItems if the file is right') }
  const pushText = (n: number, at: number): void => {
    need(n, at)
    let text = ''
    try { text = decoder.decode(bytes.subarray(pos, pos + n)) } catch { fail(at, 'invalid UTF-8 in a string') }
    push(text, at)
    pos += n
  }
  const appendTo = (list: Value, values: Value[], at: number): void => {
    if (!Array.isArray(list)) fail(at, `APPEND onto ${describe(list)}, not a list`)
    for (const v of values) {
      if (typeof v !== 'number') fail(at, `list item is ${describe(v)}, not an int`)
      list.push(v)
    }
    count(values.length, at)
  }
  const setIn = (dict: Value, values: Value[], at: number): void => {
    if (!(dict instanceof Map)) fail(at, `SETITEM onto ${describe(dict)}, not a dict`)
    if (values.length % 2) fail(at, 'SETITEMS with an odd number of items')
    for (let i = 0; i < values.length; i += 2) {
      const key = values[i]
      const value = values[i + 1]
      if (typeof key !== 'string') fail(at, `dict key is ${describe(key)}, not a str`)
      if (!Array.isArray(value)) fail(at, `value of key ${JSON.stringify(key)} is ${describe(value)}, not a list of int`)
      if (dict.has(key)) fail(at, `duplicate key ${JSON.stringify(key)}`)
      dict.set(key, value)
    }
    count(values.length / 2, at)
  }
  while (true) {
    const at = pos
    if (pos >= bytes.length) fail(at, 'end of file before STOP', 'the file is cut short; fetch it again')
    const code = bytes[pos++]
    const op = OPS[code]
    if (op === undefined) fail(at, `unsupported opcode 0x${code.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(code))})`)
    switch (op) {
      case 'PROTO': {
        need(1, at)
        const protocol = bytes[pos++]
        if (protocol < 2 || protocol > 5) fail(at, `protocol ${protocol}`, 'expected protocol 2 to 5')
        break
      }
      case 'FRAME': need(8, at); pos += 8; break
      case 'EMPTY_DICT': push(new Map(), at); break
      case 'EMPTY_LIST': push([], at); break
      case 'MARK': push(MARK, at); break
      case 'SHORT_BINUNICODE': need(1, at); pushText(bytes[pos++], at); break
      case 'BINUNICODE': need(4, at); pos += 4; pushText(view.getUint32(pos - 4, true), at); break
      case 'BINUNICODE8': {
        need(8, at)
        const n = Number(view.getBigUint64(pos, true))
        pos += 8
        pushText(n, at)
        break
      }
      case 'BININT1': need(1, at); push(bytes[pos++], at); break
      case 'BININT2': need(2, at); push(view.getUint16(pos, true), at); pos += 2; break
      case 'BININT': need(4, at); push(view.getInt32(pos, true), at); pos += 4; break
      case 'LONG1': {
        need(1, at)
        const n = bytes[pos++]
        need(n, at)
        if (n > 8) fail(at, `an int of ${n} bytes`, 'expected ints of at most 53 bits')
        let value = 0n
        for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[pos + i])
        if (n > 0 && bytes[pos + n - 1] & 0x80) value -= 1n << BigInt(8 * n)
        pos += n
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) fail(at, `int ${value} beyond 2^53`, 'expected ints of at most 53 bits')
        push(Number(value), at)
        break
      }
      case 'MEMOIZE': remember(memo.length, op, at); break
      case 'BINPUT': case 'LONG_BINPUT': {
        const n = op === 'BINPUT' ? 1 : 4
        need(n, at)
        const index = n === 1 ? bytes[pos] : view.getUint32(pos, true)
        pos += n
        remember(index, op, at)
        break
      }
      case 'BINGET': case 'LONG_BINGET': {
        const n = op === 'BINGET' ? 1 : 4
        need(n, at)
        const index = n === 1 ? bytes[pos] : view.getUint32(pos, true)
        pos += n
        const value = memo[index]
        if (value === undefined) fail(at, `${op} of memo ${index}, never stored`)
        if (typeof value !== 'string' && typeof value !== 'number') fail(at, `${op} of ${describe(value)} already used (one object under two keys)`, 'expected each list and dict to appear once')
        push(value, at)
        break
      }
      case 'APPEND': { const v = pop(at); appendTo(stack[stack.length - 1], [v], at); break }
      case 'APPENDS': { const values = popMark(at); appendTo(stack[stack.length - 1], values, at); break }
      case 'SETITEM': { const v = pop(at); const k = pop(at); setIn(stack[stack.length - 1], [k, v], at); break }
      case 'SETITEMS': { const values = popMark(at); setIn(stack[stack.length - 1], values, at); break }
      case 'STOP': {
        if (stack.length !== 1) fail(at, `STOP with ${stack.length} values on the stack`)
        const top = stack[0]
        if (!(top instanceof Map)) fail(at, `the pickled object is ${describe(top)}, not a dict`)
        if (pos !== bytes.length) fail(pos, `${bytes.length - pos} bytes after STOP`, 'expected one pickled object per file')
        return top
      }
    }
  }
}

/**
 * Reads a pickle file of dict[str, list[int]] (see {@link parseIndexPickle}), checking its size before reading.
 * @param file path of the `.pkl`
 * @param options maxBytes, maxItems
 * @example const labels = await readIndexPickle(await dataPath('paper/laionet_clip_top50_labels.pkl')); labels.size // 978
 */
export async function readIndexPickle(file: string, options: IndexPickleOptions = {}): Promise<Map<string, number[]>> {
  const { maxBytes = 256 * 2 ** 20 } = options
  let size: number
  try {
    size = (await stat(file)).size
  } catch (err) {
    throw new Error(`pickle: cannot read ${file} (${(err as Error).message}). Check the path, or fetch it with "laionet data fetch"`, { cause: err })
  }
  if (size > maxBytes) throw new Error(`pickle: ${file} is ${size} bytes (expected at most maxBytes ${maxBytes}). Raise maxBytes if the file is right`)
  const bytes = await readFile(file)
  // A view, not a copy: the file is held once.
  return parseIndexPickle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), file, options)
}

function describe(v: Value | undefined): string {
  if (v === MARK) return 'a MARK'
  if (v === undefined) return 'nothing'
  if (v instanceof Map) return 'a dict'
  if (Array.isArray(v)) return 'a list'
  return typeof v === 'string' ? `a str ${JSON.stringify(v.slice(0, 40))}` : `an int ${v}`
}
