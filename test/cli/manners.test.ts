import { expect } from 'chai'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runSimulation } from '../../src/index.js'
import { SIMULATION_CONFIG_RANGES } from '../../src/simulate/config.js'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { TINY } from '../simulate/small-world.js'

// The command line's manners (issue #25): dials by flag, exit codes that say whose fault it was, no warning about a
// flag the user did not give, a missing input named before anything else, and --config wherever the configuration
// is read.

describe('cli manners', function () {
  this.timeout(120_000)
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-manners-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  describe('simulate --dial and --dials-file', () => {
    it('--dial name=value (repeatable) sets dials over the dials file, the same as runSimulation with those dials', async () => {
      const file = join(dir, 'tiny.json')
      writeFileSync(file, JSON.stringify({ ...TINY, captionDescribesImage: 0.9 }))
      const run = await runCli(['simulate', '--dials-file', file, '--dial', 'captionDescribesImage=0.5', '--dial', 'selectionFrequencySweep=0.5,0.9', '--seed', '3', '--json'])
      expect(run.code, run.stderr).to.equal(0)
      expect(run.stdout).to.equal(JSON.stringify(runSimulation({ ...TINY, captionDescribesImage: 0.5, selectionFrequencySweep: [0.5, 0.9] }, { seed: 3 })) + '\n')
      expect(JSON.parse(run.stdout).config).to.include({ captionDescribesImage: 0.5, classes: TINY.classes })
    })

    it('an out-of-range or unknown dial exits 2, naming the dial and its range, before any output', async () => {
      const range = SIMULATION_CONFIG_RANGES.captionDescribesImage
      const high = await runCli(['simulate', '--dial', 'captionDescribesImage=2'])
      expect(high.code).to.equal(2)
      expect(high.stdout).to.equal('')
      expect(high.stderr.split('\n')[0]).to.equal(`laionet simulate: --dial captionDescribesImage: expected a number in [${range.min}, ${range.max}], got "2"`)
      const integer = await runCli(['simulate', '--dial', 'classes=2.5', '--json'])
      expect(integer.code).to.equal(2)
      expect(JSON.parse(integer.stdout).error.message).to.equal('laionet simulate: --dial classes: expected an integer in [2, 2000], got "2.5"')
      const list = await runCli(['simulate', '--dial', 'selectionFrequencySweep=0.5,1.5'])
      expect(list.stderr.split('\n')[0]).to.equal('laionet simulate: --dial selectionFrequencySweep: expected a number in [0, 1] (each, comma-separated), got "0.5,1.5"')
      const unknown = await runCli(['simulate', '--dial', 'coreWait=1'])
      expect(unknown.code).to.equal(2)
      expect(unknown.stderr).to.match(/^laionet simulate: --dial: unknown dial "coreWait" \(expected name=value with one of: classes, candidates, /)
    })

    it('a missing dials file exits 1 naming it, with nothing else printed', async () => {
      const missing = join(dir, 'nope.json')
      const run = await runCli(['simulate', '--dials-file', missing])
      expect(run.code).to.equal(1)
      expect(run.stdout).to.equal('')
      expect(run.stderr).to.equal(`laionet simulate: the dials file ${missing} does not exist. Write a JSON object of dials there, e.g. {"captionDescribesImage": 1}, or give --dial name=value\n`)
    })

    it('--config is not a dials file: a usage error pointing to --dials-file; the help shows no inline JSON as a file', async () => {
      const run = await runCli(['simulate', '--config', 'dials.json'])
      expect(run.code).to.equal(2)
      expect(run.stderr.split('\n')[0]).to.equal('laionet simulate: --config: simulate reads no laionet.config.json; give dial values with --dials-file dials.json or --dial name=value')
      const help = await runCli(['simulate', '--help'])
      expect(help.stdout).to.contain('--dial name=value').and.contain('--dials-file <file.json>').and.not.contain('--config')
    })
  })

  describe('match', () => {
    it('a missing input exits 1 naming the file before any other output, and writes nothing', async () => {
      const out = join(dir, 'never.jsonl')
      const run = await runCli(['match', '--input', join(dir, 'x.parquet'), '--out', out])
      expect(run.code).to.equal(1)
      expect(run.stdout).to.equal('')
      expect(run.stderr).to.equal(`laionet match: input file ${join(dir, 'x.parquet')} not found. Check the path (nothing was written)\n`)
      expect(existsSync(out)).to.equal(false)
    })

    it('says nothing about --workers when the user gave none (threads from the configuration), and warns when asked for too many', async function () {
      skipWithoutShared(this)
      const input = join(dir, 'part-00000-m.parquet')
      copyFileSync(shared('data/laion/laion400m-sample-10000.parquet'), input)
      // More threads than cores and row groups, configured rather than asked: capped without a word.
      const config = join(dir, 'laionet.config.json')
      const many = availableParallelism() + 8
      writeFileSync(config, JSON.stringify({ limits: { workers: many } }))
      const quiet = await runCli(['match', '--input', input, '--out', join(dir, 'q.jsonl'), '--config', config])
      expect(quiet.code, quiet.stderr).to.equal(0)
      expect(quiet.stderr).to.not.contain('--workers')
      const asked = await runCli(['match', '--input', input, '--out', join(dir, 'a.jsonl'), '--workers', String(many)])
      expect(asked.code, asked.stderr).to.equal(0)
      expect(asked.stderr).to.match(new RegExp(`^match: ${many} threads asked \\(--workers\\), \\d+ used`))
    })
  })

  describe('match --with-text', () => {
    it('adds each matched caption, the same text the parquet holds at that row, in two files numbered by part', async function () {
      skipWithoutShared(this)
      const a = join(dir, 'part-00000-t.parquet')
      const b = join(dir, 'part-00004-t.parquet')
      copyFileSync(shared('data/laion/laion400m-sample-10000.parquet'), a)
      copyFileSync(shared('data/laion/laion400m-sample-10000.parquet'), b)
      const plain = join(dir, 'plain.jsonl')
      const texted = join(dir, 'text.jsonl')
      expect((await runCli(['match', '--input', a, b, '--out', plain, '--workers', '0'])).code).to.equal(0)
      const run = await runCli(['match', '--input', a, b, '--out', texted, '--workers', '0', '--with-text'])
      expect(run.code, run.stderr).to.equal(0)
      const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { row: number, wnids: string[], lemmas: string[], text?: string })
      const withText = lines(texted)
      // The same matches as without the flag, each with one more field.
      expect(withText.map(({ text: _text, ...rest }) => rest)).to.deep.equal(lines(plain))
      // The text is the caption at that row of the file the global index names (read independently here).
      const { parquetReadObjects } = await import('hyparquet')
      const { asyncBufferFromFile } = await import('hyparquet')
      const captions = (await parquetReadObjects({ file: await asyncBufferFromFile(a), columns: ['TEXT'] })).map((r) => r.TEXT as string)
      expect(withText.filter((m) => m.row >= 4e8)).to.have.length(withText.length / 2)
      for (const m of withText) expect(m.text, `row ${m.row}`).to.equal(captions[m.row % 1e8])
      // Each caption names one of its lemmas (the matcher's normalisation aside): spot-check the first.
      expect(withText[0].text!.toLowerCase()).to.contain(withText[0].lemmas[0].split(' ')[0])
      const bad = await runCli(['match', '--input', a, '--out', join(dir, 't.parquet'), '--format', 'parquet', '--with-text'])
      expect(bad.code).to.equal(2)
      expect(bad.stderr.split('\n')[0]).to.equal('laionet match: --with-text: caption text is written to jsonl output only (drop --format parquet)')
    })
  })

  describe('config --config', () => {
    it('reads the file given with --config, like every command that reads the configuration', async () => {
      const file = join(dir, 'cfg.json')
      writeFileSync(file, JSON.stringify({ limits: { workers: 3 } }))
      const run = await runCli(['config', '--config', file, '--no-check', '--json'])
      expect(run.code, run.stderr).to.equal(0)
      const { config } = JSON.parse(run.stdout)
      expect(config.file).to.equal(file)
      expect(config.limits.workers).to.equal(3)
      const both = await runCli(['config', '--config', file, '--file', join(dir, 'other.json')])
      expect(both.code).to.equal(2)
      expect(both.stderr.split('\n')[0]).to.equal(`laionet config: --config: give the configuration once (--config ${file} and --file ${join(dir, 'other.json')} differ)`)
    })
  })
})
