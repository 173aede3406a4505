import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { laionParts } from '../../src/index.js'

// LAION-400M's metadata parts as Spark wrote them (the-eye.eu/public/AI/cah/laion400m-met-release).
const sparkName = (part: number) => `part-${String(part).padStart(5, '0')}-5b54c5d5-bbcf-484d-a2ce-0d6f73df1a36-c000.snappy.parquet`

describe('LAION parts (sources.laionParquet)', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-parts-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const part = (name: string, rows: number, columns = ['URL', 'TEXT']) => {
    const file = join(dir, name)
    parquetWriteFile({ filename: file, columnData: columns.map((c) => ({ name: c, data: Array.from({ length: rows }, (_, i) => `${c}${i}`), type: 'STRING' as const })) })
    return file
  }

  it('reads the part number of Spark part names into the global index base part * 1e8', async () => {
    part(sparkName(17), 3)
    part(sparkName(3), 2)
    part('extra.parquet', 1)
    const parts = await laionParts(['part-*-c000.snappy.parquet', '*.parquet'], { baseDir: dir })
    expect(parts.map((p) => [p.file.slice(dir.length + 1), p.part, p.rowBase, p.rows])).to.deep.equal([
      ['extra.parquet', null, 0, 1],
      [sparkName(3), 3, 3e8, 2],
      [sparkName(17), 17, 17e8, 3],
    ])
  })

  it('names the pattern, file and key: no match, empty file, no TEXT, a part listed twice', async () => {
    const fail = (patterns: string[]) => laionParts(patterns, { baseDir: dir }).then(() => null, (e: Error) => e.message)
    expect(await fail(['part-*.parquet'])).to.equal(`laion parts: sources.laionParquet entry "part-*.parquet" matches no file (relative to ${dir}). Set sources.laionParquet to the LAION-400M metadata parts, e.g. "laion400m-meta/part-*.snappy.parquet"`)
    const empty = join(dir, sparkName(0))
    writeFileSync(empty, '')
    expect(await fail([empty])).to.equal(`laion parts: ${empty} is empty (0 bytes). Fetch the file again or set sources.laionParquet to the complete parquet`)
    const noText = part(sparkName(1), 2, ['URL', 'caption'])
    expect(await fail([noText])).to.equal(`laion parts: ${noText} has no column TEXT (columns: URL, caption). Is it the right file? Set sources.laionParquet to a parquet with columns TEXT, URL`)
    mkdirSync(join(dir, 'copy'))
    const a = part(sparkName(2), 1)
    const b = part(join('copy', sparkName(2)), 1)
    expect(await fail([a, b])).to.equal(`laion parts: ${a} and ${b} both give global indices from 200000000 (part 2). List each LAION part once in sources.laionParquet`)
  })
})
