import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseIndexPickle } from '../../src/io/pickle.js'
import { root } from '../helpers/shared.js'

/** PROTO 4, EMPTY_DICT, then `body` (no STOP). */
const pickle = (...body: number[][]) => Uint8Array.from([0x80, 4, 0x7d, ...body.flat()])
const repeat = (op: number[], n: number) => Array.from({ length: n }, () => op).flat()
const errorOf = (f: () => unknown) => { try { f(); return 'no error' } catch (err) { return (err as Error).message } }

function floodInChild(opcode: string, count: number): { error?: string, size?: number } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=256', join(root, 'test', 'io', 'pickle-child.ts'), opcode, String(count)], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  if (run.status !== 0) throw new Error(`the child ${run.signal ? `was killed (${run.signal})` : `exited ${run.status}`}: ${run.stderr.slice(-300)}`)
  return JSON.parse(run.stdout)
}

// Issue 23, item 7: 100 MB of EMPTY_DICT (under the 256 MiB size cap) aborted V8 at 4.7 GB; 200 MB of MEMOIZE gave a
// fatal "invalid size". The stack depth, the memo and the values made are bounded, not only the appended items.
describe('io/pickle floods (issue 23, item 7)', function () {
  this.timeout(120_000)

  it('bounds the stack: EMPTY_DICT, EMPTY_LIST, MARK and ints piling up are refused past maxStack, naming the file and byte', () => {
    for (const op of [0x7d, 0x5d, 0x28]) {
      expect(errorOf(() => parseIndexPickle(pickle(repeat([op], 20)), 'x.pkl', { maxStack: 10 })))
        .to.equal('pickle: x.pkl: more than maxStack 10 values on the stack at byte 12 (raise maxStack if the file is right)')
    }
    expect(errorOf(() => parseIndexPickle(pickle(repeat([0x4b, 7], 20)), 'x.pkl', { maxStack: 10 })))
      .to.equal('pickle: x.pkl: more than maxStack 10 values on the stack at byte 21 (raise maxStack if the file is right)')
  })

  it('bounds the memo: MEMOIZE, BINPUT and LONG_BINPUT beyond maxMemo are refused', () => {
    expect(errorOf(() => parseIndexPickle(pickle(repeat([0x94], 20)), 'm.pkl', { maxMemo: 5 })))
      .to.equal('pickle: m.pkl: MEMOIZE to memo entry 5, beyond maxMemo 5 at byte 8 (raise maxMemo if the file is right)')
    expect(errorOf(() => parseIndexPickle(pickle([0x72, 0xff, 0xff, 0xff, 0xff]), 'm.pkl')))
      .to.equal('pickle: m.pkl: LONG_BINPUT to memo entry 4294967295, beyond maxMemo 1000000 at byte 3 (raise maxMemo if the file is right)')
  })

  it('bounds the values made: items count against maxItems, and MARK + empty APPENDS (no item, no stack) against the total', () => {
    // EMPTY_LIST, then (BININT1 x, APPEND) forever: 2 values made per item, the stack never above 3.
    const body = [[0x5d], repeat([0x4b, 1, 0x61], 50)]
    expect(errorOf(() => parseIndexPickle(pickle(...body), 'v.pkl', { maxItems: 1000, maxStack: 10, maxMemo: 10 })))
      .to.equal('pickle: v.pkl: end of file before STOP at byte 154 (the file is cut short; fetch it again)')
    expect(errorOf(() => parseIndexPickle(pickle(...body), 'v.pkl', { maxItems: 20, maxStack: 5, maxMemo: 5 })))
      .to.equal('pickle: v.pkl: more than maxItems 20 keys and list items at byte 66 (raise maxItems if the file is right)')
    // 2 maxItems + maxStack + maxMemo = 9 values: the dict, the list and seven MARKs; the eighth MARK (byte 18) is refused.
    expect(errorOf(() => parseIndexPickle(pickle([0x5d], repeat([0x28, 0x65], 20)), 'v.pkl', { maxItems: 1, maxStack: 5, maxMemo: 2 })))
      .to.equal('pickle: v.pkl: more than 9 values made (2 maxItems + maxStack + maxMemo) at byte 18 (raise maxItems if the file is right)')
  })

  it('refuses 100 MB of EMPTY_DICT and 200 MB of MEMOIZE with defaults, in a child under a 256 MB heap', () => {
    expect(floodInChild('7d', 100 * 2 ** 20)).to.deep.equal({ error: 'pickle: flood-7d.pkl: more than maxStack 100000 values on the stack at byte 100002 (raise maxStack if the file is right)' })
    expect(floodInChild('94', 200 * 2 ** 20)).to.deep.equal({ error: 'pickle: flood-94.pkl: MEMOIZE to memo entry 1000000, beyond maxMemo 1000000 at byte 1000003 (raise maxMemo if the file is right)' })
  })
})
