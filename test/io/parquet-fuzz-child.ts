// The fuzz run of test/io/parquet-fuzz.test.ts, in a child process under a capped heap (the parent's
// --max-old-space-size and timeout): mutated footers and page headers of the real 10k LAION sample, each read with
// the footer reader, the byte reader of the caption column and (every other case that reads) the general reader. Every case must be read (rows and offsets consistent)
// or refused with an error naming the file. Usage: node --import tsx test/io/parquet-fuzz-child.ts <seed> <cases>
// Prints one JSON line: counts, the failures (at most 20, with the case), the largest maxRSS seen.
import { readFileSync } from 'node:fs'
import type { FileMetaData } from 'hyparquet'
import { dataPath } from '../../src/index.js'
import { byteArrayChunk, readByteArrayColumn } from '../../src/io/parquet-byte-array.js'
import { readFooter } from '../../src/io/parquet-metadata.js'
import { readRowGroupColumns } from '../../src/io/parquet-row-groups.js'
import { readPageHeader } from '../../src/io/parquet-thrift.js'
import type { ByteSource } from '../../src/io/types.js'
import { createRandom, type Random } from '../../src/util/random.js'

const [seedText, casesText] = process.argv.slice(2)
const random = createRandom(Number(seedText))
const cases = Number(casesText)
const original = new Uint8Array(readFileSync(await dataPath('laion/laion400m-sample-10000.parquet')))

const source = (bytes: Uint8Array): ByteSource => ({
  byteLength: bytes.length,
  slice: async (start: number, end = bytes.length) => bytes.slice(start, end).buffer,
})

// Where the footer lies, and where the caption column's page headers lie (found with the page reader on the original).
const footerLength = new DataView(original.buffer, original.byteOffset).getUint32(original.length - 8, true)
const footerStart = original.length - 8 - footerLength
const baseMeta = await readFooter('original', source(original))
const chunk = byteArrayChunk(baseMeta, 0, 'TEXT')!
const headers: [number, number][] = []
for (let at = chunk.start; at < chunk.start + chunk.length;) {
  const c = { bytes: original.subarray(0, chunk.start + chunk.length), at }
  const h = readPageHeader(c)
  headers.push([at, c.at])
  at = c.at + h.compressedSize
}
const baseline = await readByteArrayColumn(source(original), baseMeta, 0, 'TEXT', { file: 'original' })

const SPECIAL = [0x00, 0xff, 0x7f, 0x80, 0x0f, 0xf0, 0x19, 0x1b, 0x1c, 0x15, 0x16]
/** Mutates 1 to 3 bytes in [from, to); returns the edits (at:before->after), in order, for the report and the undo. */
function mutate(bytes: Uint8Array, from: number, to: number, r: Random): [number, number, number][] {
  const done: [number, number, number][] = []
  for (let k = 1 + r.int(3); k > 0; k--) {
    const at = from + r.int(to - from)
    const op = r.int(3)
    const before = bytes[at]
    if (op === 0) bytes[at] = r.int(256)
    else if (op === 1) bytes[at] ^= 1 << r.int(8)
    else bytes[at] = SPECIAL[r.int(SPECIAL.length)]
    done.push([at, before, bytes[at]])
  }
  return done
}

/** Throws unless `col` is consistent: the footer's rows, values inside the pool, offsets ascending. */
function checkRead(col: Awaited<ReturnType<typeof readByteArrayColumn>>, rows: number): void {
  if (col.rows !== rows || col.valueOf.length !== rows) throw new Error(`read ${col.rows} rows, footer says ${rows}`)
  const values = col.offsets.length - 1
  for (let v = 0; v < values; v++) if (!(col.offsets[v] <= col.offsets[v + 1] && col.offsets[v + 1] <= col.bytes.length)) throw new Error(`offset ${v} out of order`)
  for (const v of col.valueOf) if (v < -1 || v >= values) throw new Error(`value index ${v} out of range`)
}

const counts = { footerCases: 0, headerCases: 0, read: 0, readSame: 0, refused: 0, footerUnchangedForText: 0, general: 0, generalRefused: 0 }
const failures: string[] = []
let maxRss = process.resourceUsage().maxRSS
for (let i = 0; i < cases; i++) {
  const name = `mutated-${i}.parquet`
  const bytes = original // mutated in place, restored after the case
  const inFooter = i % 2 === 0
  const [from, to] = inFooter ? [footerStart, original.length - 4] : headers[random.int(headers.length)]
  const edits = mutate(bytes, from, to, random)
  if (inFooter) counts.footerCases++
  else counts.headerCases++
  try {
    const meta: FileMetaData = inFooter ? await readFooter(name, source(bytes)) : baseMeta
    const where = byteArrayChunk(meta, 0, 'TEXT')
    if (where === null) throw new Error(`parquet: ${name}: the TEXT column is no longer a flat BYTE_ARRAY column`)
    // A footer whose caption chunk reads as before gives the baseline's column (the reader depends on nothing else).
    if (inFooter && JSON.stringify(where) === JSON.stringify(chunk) && meta.row_groups.length >= 1) {
      counts.footerUnchangedForText++
      counts.read++
      counts.readSame++
      continue
    }
    if (i % 4 < 2) {
      // hyparquet's general reader (strings), behind the io layer's wrapper: it too must read or name the file.
      counts.general++
      try {
        const { columns } = await readRowGroupColumns(name, source(bytes), meta, 0, ['TEXT'], { strictUtf8: true, maxStringBytes: 65536 })
        if (columns.TEXT.length !== where.rows) throw new Error(`the general reader gave ${columns.TEXT.length} rows, footer says ${where.rows}`)
      } catch (err) {
        if (!(err as Error).message.includes(name)) throw err
        counts.generalRefused++
      }
    }
    const col = await readByteArrayColumn(source(bytes), meta, 0, 'TEXT', { file: name })
    checkRead(col, where.rows)
    counts.read++
    if (col.bytes.length === baseline.bytes.length && col.valueOf.every((v, r) => v === baseline.valueOf[r])) counts.readSame++
  } catch (err) {
    const message = (err as Error).message
    if (message.includes(name)) counts.refused++
    else if (failures.length < 20) failures.push(`case ${i} (${inFooter ? 'footer' : 'page header'} ${edits.map(([at, a, b]) => `${at}:${a}->${b}`).join(' ')}): ${message}`)
    else failures.push('...')
  }
  for (const [at, before] of edits.reverse()) bytes[at] = before
  maxRss = Math.max(maxRss, process.resourceUsage().maxRSS)
}
console.log(JSON.stringify({ counts, failures: failures.slice(0, 21), maxRssMiB: Math.round(maxRss / 1024) }))
