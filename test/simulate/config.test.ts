import { expect } from 'chai'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SIMULATION_CONFIG, SIMULATION_CONFIG_RANGES, resolveSimulationConfig } from '../../src/simulate/config.js'
import { loadSimulationConfig } from '../../src/simulate/load-config.js'

describe('simulate/config', () => {
  it('fills every dial from the defaults and keeps overrides', () => {
    const cfg = resolveSimulationConfig({ captionDescribesImage: 1, frontierTextThresholds: [0.8, 0.7] })
    expect(cfg.captionDescribesImage).to.equal(1)
    expect(cfg.frontierTextThresholds).to.deep.equal([0.8, 0.7])
    expect(cfg.classes).to.equal(300)
    expect(cfg.textThreshold).to.equal(0.82)
    expect(Object.keys(cfg).sort()).to.deep.equal(Object.keys(DEFAULT_SIMULATION_CONFIG).sort())
  })

  it('gives every dial a range that holds its default', () => {
    for (const [key, value] of Object.entries(DEFAULT_SIMULATION_CONFIG)) {
      const range = SIMULATION_CONFIG_RANGES[key as keyof typeof SIMULATION_CONFIG_RANGES]
      for (const v of Array.isArray(value) ? value : [value]) {
        expect(v, key).to.be.within(range.min, range.max)
        if (range.integer) expect(Number.isInteger(v), key).to.equal(true)
      }
    }
  })

  it('does not share list dials with the defaults', () => {
    const cfg = resolveSimulationConfig({})
    cfg.selectionFrequencySweep.push(0.99)
    expect(DEFAULT_SIMULATION_CONFIG.selectionFrequencySweep).to.deep.equal([0.5, 0.73, 0.85, 0.93])
  })

  it('rejects an unknown key, naming it and the allowed keys', () => {
    expect(() => resolveSimulationConfig({ clases: 3 })).to.throw(/^simulate: unknown key "clases" in config \(allowed: classes, candidates, dim, /)
  })

  it('rejects an out-of-range dial, naming the field and its range', () => {
    expect(() => resolveSimulationConfig({ labelNoise: 0.95 }))
      .to.throw('simulate: config field "labelNoise" must be a number in [0, 0.9], got 0.95')
    expect(() => resolveSimulationConfig({ classes: 2.5 }))
      .to.throw('simulate: config field "classes" must be an integer in [2, 2000], got 2.5')
    expect(() => resolveSimulationConfig({ textThreshold: '0.8' }))
      .to.throw('simulate: config field "textThreshold" must be a number in [-1, 1], got "0.8"')
  })

  it('checks each element of a list dial', () => {
    expect(() => resolveSimulationConfig({ selectionFrequencySweep: [0.5, 1.2] }))
      .to.throw('simulate: config field "selectionFrequencySweep[1]" must be a number in [0, 1], got 1.2')
    expect(() => resolveSimulationConfig({ frontierTextThresholds: [] }))
      .to.throw('simulate: config field "frontierTextThresholds" must be a list of 1 to 20 values, each a number in [-1, 1], got []')
  })

  it('rejects a configuration that is not an object', () => {
    expect(() => resolveSimulationConfig([1])).to.throw('simulate: config must be a JSON object of dials, got an array')
  })

  describe('loadSimulationConfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'laionet-simulate-'))

    it('reads a file of dials', () => {
      const file = join(dir, 'ok.json')
      writeFileSync(file, '{"classes": 20, "captionDescribesImage": 0.5}')
      const cfg = loadSimulationConfig(file)
      expect(cfg.classes).to.equal(20)
      expect(cfg.captionDescribesImage).to.equal(0.5)
    })

    it('names the file in validation errors', () => {
      const file = join(dir, 'range.json')
      writeFileSync(file, '{"annotators": 0}')
      expect(() => loadSimulationConfig(file)).to.throw(`simulate: ${file} field "annotators" must be an integer in [1, 100], got 0`)
    })

    it('names the file when it is not JSON', () => {
      const file = join(dir, 'bad.json')
      writeFileSync(file, '{classes: 3}')
      expect(() => loadSimulationConfig(file)).to.throw(`simulate: the config file ${file} is not valid JSON`)
    })

    it('names the file when it is missing', () => {
      const file = join(dir, 'missing.json')
      expect(() => loadSimulationConfig(file)).to.throw(`simulate: cannot read the config file ${file}: ENOENT`)
    })
  })
})
