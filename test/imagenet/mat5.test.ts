import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'
import { parseMat5, readMat5 } from '../../src/imagenet/mat5.js'
import type { MatFile, MatValue } from '../../src/imagenet/mat5-types.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

function plain(v: MatValue): unknown {
  if (v.type === 'numeric') return { class: v.class, dims: v.dims, data: Array.from(v.data as ArrayLike<number | bigint>), ...(v.imag ? { imag: Array.from(v.imag as ArrayLike<number>) } : {}), logical: v.logical }
  if (v.type === 'char') return { char: v.rows, dims: v.dims }
  if (v.type === 'cell') return { cell: v.cells.map(plain), dims: v.dims }
  return { struct: v.elements.map((e) => Object.fromEntries(Object.entries(e).map(([k, x]) => [k, plain(x)]))), fields: v.fields, dims: v.dims }
}

// The values make-mat5.py gave scipy.io.savemat.
function scipySuite(file: string): void {
  describe(`imagenet/parseMat5 on scipy's ${file}`, () => {
    let mat: MatFile
    before(() => { mat = parseMat5(readFileSync(join(fixtures, file))) })

    it('reads the header and every variable in file order', () => {
      expect(mat.header).to.match(/^MATLAB 5\.0 MAT-file Platform: posix, Created on: /)
      expect([...mat.variables.keys()]).to.deep.equal(['people', 'grid', 'rows', 'small', 'bytes', 'flags', 'big', 'z', 'single'])
    })

    it('reads numeric arrays column-major in their MATLAB class', () => {
      const v = (name: string) => plain(mat.variables.get(name) as MatValue)
      expect(v('grid')).to.deep.equal({ class: 'double', dims: [2, 3], data: [1, 4, 2, 5, 3, 6], logical: false })
      expect(v('small')).to.deep.equal({ class: 'int32', dims: [1, 2], data: [-3, 100], logical: false })
      expect(v('bytes')).to.deep.equal({ class: 'uint8', dims: [1, 2], data: [0, 255], logical: false })
      expect(v('flags')).to.deep.equal({ class: 'uint8', dims: [1, 3], data: [1, 0, 1], logical: true })
      expect(v('big')).to.deep.equal({ class: 'int64', dims: [1, 2], data: [-(2n ** 40n), 2n ** 40n], logical: false })
      expect(v('z')).to.deep.equal({ class: 'double', dims: [1, 2], data: [1, -3.5], imag: [2, -0.5], logical: false })
      expect(v('single')).to.deep.equal({ class: 'single', dims: [1, 2], data: [0.5, 1.25], logical: false })
    })

    it('reads a multi-row char array row by row', () => {
      expect(plain(mat.variables.get('rows') as MatValue)).to.deep.equal({ char: ['ab', 'cd'], dims: [2, 2] })
    })

    it('reads a struct array with char (non-ASCII too), numeric, empty and cell fields', () => {
      const people = mat.variables.get('people') as MatValue
      expect(people.type).to.equal('struct')
      if (people.type !== 'struct') return
      expect(people.dims).to.deep.equal([3, 1])
      expect(people.fields).to.deep.equal(['name', 'scores', 'ids', 'tags'])
      const [a, b, c] = people.elements.map((e) => Object.fromEntries(Object.entries(e).map(([k, x]) => [k, plain(x)])))
      expect(a.name).to.deep.equal({ char: ['tench'], dims: [1, 5] })
      expect(a.scores).to.deep.equal({ class: 'double', dims: [1, 3], data: [1.5, -2.25, 3], logical: false })
      expect(a.ids).to.deep.equal({ class: 'uint16', dims: [1, 2], data: [7, 65535], logical: false })
      expect(a.tags).to.deep.equal({ cell: [{ char: ['a'], dims: [1, 1] }, { char: ['bc'], dims: [1, 2] }], dims: [1, 2] })
      expect(b.name).to.deep.equal({ char: ['café ü'], dims: [1, 6] })
      expect(b.scores).to.deep.equal({ class: 'double', dims: [1, 0], data: [], logical: false })
      expect(b.tags).to.deep.equal({ cell: [], dims: [0, 0] })
      expect(c.name).to.deep.equal({ char: [''], dims: [0, 0] })
      expect(c.ids).to.deep.equal({ class: 'uint16', dims: [1, 3], data: [0, 1, 2], logical: false })
    })
  })
}

scipySuite('compressed.mat')
scipySuite('uncompressed.mat')

describe('imagenet/parseMat5 errors', () => {
  const header = (endian: string) => Buffer.concat([Buffer.from('MATLAB 5.0 MAT-file, test'.padEnd(124, ' ')), Buffer.from([0, 1]), Buffer.from(endian)])

  it('names the problem: too short, bad endian, v7.3, truncated element, sparse class', () => {
    expect(() => parseMat5(Buffer.alloc(10))).to.throw('mat5: file is too short (10 bytes; a MAT-file header alone is 128)')
    expect(() => parseMat5(header('XX'))).to.throw('mat5: bad endian indicator "XX" at byte 126 (expected "IM" or "MI"): not a level-5 MAT-file')
    const v73 = header('IM')
    v73.write('MATLAB 7.3 MAT-file', 0)
    expect(() => parseMat5(v73)).to.throw('mat5: header "MATLAB 7.3 MAT-file, test" is not a MATLAB 5.0 MAT-file (v7.3 files are HDF5 and unsupported)')
    const tag = Buffer.alloc(8)
    tag.writeUInt32LE(14, 0)
    tag.writeUInt32LE(64, 4)
    expect(() => parseMat5(Buffer.concat([header('IM'), tag, Buffer.alloc(8)]))).to.throw('mat5: element of type 14 at byte 128 needs 64 bytes but only 8 remain (truncated file?)')
    // A compressed sparse matrix (class 5): flags, dims [1 1], name "s".
    const parts = [[6, 8, 5, 0], [5, 8, 1, 1], [1, 1]].map(([type, size, ...words]) => {
      const b = Buffer.alloc(8 + Math.ceil(size / 8) * 8)
      b.writeUInt32LE(type, 0)
      b.writeUInt32LE(size, 4)
      words.forEach((w, i) => b.writeUInt32LE(w, 8 + 4 * i))
      return b
    })
    parts[2].write('s', 8)
    const body = Buffer.concat(parts)
    const matrix = Buffer.concat([Buffer.from([14, 0, 0, 0]), Buffer.alloc(4), body])
    matrix.writeUInt32LE(body.length, 4)
    const zipped = deflateSync(matrix)
    const ctag = Buffer.alloc(8)
    ctag.writeUInt32LE(15, 0)
    ctag.writeUInt32LE(zipped.length, 4)
    expect(() => parseMat5(Buffer.concat([header('IM'), ctag, zipped]))).to.throw('mat5: variable "s" has array class 5, which is not supported (sparse, object or function arrays)')
  })
})

describe('imagenet/readMat5 on the devkit meta.mat', () => {
  it('reads the 1860x1 synsets struct with its eight fields', async function () {
    skipWithoutShared(this, 'data/imagenet/meta.mat')
    const mat = await readMat5(shared('data/imagenet/meta.mat'))
    expect(mat.header).to.equal('MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Thu Jun 14 02:27:01 2012')
    const synsets = mat.variables.get('synsets') as MatValue
    if (synsets.type !== 'struct') throw new Error('expected a struct')
    expect(synsets.dims).to.deep.equal([1860, 1])
    expect(synsets.fields).to.deep.equal(['ILSVRC2012_ID', 'WNID', 'words', 'gloss', 'num_children', 'children', 'wordnet_height', 'num_train_images'])
  })
})
