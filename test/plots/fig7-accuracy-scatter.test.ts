import { expect } from 'chai'
import { fig7AccuracyScatter } from '../../src/plots/figures/fig7-accuracy-scatter.js'

describe('plots: Fig. 7 accuracy as the authors draw it (LAIONet x, ImageNetV2 y)', () => {
  it('one trace per version, 1.96 SE on the LAIONet axis and 1 SE on the ImageNetV2 axis, and y = x', () => {
    const f = fig7AccuracyScatter({ tier: 'real', rows: [
      { model: 'resnet50', version: 'MatchedFrequency', laionet: 0.6, laionetSe: 0.01, v2: 0.63, v2Se: 0.02 },
      { model: 'resnet50', version: 'TopImages', laionet: 0.6, laionetSe: 0.01, v2: 0.8, v2Se: 0.005 },
    ] })
    expect(f.data.map((t) => t.name)).to.deep.equal(['MatchedFrequency', 'TopImages'])
    const m = f.data[0] as { x: number[], y: number[], error_x: { array: number[] }, error_y: { array: number[] } }
    expect([m.x[0], m.y[0]]).to.deep.equal([60, 63])
    expect(m.error_x.array[0]).to.be.closeTo(1.96, 1e-9)
    expect(m.error_y.array[0]).to.be.closeTo(2, 1e-9)
    const shapes = (f.layout as { shapes: { x0: number, y0: number, x1: number, y1: number }[] }).shapes
    expect(shapes[0].x0).to.equal(shapes[0].y0)
    expect(shapes[0].x1).to.equal(shapes[0].y1)
  })

  it('names a row without finite accuracies', () => {
    expect(() => fig7AccuracyScatter({ tier: 'real', rows: [{ model: 'm', version: 'TopImages', laionet: NaN, laionetSe: 0, v2: 0.5, v2Se: 0 }] })).to.throw('row "m" on "TopImages" needs finite laionet and v2 accuracies')
  })
})
