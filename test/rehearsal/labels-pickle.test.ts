import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { encodeIndexPickle } from '../../scripts/rehearsal/labels-pickle.js'
import { parseIndexPickle } from '../../src/io/pickle.js'
import { skipOrFail } from '../helpers/shared.js'

// The rehearsal's stand-in for the authors' full label file must be the bytes CPython's pickle.dump writes.
describe('rehearsal: the authors\' label file format (pickle protocol 4 of {wnid: [global index, ...]})', () => {
  const labels: Record<string, number[]> = {
    n01440764: [7, 300, 70_000, 100_000_012, 3_199_999_999],
    n01443537: [200_000_001],
    n02123045: [],
    // A class with more than 1000 indices: APPENDS in batches of 1000, as CPython.
    n02504458: Array.from({ length: 2345 }, (_, i) => 400_000_000 + i * 3),
  }

  it('reads back with the project\'s unpickler, keys and lists in order', () => {
    const back = parseIndexPickle(encodeIndexPickle(labels), 'test.pkl')
    expect(Object.fromEntries(back)).to.deep.equal(labels)
    expect([...back.keys()]).to.deep.equal(Object.keys(labels))
  })

  it('is byte for byte what CPython\'s pickle.dumps(protocol=4) writes, and loads there', function () {
    const code = 'import json, pickle, sys\nd = json.load(sys.stdin)\nsys.stdout.write(pickle.dumps(d, protocol=4).hex())'
    const py = spawnSync('python3', ['-c', code], { input: JSON.stringify(labels), encoding: 'utf8' })
    if (py.error || py.status !== 0) return skipOrFail(this, `python3 is needed for the reference pickle (${py.error?.message ?? py.stderr})`)
    expect(Buffer.from(encodeIndexPickle(labels)).toString('hex')).to.equal(py.stdout)
    // And for more than 1000 keys (SETITEMS batches).
    const many = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`n${String(i).padStart(8, '0')}`, [i]]))
    const py2 = spawnSync('python3', ['-c', code], { input: JSON.stringify(many), encoding: 'utf8', maxBuffer: 2 ** 26 })
    expect(Buffer.from(encodeIndexPickle(many)).toString('hex')).to.equal(py2.stdout)
  })
})
