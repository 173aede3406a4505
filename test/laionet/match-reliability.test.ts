import { expect } from 'chai'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLaionet, buildLemmaMap, matchParquetFiles } from '../../src/index.js'
import { matchCaptionFiles } from '../../src/laionet/match-files.js'
import { MAX_CAPTION_BYTES, planParquet, readRowGroup } from '../../src/laionet/read-captions.js'
import { runCli } from '../helpers/cli.js'
import { fakeEmbedder } from './fake-embed.js'
import { tempDir } from './helpers.js'

const classes = [
  { wnid: 'n01440764', lemmas: ['tench', 'Tinca tinca'] },
  { wnid: 'n02125311', lemmas: ['cougar', 'puma', 'mountain lion', 'painter'] },
]
const map = buildLemmaMap(classes, { mode: 'paper' })
const synsetTexts = { n01440764: 'tench, a fish', n02125311: 'cougar, a cat' }

describe('laionet match and build on hostile input (issue 14: huge captions, wrong column types, too many workers)', function () {
  this.timeout(60_000)
  const dir = tempDir()

  it('cuts a 10 MB caption at the reader to 64 KiB, with a warning naming its row, in match and in build', async () => {
    const file = join(dir(), 'huge.parquet')
    // "tench" within the first 64 KiB, "cougar" only after it: the cut caption matches tench alone.
    const huge = 'a tench ' + 'x'.repeat(MAX_CAPTION_BYTES) + ' cougar ' + 'y'.repeat(10_000_000)
    const bytes = Buffer.byteLength(huge)
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: ['a cougar', huge, 'tench'], type: 'STRING' }] })

    const [f] = await collect([file])
    expect(f.records.map((r) => [r.row, r.lemmas])).to.deep.equal([[0, ['cougar']], [1, ['tench']], [2, ['tench']]])
    expect(f.cut).to.deep.equal([{ column: 'TEXT', row: 1, bytes }])

    const cli = await runCli(['match', '--input', file, '--out', join(dir(), 'm.jsonl'), '--workers', '0'])
    expect(cli.code).to.equal(0)
    expect(cli.stderr).to.include(`match: ${file}: row 1: TEXT has ${bytes} bytes; only its first ${MAX_CAPTION_BYTES} bytes are read (the limit on one string)\n`)

    const warnings: string[] = []
    const out = join(dir(), 'build')
    const summary = await buildLaionet([file], { embed: fakeEmbedder().embed, model: 'fake', out, map, synsetTexts, threshold: -1, onWarning: (w) => warnings.push(w) })
    expect(warnings).to.deep.equal([`build: ${file}: row 1: TEXT has ${bytes} bytes; only its first ${MAX_CAPTION_BYTES} bytes are read (the limit on one string)`])
    expect(summary.samples).to.equal(3)
  })

  it('refuses an integer caption column in match and in build with one message (build used to read it as empty captions)', async () => {
    const file = join(dir(), 'int-text.parquet')
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: [1, 2, 3], type: 'INT32' }] })
    const expected = (where: string) => `${where}: ${file}: column TEXT is INT32, not text (expected a string column). Pass the caption column's name (--column) or a LAION metadata file.`
    const [f] = await collect([file])
    expect(f.error?.message).to.equal(expected('match'))
    const summary = await buildLaionet([file], { embed: fakeEmbedder().embed, model: 'fake', out: join(dir(), 'int-build'), map, synsetTexts })
    expect(summary.errors).to.deep.equal([{ file, error: expected('build') }])
    expect(summary.rows).to.equal(0)
  })

  it('caps --workers at the cores and the row groups, with a warning', async () => {
    const file = join(dir(), 'one-group.parquet')
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: Array.from({ length: 200 }, (_, i) => (i % 2 ? 'a tench' : 'nothing')), type: 'STRING' }] })
    const warnings: string[] = []
    const summary = await matchCaptionFiles([file], { map, out: join(dir(), 'w.jsonl'), workers: 200, onWarning: (w) => warnings.push(w) })
    expect(summary.workers).to.equal(1)
    expect(summary.matched).to.equal(100)
    const cores = availableParallelism()
    expect(warnings).to.deep.equal([`match: 200 threads asked (--workers), 1 used (${cores} cores, 1 row group): more threads than either only cost memory`])
    const none = await matchCaptionFiles([file], { map, out: join(dir(), 'w0.jsonl'), workers: 0, onWarning: (w) => warnings.push(w) })
    expect(none.workers).to.equal(0)
    expect(warnings.length).to.equal(1)
  })

  it('fails the run, not a file, when the lemma map (loaded while the threads start) cannot be loaded', async () => {
    const file = join(dir(), 'map-fails.parquet')
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: ['a tench'], type: 'STRING' }] })
    for (const workers of [0, 1]) {
      const failing = Promise.reject(new Error('lemma map: broken'))
      let error: Error | undefined
      try {
        for await (const f of matchParquetFiles([file], failing, { workers })) expect.fail(`yielded ${f.file}`)
      } catch (e) {
        error = e as Error
      }
      expect(error?.message).to.equal('lemma map: broken')
    }
  })

  it('reads row groups through the one reader that checks value counts', async () => {
    const file = join(dir(), 'count.parquet')
    parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: ['a', 'b', 'c'], type: 'STRING' }] })
    const plan = await planParquet(file, 'match')
    plan.metadata.row_groups[0].num_rows = 4n
    const span = { rowGroup: 0, rowStart: 0, rows: 4 }
    let error: Error | undefined
    await readRowGroup(plan, span, ['TEXT'], 'match').catch((e: Error) => { error = e })
    expect(error?.message).to.equal(`match: ${file}: cannot read row group 0 (rows 0..3): row group 0 column TEXT has 3 values, expected 4. The file may be truncated or corrupt.`)
  })
})

async function collect(files: string[]) {
  const out = []
  for await (const f of matchParquetFiles(files, map, { workers: 0 })) out.push(f)
  return out
}
