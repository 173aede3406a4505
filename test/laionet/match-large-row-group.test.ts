import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLemmaMap, matchParquetFiles } from '../../src/index.js'
import { parquetMetadata } from '../../src/io/parquet-metadata.js'
import { runCli } from '../helpers/cli.js'
import { tempDir, useSharedData } from './helpers.js'

const map = buildLemmaMap([{ wnid: 'n01440764', lemmas: ['tench', 'Tinca tinca'] }], { mode: 'paper' })
const ROWS = 150_000

// Issue 23, item 5: one row group of 150,000 matching captions gave "Maximum call stack size exceeded" (the row
// group's records were spread as arguments into push). Real LAION parts have row groups of this size and more.
describe('laionet match on one large row group (issue 23, item 5)', function () {
  this.timeout(120_000)
  const dir = tempDir()
  let file = ''

  before(() => {
    file = join(dir(), 'large-group.parquet')
    // Every caption distinct (no dictionary sharing) and matching; every seventh also names a second lemma.
    const texts = Array.from({ length: ROWS }, (_, i) => (i % 7 === 0 ? `Tinca tinca number ${i}` : `a tench, photo ${i}`))
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: texts, type: 'STRING' }], rowGroupSize: ROWS })
  })

  it('is one row group of 150,000 rows (the case that overflowed the stack)', async () => {
    const info = await parquetMetadata(file)
    expect(info.rowGroups.map((g) => g.rows)).to.deep.equal([ROWS])
  })

  it('matches every caption, in row order, with matchParquetFiles', async () => {
    const results = []
    for await (const f of matchParquetFiles([file], map, { workers: 0 })) results.push(f)
    expect(results).to.have.length(1)
    const [f] = results
    expect(f.error).to.equal(undefined)
    expect(f.rows).to.equal(ROWS)
    expect(f.records).to.have.length(ROWS)
    expect(f.records.every((r, i) => r.row === 100_000_000 * 0 + i && r.wnids.length === 1 && r.wnids[0] === 'n01440764')).to.equal(true)
    expect(f.records[7]).to.deep.equal({ row: 7, wnids: ['n01440764'], lemmas: ['Tinca tinca'] })
    expect(f.records[8]).to.deep.equal({ row: 8, wnids: ['n01440764'], lemmas: ['tench'] })
  })

  describe('the match command (the lemma map of the 1000 classes comes from the data mirror)', () => {
    useSharedData('data/imagenet/meta.mat')

    it('passes through: exit 0 and one line per caption', async () => {
      const out = join(dir(), 'matches.jsonl')
      const cli = await runCli(['match', '--input', file, '--out', out, '--workers', '0'])
      expect(cli.stderr, cli.stderr).to.not.include('call stack')
      expect(cli.code, cli.stderr).to.equal(0)
      const lines = readFileSync(out, 'utf8').trim().split('\n')
      expect(lines).to.have.length(ROWS)
    })
  })
})
