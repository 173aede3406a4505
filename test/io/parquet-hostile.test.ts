import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetMetadataAsync } from 'hyparquet'
import { openFileSource } from '../../src/io/file-source.js'
import { readByteArrayColumn } from '../../src/io/parquet-byte-array.js'
import { readHybrid, readPageHeader } from '../../src/io/parquet-thrift.js'
import { root } from '../helpers/shared.js'
import { cleanup, tempDir } from '../data/fixtures.js'
import { craftParquet, pageHeader, plainValues, varint } from './parquet-craft.js'

const CHILD = join(root, 'test', 'io', 'parquet-read-child.ts')

/** Reads `file` in a child under a 256 MB heap and a 30 s limit: a hang or a crash fails the test, not the suite. */
function readInChild(mode: 'bytes' | 'rows', file: string): { rows?: number, values?: unknown[], error?: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=256', CHILD, mode, file], { cwd: root, encoding: 'utf8', timeout: 30_000 })
  if (run.status !== 0) throw new Error(`the child ${run.signal ? `was killed (${run.signal}: a hang or a crash)` : `exited ${run.status}`}: ${run.stderr.slice(-400)}`)
  return JSON.parse(run.stdout.trim().split('\n').pop() as string)
}

async function readBytes(file: string) {
  const source = await openFileSource(file)
  try {
    const metadata = await parquetMetadataAsync(source)
    return await readByteArrayColumn(source, metadata, 0, 'TEXT', { file })
  } finally {
    await source.close()
  }
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    return (err as Error).message
  }
  return 'no error'
}

/** A zstd frame (RFC 8878) of `total` copies of one byte in RLE blocks of 128 KiB; `declare` puts the size in the header. */
function zstdRle(byte: number, total: number, declare: boolean): number[] {
  const out = [0x28, 0xb5, 0x2f, 0xfd]
  if (declare) out.push(0xe0, ...Array.from({ length: 8 }, (_, i) => Number((BigInt(total) >> BigInt(8 * i)) & 0xffn)))
  else out.push(0x00, 0x38) // no content size; window 2^(10 + 7) bytes
  for (let left = total; left > 0;) {
    const size = Math.min(1 << 17, left)
    left -= size
    const header = (left === 0 ? 1 : 0) | (1 << 1) | (size << 3)
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, byte)
  }
  return out
}

// Issue 23, items 3 and 4: a 7 KB parquet whose page header declares a thrift list of 2^56 booleans killed V8; a
// map<bool,bool> spun forever; repeated dictionary pages grew one pool without bound.
describe('io parquet readers on hostile files (issue 23, items 3 and 4)', function () {
  this.timeout(120_000)
  let dir: string
  before(() => { dir = tempDir('pq-hostile') })
  after(() => cleanup(dir))

  const body = plainValues(['a tench', 'x', 'cougar'])
  // A data page header with one more field (id 20) of the given raw bytes, then the page.
  const withField = (field: number[]) => {
    const header = pageHeader(0, body.length, body.length, 3, 0)
    return [...header.slice(0, -1), ...field, 0, ...body]
  }

  const hostile: { name: string, field: number[], reason: (left: number) => string }[] = [
    { name: 'a list of 2^56 booleans', field: [0xf9, 0xf1, ...varint(2n ** 56n)], reason: (left) => `a list of ${2 ** 56} elements needs ${2 ** 56} bytes, ${left} left` },
    { name: 'a map<bool,bool> of 2^56 entries', field: [0xfb, ...varint(2n ** 56n), 0x11], reason: (left) => `a map of ${2 ** 56} elements needs ${2 ** 57} bytes, ${left} left` },
  ]
  for (const h of hostile) {
    it(`refuses a page header declaring ${h.name}, naming the file, in a child under a 256 MB heap (no crash, no hang)`, () => {
      const file = join(dir, `${h.name.replace(/\W+/g, '-')}.parquet`)
      const chunk = withField(h.field)
      writeFileSync(file, craftParquet(chunk, { rows: 3 }))
      // The bytes left after the declared size (and the map's key/value type byte): the stop byte and the page.
      const left = chunk.length - (pageHeader(0, body.length, body.length, 3, 0).length - 1 + h.field.length)
      expect(readInChild('bytes', file)).to.deep.equal({ error: `parquet: ${file} row group 0 column TEXT: thrift: ${h.reason(left)}`.replace('thrift: ', '') })
      const general = readInChild('rows', file)
      expect(general.error).to.match(new RegExp(`^parquet: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} row group 0 cannot be read \\(`))
    })
  }

  it('reads the same crafted file without the hostile field (the craft is right)', async () => {
    const file = join(dir, 'plain.parquet')
    writeFileSync(file, craftParquet(withField([]), { rows: 3 }))
    expect(readInChild('bytes', file)).to.deep.equal({ rows: 3, values: ['a tench', 'x', 'cougar'] })
  })

  it('checks every thrift read against the end: a byte, a double, a binary, a list header, lists nested too deep', () => {
    const header = pageHeader(0, 10, 10, 1, 0).slice(0, -1)
    const cases: [number[], string][] = [
      [[...header, 0xf3], 'thrift: a byte needs 1 bytes, 0 left'],
      [[...header, 0xf7, 1, 2, 3], 'thrift: a double needs 8 bytes, 3 left'],
      [[...header, 0xf8, 50, 1, 2], 'thrift: a binary needs 50 bytes, 2 left'],
      [[...header, 0xf9], 'thrift: a list header needs 1 bytes, 0 left'],
      [[...header, 0xf9, ...Array(40).fill(0x19), 0x05], 'thrift: values nested deeper than 16'],
      [[...header, 0xf5, 0x80], 'thrift: unexpected end of data inside a varint'],
      [header, 'thrift: unexpected end of data inside a struct'],
    ]
    for (const [bytes, message] of cases) {
      expect(() => readPageHeader({ bytes: Uint8Array.from(bytes), at: 0 }), message).to.throw(message)
    }
  })

  it('reads a list of booleans as one byte each (compact protocol collections), leaving the cursor after it', () => {
    const header = pageHeader(0, 10, 10, 1, 0).slice(0, -1)
    const bytes = Uint8Array.from([...header, 0xf9, 0x31, 1, 2, 1, 0, 0xff])
    const c = { bytes, at: 0 }
    expect(readPageHeader(c).values).to.equal(1)
    expect(c.at).to.equal(bytes.length - 1)
  })

  it('refuses a page header whose page description is not a struct, or whose sizes are not i32 numbers', () => {
    const bad = Uint8Array.from([0x15, 0x00, 0x15, 0x14, 0x15, 0x14, 0x25, 0x02, 0x00])
    expect(() => readPageHeader({ bytes: bad, at: 0 })).to.throw('parquet: a page header is corrupt (its page description is not a struct)')
    const listSize = Uint8Array.from([0x15, 0x00, 0x19, 0x15, 0x02, 0x15, 0x14, 0x1c, 0x15, 0x02, 0x00, 0x00])
    expect(() => readPageHeader({ bytes: listSize, at: 0 })).to.throw('parquet: a page header is corrupt (type 0, sizes object, 10, 0, 0, 0, 0)')
  })

  it('refuses an RLE run whose value runs past the end, and never moves the cursor backwards', () => {
    const out = new Int32Array(8)
    expect(() => readHybrid({ bytes: Uint8Array.from([4 << 1]), at: 0 }, 1, 8, out, 0, 4)).to.throw("parquet: an RLE run's value needs 1 bytes, 0 left")
    // A bit-packed header whose varint runs past `end`: the values beyond are zeros and the cursor stays ahead.
    const c = { bytes: Uint8Array.from([0x83, 0x00, 0xff]), at: 0 }
    expect(readHybrid(c, 1, 1, out, 0, 8)).to.equal(8)
    expect(c.at).to.equal(2)
  })

  describe('dictionary pages and the per-chunk total (item 4)', () => {
    const dict = plainValues(['tench', 'cougar'])
    const dictPage = [...pageHeader(2, dict.length, dict.length, 2, 0), ...dict]
    const indices = [1, 3, 0b100] // bit width 1; one bit-packed group: 0, 0, 1
    const dataPage = [...pageHeader(0, indices.length, indices.length, 3, 8), ...indices]

    it('reads a crafted dictionary-encoded chunk (dictionary page, then data page)', async () => {
      const file = join(dir, 'dict.parquet')
      writeFileSync(file, craftParquet([...dictPage, ...dataPage], { rows: 3, dataPageAt: dictPage.length }))
      expect(readInChild('bytes', file)).to.deep.equal({ rows: 3, values: ['tench', 'tench', 'cougar'] })
    })

    it('refuses a second dictionary page in one column chunk (parquet-format allows one)', async () => {
      const file = join(dir, 'two-dicts.parquet')
      writeFileSync(file, craftParquet([...dictPage, ...dictPage, ...dataPage], { rows: 3, dataPageAt: 2 * dictPage.length }))
      expect(await errorOf(readBytes(file))).to.equal(`parquet: ${file} row group 0 column TEXT: a second dictionary page (a column chunk has at most one)`)
    })

    it('refuses a dictionary page after a data page (it must come first)', async () => {
      const file = join(dir, 'late-dict.parquet')
      const plainPage = [...pageHeader(0, body.length, body.length, 3, 0), ...body]
      writeFileSync(file, craftParquet([...plainPage, ...dictPage, ...dataPage], { rows: 6 }))
      expect(await errorOf(readBytes(file))).to.equal(`parquet: ${file} row group 0 column TEXT: a dictionary page after data pages (it must come first in its column chunk)`)
    })

    it('bounds the bytes of all pages of one chunk (1 GiB), before decompressing or copying any', async () => {
      // Five one-value pages each declaring 256 MiB: the fifth crosses the chunk's total.
      const file = join(dir, 'total.parquet')
      const one = plainValues([''])
      const page = [...pageHeader(0, 2 ** 28, one.length, 1, 0), ...one]
      writeFileSync(file, craftParquet([...page, ...page, ...page, ...page, ...page], { rows: 5 }))
      expect(await errorOf(readBytes(file))).to.equal(`parquet: ${file} row group 0 column TEXT: the pages hold more than the reader's limit of ${2 ** 30} bytes per column chunk; rewrite the file with smaller row groups`)
    })

    it('refuses a row group of more rows than the reader takes (2^25) before allocating for them', async () => {
      const file = join(dir, 'rows.parquet')
      writeFileSync(file, craftParquet([...pageHeader(0, body.length, body.length, 3, 0), ...body], { rows: 2 ** 25 + 1 }))
      expect(await errorOf(readBytes(file))).to.equal(`parquet: ${file} row group 0 column TEXT: ${2 ** 25 + 1} rows are over the reader's limit of ${2 ** 25} per row group; rewrite the file with smaller row groups`)
    })

    it('decodes zstd into the page header\'s size: a frame declaring more is refused, one declaring nothing is cut there', async () => {
      const declared = join(dir, 'zstd-declared.parquet')
      const frame = zstdRle(0x61, 2 ** 27, true)
      writeFileSync(declared, craftParquet([...pageHeader(0, 1000, frame.length, 1, 0), ...frame], { rows: 1, codec: 6 }))
      expect(await errorOf(readBytes(declared))).to.equal(`parquet: ${declared} row group 0 column TEXT: a zstd page holds ${2 ** 27} bytes, its header says 1000`)
      expect(readInChild('rows', declared).error).to.equal(`parquet: ${declared} row group 0 cannot be read (a zstd page holds ${2 ** 27} bytes, its header says 1000); the file may be truncated or corrupt`)
      // No declared size: 100 MiB of 'a' would be decoded whole; bounded, the 1000 bytes give a value length of 0x61616161.
      const silent = join(dir, 'zstd-silent.parquet')
      const frame2 = zstdRle(0x61, 100 * 2 ** 20, false)
      writeFileSync(silent, craftParquet([...pageHeader(0, 1000, frame2.length, 1, 0), ...frame2], { rows: 1, codec: 6 }))
      expect(await errorOf(readBytes(silent))).to.equal(`parquet: ${silent} row group 0 column TEXT: a value of ${0x61616161} bytes runs past its page`)
    })
  })
})
