import { expect } from 'chai'
import { createWorld, selectImageAware, selectTextOnly, sweepDial } from '../../src/index.js'
import { intraByClass, meanIntra } from '../../src/simulate/measure.js'
import type { ScalarDial } from '../../src/index.js'
import { TINY } from './small-world.js'

describe('simulate/sweepDial', () => {
  it('regenerates the world at each value and measures both selections', () => {
    const [p] = sweepDial('textThreshold', [0.7], TINY, { seed: 5 })
    const world = createWorld({ ...TINY, textThreshold: 0.7 }, { seed: 5 })
    const text = meanIntra(intraByClass(world, selectTextOnly(world)))
    const image = meanIntra(intraByClass(world, selectImageAware(world)))
    expect(p.value).to.equal(0.7)
    expect(p.textOnly).to.equal(text)
    expect(p.imageAware).to.equal(image)
    expect(p.gap).to.equal(text - image)
    expect(p.textOnlySize).to.equal(selectTextOnly(world).rows.length)
  })

  it('validates each value against the dial range and refuses list dials', () => {
    expect(() => sweepDial('labelNoise', [0.95], TINY)).to.throw('simulate: sweep of labelNoise field "labelNoise" must be a number in [0, 0.9], got 0.95')
    expect(() => sweepDial('frontierTextThresholds' as ScalarDial, [0.5], TINY)).to.throw('simulate: sweepDial varies one number; "frontierTextThresholds" is a list dial')
  })
})
