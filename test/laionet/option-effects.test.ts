import { expect } from 'chai'
import { invertNounExceptions, lemmaOptionEffects, loadImageNetClasses, loadNounExceptions, type OptionEffect } from '../../src/index.js'
import { sampleCaptions, useSharedData } from './helpers.js'

describe('laionet lemmaOptionEffects on the 10,000 real captions', function () {
  this.timeout(120_000)
  useSharedData()
  let rows: OptionEffect[]
  before(async () => {
    const classes = await loadImageNetClasses()
    rows = lemmaOptionEffects(classes, await sampleCaptions(), { irregularPlurals: invertNounExceptions(await loadNounExceptions()) })
  })

  it('reports the paper map, each recovery alone, and all together', () => {
    expect(rows.map((r) => r.variant)).to.deep.equal(['paper', '+punctuation', '+plurals', '+sharedLemmas', '+caseFolding', 'extended'])
    // The paper row is what the authors' loop finds (paper-faithful.test.ts): 503 captions, 217 classes.
    expect(rows[0]).to.deep.include({ matchedCaptions: 503, coveredClasses: 217, reachableClasses: 980, entries: 1761 })
  })

  it('each recovery only adds matches, and punctuation makes the 15 lost classes reachable', () => {
    for (const r of rows.slice(1)) expect(r.matchedCaptions, r.variant).to.be.at.least(rows[0].matchedCaptions)
    const by = Object.fromEntries(rows.map((r) => [r.variant, r]))
    expect(by['+punctuation'].reachableClasses).to.equal(995)
    expect(by.extended.reachableClasses).to.equal(1000)
    expect(by.extended.matchedCaptions).to.be.at.least(Math.max(...rows.slice(1, 5).map((r) => r.matchedCaptions)))
  })
})
