import { expect } from 'chai'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runSimulation } from '../../src/index.js'
import { runCli } from '../helpers/cli.js'
import { SMALL, TINY } from './small-world.js'

describe('laionet simulate', function () {
  this.timeout(120_000)
  const dir = mkdtempSync(join(tmpdir(), 'laionet-simulate-cli-'))
  const small = join(dir, 'small.json')
  writeFileSync(small, JSON.stringify(SMALL))
  const tiny = join(dir, 'tiny.json')
  writeFileSync(tiny, JSON.stringify(TINY))

  it('prints byte-identical JSON for the same seed and config, the same as runSimulation in-process', async () => {
    const a = await runCli(['simulate', '--seed', '7', '--dials-file', small, '--json'])
    expect(a.code, a.stderr).to.equal(0)
    // A second, independent run of the same world in this process: the strings must match byte for byte.
    expect(a.stdout).to.equal(JSON.stringify(runSimulation(SMALL, { seed: 7 })) + '\n')
    const report = JSON.parse(a.stdout)
    for (const key of ['seed', 'config', 'textOnly', 'imageAware', 'shareTextLower', 'shareTextHigher', 'accuracy', 'selectionFrequency', 'frontier']) {
      expect(report, key).to.have.property(key)
    }
    expect(report.seed).to.equal(7)
    expect(report.config.classes).to.equal(100)
    expect(report.textOnly).to.have.keys(['size', 'classes', 'intraMean'])
    expect(report.accuracy).to.have.keys(['imageAware', 'textOnly'])
    expect(report.selectionFrequency[0]).to.include.keys(['threshold', 'intraMean', 'size'])
    expect(report.frontier[0]).to.include.keys(['textThreshold', 'imageThreshold', 'size', 'intraMean'])
  })

  it('changes with the seed, and repeats itself across CLI runs', async () => {
    const one = await runCli(['simulate', '--seed', '8', '--dials-file', tiny, '--json'])
    const again = await runCli(['simulate', '--seed', '8', '--dials-file', tiny, '--json'])
    const other = await runCli(['simulate', '--seed', '9', '--dials-file', tiny, '--json'])
    expect(one.stdout).to.equal(again.stdout)
    expect(one.stdout).to.not.equal(other.stdout)
  })

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await runCli(['simulate', '--dials-file', tiny])
    expect(code).to.equal(0)
    expect(stdout).to.match(/^simulated world, seed 1: 12 classes, 3000 candidates\n/)
    expect(stdout).to.match(/\ntext-only significantly lower in \d+\.\d%, higher in \d+\.\d% of \d+ classes/)
  })

  it('names the field and its range for a bad dials file, a usage error (exit code 2)', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"classes": 100, "captionDescribesImage": 2}')
    const { code, stdout, stderr } = await runCli(['simulate', '--dials-file', bad, '--json'])
    expect(code).to.equal(2)
    // Under --json the error is JSON on stdout.
    expect(stderr).to.equal('')
    expect(JSON.parse(stdout).error).to.deep.equal({ message: `laionet simulate: --dials-file: ${bad} field "captionDescribesImage" must be a number in [0, 1], got 2`, code: 'usage' })
    const unknown = join(dir, 'unknown.json')
    writeFileSync(unknown, '{"seed": 3}')
    const res = await runCli(['simulate', '--dials-file', unknown])
    expect(res.code).to.equal(2)
    expect(res.stderr).to.match(/^laionet simulate: --dials-file: unknown key "seed" in .*unknown\.json \(allowed: classes, /)
  })

  it('rejects a non-integer seed as a usage error', async () => {
    const { code, stderr } = await runCli(['simulate', '--seed', 'one'])
    expect(code).to.equal(2)
    expect(stderr).to.match(/^laionet simulate: --seed: expected an integer in \[0, 4294967295\], got "one"\n/)
  })
})
