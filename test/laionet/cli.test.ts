import { expect } from 'chai'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { SAMPLE, tempDir, useSharedData } from './helpers.js'

describe('laionet CLI: lemmas, synsets, match', () => {
  useSharedData()
  const dir = tempDir()

  it('lemmas --json prints the paper map {lemma: wnid}: 1,825 lemmas over 995 classes', async () => {
    const { code, stdout } = await runCli(['lemmas', '--mode', 'paper', '--json'])
    expect(code).to.equal(0)
    const map = JSON.parse(stdout) as Record<string, string>
    expect(Object.keys(map)).to.have.length(1825)
    expect(new Set(Object.values(map)).size).to.equal(995)
    expect(map.cougar).to.equal('n02125311')
    expect(map.panther).to.equal(undefined)
  })

  it('lemmas --mode extended lists shared lemmas with all their classes', async () => {
    const { code, stdout } = await runCli(['lemmas', '--mode', 'extended', '--json'])
    expect(code).to.equal(0)
    const map = JSON.parse(stdout) as Record<string, string | string[]>
    expect(map.crane).to.deep.equal(['n02012849', 'n03126707'])
    expect(map['T shirt']).to.equal('n03595614')
  })

  it('lemmas rejects an unknown mode with the usage', async () => {
    const { code, stderr } = await runCli(['lemmas', '--mode', 'fuzzy'])
    expect(code).to.equal(2)
    expect(stderr).to.match(/^laionet lemmas: --mode: expected paper or extended, got "fuzzy"\n/)
  })

  it('synsets --json prints "<name> which is <definition>" for all 1000 classes', async () => {
    const { code, stdout } = await runCli(['synsets', '--json'])
    expect(code).to.equal(0)
    const texts = JSON.parse(stdout) as Record<string, string>
    expect(Object.keys(texts)).to.have.length(1000)
    expect(texts.n02125311).to.equal('cougar which is large American feline resembling a lion')
    expect(texts.n01440764).to.equal('tench which is freshwater dace-like game fish of Europe and western Asia noted for ability to survive outside water')
  })

  it('match writes the jsonl of matched captions and names a bad file, exit code 1', async () => {
    const input = join(dir(), 'part-00002-x.parquet')
    copyFileSync(shared(SAMPLE), input)
    const out = join(dir(), 'matches.jsonl')
    // A file that is there but not a parquet is reported and left out; the others are written.
    const bad = join(dir(), 'part-00003-bad.parquet')
    writeFileSync(bad, 'not a parquet file')
    const { code, stdout, stderr } = await runCli(['match', '--input', input, '--input', bad, '--out', out, '--workers', '1'])
    expect(code).to.equal(1)
    expect(stdout).to.equal(`503 of 10000 captions matched 217 classes (paper mode) -> ${out}; 1 file(s) failed\n`)
    expect(stderr).to.include(bad)
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0])
    expect(first).to.deep.equal({ row: 200_000_030, wnids: ['n03691459'], lemmas: ['speaker'] })
  })

  it('match takes several files after one --input, as a shell glob gives them, numbered by part', async () => {
    const a = join(dir(), 'part-00000-a.parquet')
    const b = join(dir(), 'part-00001-b.parquet')
    copyFileSync(shared(SAMPLE), a)
    copyFileSync(shared(SAMPLE), b)
    const out = join(dir(), 'glob.jsonl')
    const { code, stdout } = await runCli(['match', '--input', a, b, '--out', out, '--workers', '0'])
    expect(code).to.equal(0)
    expect(stdout).to.equal(`1006 of 20000 captions matched 217 classes (paper mode) -> ${out}\n`)
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).row as number)
    expect(rows.filter((r) => r < 100_000_000)).to.have.length(503)
    expect(rows.filter((r) => r >= 100_000_000 && r < 200_000_000)).to.have.length(503)
  })

  it('match takes its threads from limits.workers of the configuration, and --workers wins over it', async () => {
    const input = join(dir(), 'part-00000-w.parquet')
    copyFileSync(shared(SAMPLE), input)
    const config = join(dir(), 'laionet.config.json')
    writeFileSync(config, JSON.stringify({ limits: { workers: 1 } }))
    const fromConfig = await runCli(['match', '--input', input, '--out', join(dir(), 'w1.jsonl'), '--config', config, '--json'])
    expect(fromConfig.code, fromConfig.stderr).to.equal(0)
    expect(JSON.parse(fromConfig.stdout).workers).to.equal(1)
    const fromFlag = await runCli(['match', '--input', input, '--out', join(dir(), 'w0.jsonl'), '--config', config, '--workers', '0', '--json'])
    expect(JSON.parse(fromFlag.stdout).workers).to.equal(0)
  })

  it('match warns about null and empty captions, naming file and rows', async () => {
    const input = join(dir(), 'nulls.parquet')
    const { parquetWriteFile } = await import('hyparquet-writer')
    parquetWriteFile({ filename: input, columnData: [{ name: 'TEXT', data: ['a tench', null, '', 'x'], type: 'STRING' }] })
    const { code, stderr } = await runCli(['match', '--input', input, '--out', join(dir(), 'nulls.jsonl'), '--workers', '0'])
    expect(code).to.equal(0)
    expect(stderr).to.equal(`match: ${input}: 2 null or empty captions never match (rows 1, 2)\n`)
  })

  it('build runs the construction with a CLIP folder and writes the outputs (tiny fixture CLIP)', async function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip')
    const { parquetWriteFile } = await import('hyparquet-writer')
    const input = join(dir(), 'part-00001-small.parquet')
    // "mountain lion" also contains the lion class's lemma "lion": multi-class, as in the authors' pipeline.
    const texts = ['a tench in a net', 'a cougar at dusk', 'tench and cougar', 'mountain lion', null]
    parquetWriteFile({ filename: input, columnData: [{ name: 'URL', data: texts.map((_, i) => `u${i}`), type: 'STRING' }, { name: 'TEXT', data: texts, type: 'STRING' }] })
    const out = join(dir(), 'build')
    const { code, stdout, stderr } = await runCli(['build', '--input', input, '--model', shared('fixtures/models/tiny-random-clip'), '--out', out, '--threshold=-1', '--json'])
    expect(code, stderr).to.equal(0)
    const summary = JSON.parse(stdout)
    expect(summary).to.deep.include({ rows: 5, matched: 4, multiClass: 2, candidates: 2, samples: 2, classes: 2, emptyCaptions: 1 })
    expect(JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8'))).to.deep.equal({ n01440764: [100_000_000], n02125311: [100_000_001] })
    expect(stderr).to.equal('') // progress goes to a terminal only
  })

  it('build requires --model', async () => {
    expect((await runCli(['build', '--input', 'x.parquet', '--out', 'o'])).stderr).to.match(/^laionet build: --model: a CLIP hub id or model folder is required/)
  })

  it('match requires --input and --out', async () => {
    expect((await runCli(['match', '--out', 'x.jsonl'])).stderr).to.match(/^laionet match: --input: at least one parquet file is required/)
    expect((await runCli(['match', '--input', 'x.parquet', '--format', 'csv', '--out', 'y'])).stderr).to.match(/^laionet match: --format: expected jsonl or parquet, got "csv"/)
  })
})
