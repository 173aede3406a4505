import { expect } from 'chai'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetReadObjects, asyncBufferFromFile } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { parquetRowGroups, type ByteSource, type ParquetBatch } from '../../src/index.js'
import { parquetMetadata } from '../../src/io/parquet-metadata.js'
import { parquetRows } from '../../src/io/parquet-row-groups.js'
import { openFileSource } from '../../src/io/file-source.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { cleanup, collect, rejection, tempDir } from '../data/fixtures.js'
import { textOf, writeTestParquet, writeWideParquet } from './parquet-fixtures.js'

const ROWS = 2100

for (const size of [1, 7, 1024]) {
  describe(`io/parquet with row groups and batches of ${size}`, () => {
    let dir: string
    let file: string
    before(() => {
      dir = tempDir('pq')
      file = join(dir, `t${size}.parquet`)
      writeTestParquet(file, ROWS, size)
    })
    after(() => cleanup(dir))

    it('describes the file: rows, columns, row groups', async () => {
      const info = await parquetMetadata(file)
      expect(info.rows).to.equal(ROWS)
      expect(info.columns.map((c) => [c.name, c.type])).to.deep.equal([['id', 'INT32'], ['text', 'BYTE_ARRAY'], ['flag', 'BOOLEAN'], ['score', 'DOUBLE']])
      expect(info.rowGroups).to.have.length(Math.ceil(ROWS / size))
      expect(info.rowGroups.map((g) => g.rows).reduce((a, b) => a + b)).to.equal(ROWS)
      expect(info.rowGroups.every((g, i) => g.rowStart === i * size)).to.equal(true)
    })

    it('streams every row group with contiguous row indexes and the values that were written', async () => {
      const batches = await collect(parquetRowGroups(file, { columns: ['text', 'id'] }))
      expect(batches).to.have.length(Math.ceil(ROWS / size))
      let next = 0
      for (const b of batches) {
        expect(b.rowStart).to.equal(next)
        expect(Object.keys(b.columns)).to.deep.equal(['text', 'id'])
        expect(b.columns.id).to.deep.equal(Array.from({ length: b.rows }, (_, k) => next + k))
        expect(b.columns.text).to.deep.equal(Array.from({ length: b.rows }, (_, k) => textOf(next + k)))
        next += b.rows
      }
      expect(next).to.equal(ROWS)
    })

    it(`cuts row groups into batches of at most ${size} rows`, async () => {
      const whole = join(dir, 'one-group.parquet')
      writeTestParquet(whole, ROWS, ROWS)
      const batches: ParquetBatch[] = await collect(parquetRowGroups(whole, { columns: ['id', 'flag'], batchSize: size }))
      expect(batches).to.have.length(Math.ceil(ROWS / size))
      expect(batches.every((b) => b.rowGroup === 0 && b.rows <= size)).to.equal(true)
      expect(batches.flatMap((b) => b.columns.flag)).to.deep.equal(Array.from({ length: ROWS }, (_, i) => i % 3 === 0))
    })

    it('yields plain row objects, and selected row groups only', async () => {
      const rows = await collect(parquetRows(file, { columns: ['id', 'score'] }))
      expect(rows).to.have.length(ROWS)
      expect(rows[1234]).to.deep.equal({ id: 1234, score: 308.5 })
      const groups = size === 1024 ? [2, 0] : [5, 3]
      const some = await collect(parquetRowGroups(file, { columns: ['id'], rowGroups: groups }))
      expect(some.map((b) => [b.rowGroup, b.rowStart])).to.deep.equal(groups.map((g) => [g, g * size]))
    })
  })
}

describe('io/parquet streaming and errors', () => {
  let dir: string
  before(() => { dir = tempDir('pqs') })
  after(() => cleanup(dir))

  it('reads one row group without reading the whole file (counted reads)', async () => {
    const file = join(dir, 'wide.parquet')
    writeWideParquet(file, 6, 5000)
    const inner = await openFileSource(file)
    let bytes = 0
    const counting: ByteSource = {
      byteLength: inner.byteLength,
      async slice(start, end) {
        const buf = await inner.slice(start, end)
        bytes += buf.byteLength
        return buf
      },
    }
    try {
      const info = await parquetMetadata(file)
      expect(info.byteLength).to.be.greaterThan(1_000_000)
      const [batch] = await collect(parquetRowGroups(file, { rowGroups: [3], columns: ['a'], reader: counting }))
      expect(batch).to.deep.include({ rowGroup: 3, rowStart: 15000, rows: 5000 })
      const groupBytes = info.rowGroups[3].bytes
      expect(bytes).to.be.at.least(groupBytes / 2) // column a is about half of group 3
      expect(bytes).to.be.below(info.byteLength / 4)
      bytes = 0
      let seen = 0
      for await (const b of parquetRowGroups(file, { columns: ['b'], reader: counting })) seen += b.rows
      expect(seen).to.equal(30000)
      expect(bytes).to.be.below(info.byteLength * 0.6) // only column b's chunks and the footer
    } finally {
      await inner.close()
    }
  })

  it('names a file that is not parquet, a truncated file, a missing column, a bad row group and a missing file', async () => {
    const good = join(dir, 'good.parquet')
    writeTestParquet(good, 100, 10)
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'hello world')
    const cut = join(dir, 'cut.parquet')
    const bytes = readFileSync(good)
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1))
    const err = (p: AsyncIterable<unknown>) => rejection(collect(p))
    expect((await err(parquetRowGroups(text)))?.message).to.equal(`parquet: ${text} is truncated or not a parquet file (parquet file invalid (footer != PAR1))`)
    expect((await err(parquetRowGroups(cut)))?.message).to.equal(`parquet: ${cut} is truncated or not a parquet file (parquet file invalid (footer != PAR1))`)
    expect((await rejection(parquetMetadata(cut)))?.message).to.equal(`parquet: ${cut} is truncated or not a parquet file (parquet file invalid (footer != PAR1))`)
    expect((await err(parquetRows(good, { columns: ['id', 'TEXT'] })))?.message).to.equal(`parquet: ${good} has no column TEXT (columns: id, text, flag, score)`)
    expect((await err(parquetRowGroups(good, { rowGroups: [10] })))?.message).to.equal(`parquet: ${good} has no row group 10 (it has 10, numbered from 0)`)
    expect((await err(parquetRowGroups(good, { batchSize: 0 })))?.message).to.equal('parquet: batchSize must be a positive integer, got 0')
    const none = join(dir, 'none.parquet')
    expect((await err(parquetRowGroups(none)))?.message).to.equal(`parquet: cannot open ${none} (ENOENT: no such file or directory, open '${none}')`)
  })

  it('reads the real LAION-400M sample: 10,000 rows of URL and TEXT, same as a whole-file read', async function () {
    skipWithoutShared(this, 'data/laion/laion400m-sample-10000.parquet')
    const file = shared('data/laion/laion400m-sample-10000.parquet')
    const info = await parquetMetadata(file)
    expect(info.rows).to.equal(10000)
    expect(info.columns.map((c) => c.name)).to.deep.equal(['URL', 'TEXT', '__index_level_0__'])
    expect(info.columns[1]).to.deep.equal({ name: 'TEXT', type: 'BYTE_ARRAY', logicalType: 'STRING', repetition: 'OPTIONAL' })
    expect(Object.keys(info.keyValue)).to.deep.equal(['pandas', 'ARROW:schema'])
    const rows = await collect(parquetRows(file, { columns: ['URL', 'TEXT', '__index_level_0__'] }))
    expect(rows[0]).to.deep.equal({
      URL: 'http://direct.rhapsody.com/imageserver/v2/albums/Alb.131805200/images/170x170.jpg',
      TEXT: 'Classical Masterpieces: Xerses & More, Vol. 8 by Various Artists',
      __index_level_0__: 0n,
    })
    // The pandas index has gaps (rows were dropped upstream) but stays increasing: 0 .. 10183.
    expect(rows.every((r, i) => i === 0 || (r.__index_level_0__ as bigint) > (rows[i - 1].__index_level_0__ as bigint))).to.equal(true)
    expect(rows[9999].__index_level_0__).to.equal(10183n)
    const reference = await parquetReadObjects({ file: await asyncBufferFromFile(file), columns: ['URL', 'TEXT'], compressors })
    expect(rows.map((r) => r.TEXT)).to.deep.equal(reference.map((r) => r.TEXT))
    expect(rows.map((r) => r.URL)).to.deep.equal(reference.map((r) => r.URL))
  })

  it('reads the paper\'s released ImageNet validation results: 50,000 rows, file names in order, 30 models', async function () {
    skipWithoutShared(this, 'data/paper/ILSVRC2012_val.parquet')
    const file = shared('data/paper/ILSVRC2012_val.parquet')
    const info = await parquetMetadata(file)
    expect(info.rows).to.equal(50000)
    expect(info.columns).to.have.length(62)
    expect(info.columns.filter((c) => c.name.startsWith('top_1_is_correct_'))).to.have.length(30)
    const batches = await collect(parquetRowGroups(file, { columns: ['__index_level_0__', 'name_def_wnid', 'top_1_is_correct_resnet-50'], batchSize: 7 }))
    const names = batches.flatMap((b) => b.columns.__index_level_0__)
    expect(names).to.have.length(50000)
    expect(names.every((n, i) => n === `ILSVRC2012_val_${String(i + 1).padStart(8, '0')}.JPEG`)).to.equal(true)
    expect(batches[0].columns.name_def_wnid[1]).to.equal('alp which is any high mountain')
    const top1 = batches.flatMap((b) => b.columns['top_1_is_correct_resnet-50'])
    const reference = await parquetReadObjects({ file: await asyncBufferFromFile(file), columns: ['top_1_is_correct_resnet-50'], compressors })
    expect(top1).to.deep.equal(reference.map((r) => r['top_1_is_correct_resnet-50']))
  })
})
