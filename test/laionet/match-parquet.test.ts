import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLemmaMap, matchParquetFiles, type MatchRecord } from '../../src/index.js'
import { matchCaptionFiles } from '../../src/laionet/match-files.js'
import { rowBase } from '../../src/laionet/match-row-group.js'
import { root, shared, skipOrFail } from '../helpers/shared.js'
import { SAMPLE, tempDir, useSharedData } from './helpers.js'

const classes = [
  { wnid: 'n01440764', lemmas: ['tench', 'Tinca tinca'] },
  { wnid: 'n02125311', lemmas: ['cougar', 'puma', 'mountain lion', 'painter'] },
  { wnid: 'n03595614', lemmas: ['jersey', 'T-shirt', 'tee shirt'] },
]
const paper = buildLemmaMap(classes, { mode: 'paper' })

const CAPTIONS = [
  'a tench', 'nothing here', 'Mountain lion at dusk', 'mountain lion, tench!', 'T-shirt', 'tee shirt', 'painter',
  'the cougar', 'x', 'puma', 'tinca', 'Tinca tinca', 'paid', 'jerseys', 'a jersey', 'tench tench', 'cougar puma',
]

function writeCaptions(file: string, texts: (string | null)[], rowGroupSize: number) {
  parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: texts, type: 'STRING' }, { name: 'URL', data: texts.map((_, i) => `http://x/${i}`), type: 'STRING' }], rowGroupSize })
}

async function collect(files: string[], workers: number) {
  const out = []
  for await (const f of matchParquetFiles(files, paper, { workers })) out.push(f)
  return out
}

describe('laionet matchParquetFiles', () => {
  const dir = tempDir()

  for (const rowGroupSize of [1, 7, 1024]) {
    it(`gives the same records for row groups of ${rowGroupSize}, in this thread and on 2 workers`, async () => {
      const file = join(dir(), `captions-${rowGroupSize}.parquet`)
      writeCaptions(file, CAPTIONS, rowGroupSize)
      const local = await collect([file], 0)
      const threaded = await collect([file], 2)
      expect(threaded).to.deep.equal(local)
      const rows = local[0].records.map((r) => r.row)
      expect(rows).to.deep.equal([0, 3, 5, 6, 7, 9, 11, 14, 15, 16])
      expect(local[0].records[1]).to.deep.equal({ row: 3, wnids: ['n01440764', 'n02125311'], lemmas: ['mountain lion', 'tench'] })
      expect(local[0].rows).to.equal(CAPTIONS.length)
    })
  }

  it('numbers rows part * 1e8 + row for LAION part files, else file ordinal * 1e8 + row', async () => {
    const part = join(dir(), 'part-00007-5b54c5d5-bbcf-484d-a2ce-0d6f73df1a36-c000.snappy.parquet')
    const plain = join(dir(), 'plain.parquet')
    writeCaptions(part, CAPTIONS, 5)
    writeCaptions(plain, CAPTIONS, 5)
    const [a, b] = await collect([part, plain], 2)
    expect(a.records[0].row).to.equal(700_000_000)
    expect(b.records[0].row).to.equal(100_000_000)
    expect(rowBase('/x/part-00031-abc.parquet', 4)).to.equal(3_100_000_000)
  })

  it('counts null and empty captions without matching them', async () => {
    const file = join(dir(), 'nulls.parquet')
    writeCaptions(file, ['tench', null, '', 'tench', null], 2)
    const [f] = await collect([file], 0)
    expect(f.emptyCaptions).to.equal(3)
    expect(f.emptyRows).to.deep.equal([1, 2, 4])
    expect(f.records.map((r) => r.row)).to.deep.equal([0, 3])
  })

  it('reports bad files by name and row and still returns the good ones, in order', async () => {
    const good = join(dir(), 'good.parquet')
    writeCaptions(good, CAPTIONS, 4)
    const noText = join(dir(), 'no-text.parquet')
    parquetWriteFile({ filename: noText, columnData: [{ name: 'URL', data: ['a'], type: 'STRING' }, { name: 'caption', data: ['tench'], type: 'STRING' }] })
    const badUtf8 = join(dir(), 'bad-utf8.parquet')
    const bytes = [...CAPTIONS.slice(0, 9).map((c) => new TextEncoder().encode(c)), new Uint8Array([0x74, 0xff, 0xfe, 0x68])]
    parquetWriteFile({ filename: badUtf8, columnData: [{ name: 'TEXT', data: bytes, type: 'BYTE_ARRAY' }], rowGroupSize: 4 })
    const truncated = join(dir(), 'truncated.parquet')
    const whole = readFileSync(good)
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)))

    const results = await collect([noText, good, badUtf8, truncated, good], 2)
    expect(results.map((r) => r.file)).to.deep.equal([noText, good, badUtf8, truncated, good])
    expect(results[0].error?.message).to.equal(`match: ${noText}: no TEXT column (columns: URL, caption). Pass the caption column's name (--column) or a LAION metadata file.`)
    expect(results[2].error?.message).to.equal(`match: ${badUtf8}: row 9: TEXT is not valid UTF-8 ("t\uFFFD\uFFFDh"). Repair or drop that row; nothing from this file was written.`)
    expect(results[2].records).to.deep.equal([])
    expect(results[3].error?.message).to.match(new RegExp(`^match: ${truncated}: cannot read the parquet footer \\(.+\\)\\. Is the file complete\\? A truncated download must be fetched again\\.$`))
    expect(results[1].records.length).to.equal(10)
    expect(results[4].records.map((r) => r.row % 1e8)).to.deep.equal(results[1].records.map((r) => r.row % 1e8))
  })
})

describe('laionet match workers from the build (dist/)', () => {
  const dir = tempDir()

  it('runs match-worker.js from dist with the same records as the sources', async function () {
    if (!existsSync(join(root, 'dist', 'laionet', 'match-worker.js'))) skipOrFail(this, 'dist/laionet/match-worker.js is missing (run npm run build)')
    const file = join(dir(), 'captions.parquet')
    writeCaptions(file, CAPTIONS, 3)
    const script = `const { matchParquetFiles, buildLemmaMap } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'index.js')).href)});
      const map = buildLemmaMap(${JSON.stringify(classes)}, { mode: 'paper' });
      const out = [];
      for await (const f of matchParquetFiles([${JSON.stringify(file)}], map, { workers: 2 })) { if (f.error) throw f.error; out.push(f.records) }
      console.log(JSON.stringify(out));`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(child.status, child.stderr).to.equal(0)
    const fromSources = await collect([file], 2)
    expect(JSON.parse(child.stdout)).to.deep.equal(fromSources.map((f) => f.records))
  })
})

describe('laionet matchCaptionFiles on the real sample', () => {
  useSharedData()
  const dir = tempDir()

  it('writes identical jsonl with 0 and 2 workers, and a parquet with the same records', async () => {
    const input = join(dir(), 'part-00003-sample.parquet')
    copyFileSync(shared(SAMPLE), input)
    const a = await matchCaptionFiles([input], { map: paper, out: join(dir(), 'a.jsonl'), workers: 0 })
    const b = await matchCaptionFiles([input], { map: paper, out: join(dir(), 'b.jsonl'), workers: 2 })
    expect(readFileSync(join(dir(), 'a.jsonl'))).to.deep.equal(readFileSync(join(dir(), 'b.jsonl')))
    expect(a).to.deep.include({ rows: 10000, failed: 0 })
    expect(b.matched).to.equal(a.matched)
    const lines = readFileSync(join(dir(), 'a.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MatchRecord)
    expect(lines.length).to.equal(a.matched)
    expect(lines.every((r) => r.row >= 300_000_000 && r.row < 300_010_000)).to.equal(true)
    await matchCaptionFiles([input], { map: paper, out: join(dir(), 'c.parquet'), format: 'parquet', workers: 1 })
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet')
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir(), 'c.parquet')) })
    expect(rows.map((r) => ({ row: Number(r.row), wnids: r.wnids, lemmas: r.lemmas }))).to.deep.equal(lines)
  })
})
