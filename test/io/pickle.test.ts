import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseIndexPickle, readIndexPickle } from '../../src/io/pickle.js'
import { root } from '../helpers/shared.js'

// Vectors written by CPython's pickle.dumps (protocols 1, 2, 4, 5); expected values are the Python objects they encode,
// byte offsets those of pickletools.dis.
const dir = join(root, 'test', 'io', 'files', 'pickle')
const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)))
const parse = (name: string) => parseIndexPickle(bytes(name), name)

describe('io/pickle', () => {
  it('reads dict[str, list[int]] with every int width (BININT1/2/4, LONG1 up to 2^40, negatives)', () => {
    const d = parse('small.pkl')
    expect([...d.keys()]).to.deep.equal(['n01440764', 'n02', 'n03'])
    expect(d.get('n01440764')).to.deep.equal([1, 2, 300, 70000, 3112933023, -5, 2 ** 40])
    expect(d.get('n02')).to.deep.equal([])
    expect(d.get('n03')).to.deep.equal([7])
  })

  it('reads batched SETITEMS / APPENDS (1101 keys, a 2500-item list), as Python counts them', () => {
    const d = parse('big.pkl')
    let items = 0
    let sum = 0
    for (const v of d.values()) { items += v.length; for (const x of v) sum += x }
    // python3: len(d), sum(len(v)), sum(sum(v)) = 1101, 3599, 3727834
    expect([d.size, items, sum]).to.deep.equal([1101, 3599, 3727834])
    expect(d.get('long')?.slice(-2)).to.deep.equal([2498, 2499])
  })

  it('reads protocols 1, 2 and 5 of the same shape', () => {
    expect([...parse('proto1.pkl')]).to.deep.equal([['a', [1]]])
    expect([...parse('proto2.pkl')]).to.deep.equal([['a', [1, 2]]])
    expect([...parse('proto5.pkl')]).to.deep.equal([['a', [1, 2]]])
    expect([...parse('shared-key.pkl')]).to.deep.equal([['a', [1]], ['b', [1]]])
  })

  it('refuses every other shape with the byte offset', () => {
    const fix = '(expected a pickle of dict[str, list[int]] (e.g. the released top-50 label files))'
    expect(() => parse('not-dict.pkl')).to.throw(`pickle: not-dict.pkl: the pickled object is a list, not a dict at byte 21 ${fix}`)
    expect(() => parse('float-item.pkl')).to.throw(`pickle: float-item.pkl: unsupported opcode 0x47 ("G") at byte 22 ${fix}`)
    expect(() => parse('int-key.pkl')).to.throw(`pickle: int-key.pkl: dict key is an int 1, not a str at byte 20 ${fix}`)
    expect(() => parse('tuple-value.pkl')).to.throw(`pickle: tuple-value.pkl: unsupported opcode 0x86 ("\u0086") at byte 21 ${fix}`)
    expect(() => parse('str-item.pkl')).to.throw(`pickle: str-item.pkl: list item is a str "x", not an int at byte 23 ${fix}`)
    expect(() => parse('ordered-dict.pkl')).to.throw(`pickle: ordered-dict.pkl: unsupported opcode 0x93 ("\u0093") at byte 39 ${fix}`)
    expect(() => parse('shared-list.pkl')).to.throw('pickle: shared-list.pkl: BINGET of a list already used (one object under two keys) at byte 27 (expected each list and dict to appear once)')
    expect(() => parse('huge-int.pkl')).to.throw('pickle: huge-int.pkl: an int of 9 bytes at byte 19 (expected ints of at most 53 bits)')
    expect(() => parse('truncated.pkl')).to.throw('pickle: truncated.pkl: truncated: 1 more bytes needed, 0 left at byte 24 (the file is cut short; fetch it again)')
    expect(() => parseIndexPickle(bytes('truncated.pkl').subarray(0, 24), 'cut')).to.throw('pickle: cut: end of file before STOP at byte 24 (the file is cut short; fetch it again)')
    expect(() => parse('trailing.pkl')).to.throw('pickle: trailing.pkl: 4 bytes after STOP at byte 29 (expected one pickled object per file)')
    expect(() => parseIndexPickle(new Uint8Array([0x80, 0x01, 0x7d, 0x2e]), 'p1')).to.throw('pickle: p1: protocol 1 at byte 0 (expected protocol 2 to 5)')
  })

  it('is bounded: maxBytes and maxItems', async () => {
    expect(() => parseIndexPickle(bytes('big.pkl'), 'big.pkl', { maxItems: 1000 })).to.throw('pickle: big.pkl: more than maxItems 1000 keys and list items')
    expect(() => parseIndexPickle(bytes('small.pkl'), 'small.pkl', { maxBytes: 10 })).to.throw('pickle: small.pkl is 83 bytes (expected at most maxBytes 10). Raise maxBytes if the file is right')
    let error: Error | undefined
    try { await readIndexPickle(join(dir, 'missing.pkl')) } catch (err) { error = err as Error }
    expect(error?.message).to.match(/^pickle: cannot read .*missing\.pkl \(ENOENT.*\)\. Check the path, or fetch it with "laionet data fetch"$/)
    expect((await readIndexPickle(join(dir, 'small.pkl'))).size).to.equal(3)
  })
})
