import { expect } from 'chai'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cachedStudy, simulateStudy, simulationReport, type SimulationConfig } from '../../src/index.js'
import { cachedMeasureDial } from '../../src/simulate/study-cache.js'
import { measureDial } from '../../src/simulate/sweep.js'
import { TINY } from './small-world.js'

// The disk cache of the simulated study: the study read back is the computed one, value for value (deep equality:
// every double, NaN, -0, typed array and Map; so every report and record made from it is the same), and its report is
// the same text; another seed, dial or a damaged file recomputes. (Two fresh studies' V8 serializations can differ
// in bytes: V8 writes 1 as a small integer or as a double depending on how the JIT held it, so bytes are no test.)
describe('simulate: cachedStudy', function () {
  this.timeout(60_000)
  let dir = ''
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-study-cache-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const run = (config: Partial<SimulationConfig>, seed: number) => {
    const uses: string[] = []
    const warnings: string[] = []
    const study = cachedStudy(config, { seed, dir, onCache: (u) => uses.push(u), onWarning: (m) => warnings.push(m) })
    return { study, use: uses[0], warnings }
  }

  it('stores the study once and reads back an equal one, value for value, with the same report', () => {
    const fresh = simulateStudy(TINY, { seed: 3 })
    const first = run(TINY, 3)
    const second = run(TINY, 3)
    expect([first.use, second.use]).to.deep.equal(['written', 'hit'])
    expect(first.study).to.deep.equal(fresh)
    expect(second.study).to.deep.equal(fresh)
    expect(JSON.stringify(simulationReport(second.study))).to.equal(JSON.stringify(simulationReport(fresh)))
    expect(simulateStudy(TINY, { seed: 4 })).not.to.deep.equal(fresh) // the comparison can fail
    expect(second.study.world.images).to.be.instanceOf(Float32Array)
    expect(second.study.textOnly.intra).to.be.instanceOf(Map)
  })

  it('keys on the seed and on the resolved dials (a dial given at its default is the same study)', () => {
    expect(run(TINY, 4).use).to.equal('written')
    expect(run({ ...TINY, coreWeight: 0.5 }, 3).use).to.equal('written')
    expect(run({ ...TINY, coreWeight: 0.4 }, 3).use).to.equal('hit') // 0.4 is the default
    const other = run({ ...TINY, coreWeight: 0.5 }, 3).study
    expect(other.world.config.coreWeight).to.equal(0.5)
  })

  it('recomputes, with a warning, over a damaged file and over a file holding another study', () => {
    const fileOf = (seed: number) => {
      rmSync(dir, { recursive: true, force: true })
      run(TINY, seed)
      const names = readdirSync(dir)
      expect(names).to.have.length(1)
      return join(dir, names[0])
    }
    const three = fileOf(3)
    const b = readFileSync(three)
    b[b.length - 10] ^= 0xff
    writeFileSync(three, b)
    const damaged = run(TINY, 3)
    expect(damaged.use).to.equal('rebuilt')
    expect(damaged.warnings).to.have.length(1)
    expect(damaged.warnings[0]).to.include(three).and.match(/sha256 does not match/)
    expect(damaged.study).to.deep.equal(simulateStudy(TINY, { seed: 3 }))
    expect(run(TINY, 3).use).to.equal('hit')

    const four = readFileSync(fileOf(4))
    writeFileSync(three, four) // the study of seed 4 where seed 3's belongs
    const foreign = run(TINY, 3)
    expect(foreign.use).to.equal('rebuilt')
    expect(foreign.warnings[0]).to.match(/foreign/)
    expect(foreign.study.world.seed).to.equal(3)
  })

  it('computes without a cache folder when dir is null', () => {
    const uses: string[] = []
    cachedStudy(TINY, { seed: 3, dir: null, onCache: (u) => uses.push(u) })
    expect(uses).to.deep.equal(['off'])
  })

  it('stores a dial point (the slider frames of notebook 06) and reads back an equal one', () => {
    const uses: string[] = []
    const opts = { seed: 2, source: 'test', dir, onCache: (u: string) => uses.push(u) }
    const fresh = measureDial('labelNoise', 0.1, TINY, { seed: 2, source: 'test' })
    const first = cachedMeasureDial('labelNoise', 0.1, TINY, opts)
    const second = cachedMeasureDial('labelNoise', 0.1, TINY, opts)
    const other = cachedMeasureDial('labelNoise', 0.2, TINY, opts)
    expect(uses).to.deep.equal(['written', 'hit', 'written'])
    expect(first).to.deep.equal(fresh)
    expect(second).to.deep.equal(fresh)
    expect(other.point.value).to.equal(0.2)
  })
})
