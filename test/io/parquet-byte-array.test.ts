import { expect } from 'chai'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetMetadataAsync, type FileMetaData } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'
import { parquetRowGroups } from '../../src/index.js'
import { openFileSource } from '../../src/io/file-source.js'
import { readByteArrayColumn, type ByteArrayColumn } from '../../src/io/parquet-byte-array.js'
import { root, shared, skipWithoutShared } from '../helpers/shared.js'
import { cleanup, tempDir } from '../data/fixtures.js'

const FIXTURES = join(root, 'test', 'io', 'files', 'parquet')
const decoder = new TextDecoder()

/** The strings of the fixtures, as test/io/files/parquet/make.py writes them (pyarrow). */
function textOf(i: number): string | null {
  if (i % 17 === 0) return null
  if (i % 13 === 0) return ''
  if (i % 5 === 0) return 'dup'
  return `row ${i} ` + [...'é€😀x'].slice(0, i % 5).join('').repeat(i % 7)
}

function values(col: ByteArrayColumn): (string | null)[] {
  return Array.from(col.valueOf, (v) => (v < 0 ? null : decoder.decode(col.bytes.subarray(col.offsets[v], col.offsets[v + 1]))))
}

async function readAll(file: string, options = {}, edit?: (m: FileMetaData) => void): Promise<ByteArrayColumn[]> {
  const source = await openFileSource(file)
  try {
    const metadata = await parquetMetadataAsync(source)
    edit?.(metadata)
    const out = []
    for (let g = 0; g < metadata.row_groups.length; g++) out.push(await readByteArrayColumn(source, metadata, g, 'TEXT', { file, ...options }))
    return out
  } finally {
    await source.close()
  }
}

describe('io readByteArrayColumn', () => {
  let dir: string
  before(() => { dir = tempDir('pq-bytes') })
  after(() => cleanup(dir))

  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.parquet')).sort()
  it('has the six pyarrow fixtures (dictionary and plain, page v1 and v2, snappy, zstd, gzip, none, dictionary fallback, required)', () => {
    expect(files).to.deep.equal(['required-v2.parquet', 'v1-dict-fallback.parquet', 'v1-snappy-dict.parquet', 'v1-zstd-plain.parquet', 'v2-gzip-dict.parquet', 'v2-none-plain.parquet'])
  })

  for (const f of files) {
    it(`reads ${f}: every row group, the values pyarrow wrote, and what the general reader reads`, async () => {
      const groups = await readAll(join(FIXTURES, f))
      const got = groups.flatMap(values)
      const expected = Array.from({ length: 300 }, (_, i) => (f.startsWith('required') ? textOf(i) || 'x' : textOf(i)))
      expect(groups.map((g) => g.rows)).to.deep.equal([120, 120, 60])
      expect(got).to.deep.equal(expected)
      const general: unknown[] = []
      for await (const b of parquetRowGroups(join(FIXTURES, f), { columns: ['TEXT'] })) general.push(...b.columns.TEXT)
      expect(got).to.deep.equal(general)
      expect(groups.every((g) => g.invalidUtf8.length === 0 && g.cut.length === 0)).to.equal(true)
    })
  }

  it('stores a repeated dictionary value once', async () => {
    const [g] = await readAll(join(FIXTURES, 'v1-snappy-dict.parquet'))
    const dupRows = Array.from({ length: 120 }, (_, i) => i).filter((i) => textOf(i) === 'dup')
    expect(new Set(dupRows.map((r) => g.valueOf[r])).size).to.equal(1)
    expect(g.offsets.length - 1).to.be.lessThan(120)
  })

  it('lists the rows that are not valid UTF-8, also when two bad values would make a good pair', async () => {
    const file = join(dir, 'bad.parquet')
    const euro = new TextEncoder().encode('€') // e2 82 ac
    const data = [new TextEncoder().encode('fine'), euro.subarray(0, 2), euro.subarray(2), new Uint8Array([0x61, 0xff]), euro]
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data, type: 'BYTE_ARRAY' }] })
    const [g] = await readAll(file)
    expect(g.invalidUtf8).to.deep.equal([1, 2, 3])
  })

  it('cuts values over maxValueBytes at a character boundary and names their rows', async () => {
    const file = join(dir, 'long.parquet')
    const long = 'aé'.repeat(40) // 120 bytes
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: ['short', long, null, long], type: 'STRING' }] })
    // 11 bytes would end inside the fourth é: the cut keeps 10 (a é a é a é a).
    const [g] = await readAll(file, { maxValueBytes: 11 })
    expect(values(g)).to.deep.equal(['short', 'aéaéaéa', null, 'aéaéaéa'])
    expect(g.cut).to.deep.equal([{ row: 1, bytes: 120 }, { row: 3, bytes: 120 }])
    expect(g.invalidUtf8).to.deep.equal([])
  })

  it('checks the values against the row group\'s row count', async () => {
    let error: Error | undefined
    const file = join(FIXTURES, 'v1-zstd-plain.parquet')
    await readAll(file, {}, (m) => { m.row_groups[0].num_rows = 121n }).catch((e: Error) => { error = e })
    expect(error?.message).to.equal(`parquet: ${file} row group 0 column TEXT: the pages hold 120 values, expected 121 (the row group's rows)`)
  })

  it('refuses a page header whose sizes cannot be right, instead of looping or allocating', async () => {
    const file = join(dir, 'corrupt-header.parquet')
    const bytes = readFileSync(join(FIXTURES, 'v1-zstd-plain.parquet'))
    // The first page header (at byte 4): type, uncompressed size, then the compressed size as a 2-byte varint.
    expect([...bytes.subarray(4, 11)]).to.deep.equal([0x15, 0x00, 0x15, 0xe6, 0x28, 0x15, 0xae])
    bytes[10] = 0x89 // zigzag 9 = -5, continued by the next byte
    bytes[11] = 0x00
    writeFileSync(file, bytes)
    let error: Error | undefined
    await readAll(file).catch((e: Error) => { error = e })
    expect(error?.message).to.equal(`parquet: ${file} row group 0 column TEXT: a page header is corrupt (type 0, sizes 2611, -5, 120, 0, 0, 0)`)
  })

  it('reads the real LAION-400M sample like the general reader', async function () {
    skipWithoutShared(this)
    const file = shared('data/laion/laion400m-sample-10000.parquet')
    const [g] = await readAll(file)
    const general: unknown[] = []
    for await (const b of parquetRowGroups(file, { columns: ['TEXT'] })) general.push(...b.columns.TEXT)
    expect(values(g)).to.deep.equal(general)
    expect(g.rows).to.equal(10000)
  })
})
