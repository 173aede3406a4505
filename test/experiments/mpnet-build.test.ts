import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultConfig } from '../../src/config/defaults.js'
import { experimentSources } from '../../src/config/resolve-sources.js'
import { mpnetBuildRecords } from '../../src/experiments/mpnet-build.js'

describe('experiments: Appendix A from an MPNet build (sources.laionetMpnetBuild)', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-mpnet-build-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))
  const part = (build: string | null) => {
    const config = defaultConfig()
    config.sources.laionetMpnetBuild = build
    return experimentSources(config, 'construction').find((c) => c.part === 'laionet-mpnet')!
  }
  const build = (name: string, summary: Record<string, unknown>) => {
    const folder = join(dir, name)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'summary.json'), JSON.stringify(summary))
    return folder
  }

  it('reports the build\'s samples and classes at the MPNet part\'s tier, with .subset below all of LAION-400M', async () => {
    const folder = build('tiny', { model: '/cache/tiny-random-mpnet', textEncoder: 'mpnet', threshold: 0.58, rows: 10_040, samples: 445, classes: 178 })
    const choice = part(folder)
    expect([choice.branch, choice.tier]).to.deep.equal(['build', 'fixture'])
    expect(choice.reason).to.contain('built with the tiny random MPNet /cache/tiny-random-mpnet')
    const records = await mpnetBuildRecords(choice)
    expect(records.map((r) => [r.id, r.value, r.tier])).to.deep.equal([['appA.mpnetSamples.subset', 445, 'fixture'], ['appA.mpnetClasses', 178, 'fixture'], ['appA.mpnetThresholdApplied', 0.58, 'real']])
    expect(records[0].source).to.deep.equal([join(folder, 'summary.json'), '/cache/tiny-random-mpnet'])
    // All 413,871,335 rows: the registry id itself; a model not known as tiny is still not counted as real.
    const full = build('full', { model: '/models/all-mpnet-base-v2', textEncoder: 'mpnet', threshold: 0.58, rows: 413_871_335, samples: 1_297_309, classes: 900 })
    const fullRecords = await mpnetBuildRecords(part(join(full, 'laionet.parquet')))
    expect([fullRecords[0].id, fullRecords[0].tier, fullRecords[0].paper]).to.deep.equal(['appA.mpnetSamples', 'fixture', 1_297_309])
    expect(fullRecords[0].note).to.contain('whose weights are not checked')
  })

  it('quotes the paper without a build, and refuses a CLIP build or a folder without summary.json', async () => {
    const quoted = await mpnetBuildRecords(part(null))
    expect(quoted.map((r) => [r.id, r.value, r.tier])).to.deep.equal([['appA.mpnetSamples', null, 'quoted']])
    const clip = build('clip', { model: 'clip', threshold: 0.82, rows: 10, samples: 1, classes: 1 })
    let err = await mpnetBuildRecords(part(clip)).catch((e: Error) => e)
    expect((err as Error).message).to.contain(`${join(clip, 'summary.json')} is a build with the CLIP text encoder, not MPNet`)
    err = await mpnetBuildRecords(part(join(dir, 'none'))).catch((e: Error) => e)
    expect((err as Error).message).to.contain('cannot read the MPNet build\'s')
  })
})
