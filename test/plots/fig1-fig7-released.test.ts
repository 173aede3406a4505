import { expect } from 'chai'
import { fig1ImageNetSide, fig7Accuracy } from '../../src/index.js'
import { assertSnapshot } from './snapshot.js'

describe('plots: Fig. 1 and Fig. 7c from released results alone', () => {
  const rows = [
    { model: 'resnet-50', group: 'ImageNet-1k', k: 1 as const, imagenet: 0.8, imagenetHalfWidth: 0.0032 },
    { model: 'clip <zs>', group: 'CLIP zero-shot', k: 1 as const, imagenet: 0.56, dropApplies: false },
    { model: 'resnet-50', group: 'ImageNet-1k', k: 5 as const, imagenet: 0.95 },
  ]

  it('fig1ImageNetSide: measured points in percent, the quoted band max..min points below, none where the drop does not apply', () => {
    const f = fig1ImageNetSide({ tier: 'released', rows, quotedDrop: { min: 5, max: 12 } })
    expect(f.data.map((t) => [t.type, t.xaxis, t.x])).to.deep.equal([
      ['bar', 'x', ['resnet-50', 'clip &lt;zs&gt;']], ['scatter', 'x', ['resnet-50', 'clip &lt;zs&gt;']],
      ['bar', 'x2', ['resnet-50']], ['scatter', 'x2', ['resnet-50']],
    ])
    expect(f.data[0].base).to.deep.equal([68, 44])
    expect(f.data[0].y).to.deep.equal([7, null])
    expect(f.data[1].y).to.deep.equal([80, 56])
    expect((f.data[1].error_y as { array: number[] }).array).to.deep.equal([0.32, 0])
    expect(f.layout.title?.text).to.contain('(tier: released)')
    assertSnapshot('fig1-imagenet-side', f)
  })

  it("fig1ImageNetSide: says which average and which error bar (the authors' 977 classes, 1 SE), the other average hollow", () => {
    const both = [
      { model: 'resnet-50', group: 'ImageNet-1k', k: 1 as const, imagenet: 0.8014, imagenetSe: 0.00167, imagenetHalfWidth: 0.0033, imagenetAll: 0.7998 },
      { model: 'resnet-50', group: 'ImageNet-1k', k: 5 as const, imagenet: 0.9447, imagenetSe: 0.00111, imagenetAll: 0.943 },
    ]
    const f = fig1ImageNetSide({ tier: 'released', rows: both, quotedDrop: { min: 5, max: 12 }, averageOver: "977 classes (the authors')", errorBar: 'se', allLabel: 'over all 1000 classes' })
    expect(f.data.map((t) => t.name)).to.deep.equal([
      'LAIONet: 5-12 points lower (quoted range)', "ImageNet validation, equi-weighted over 977 classes (the authors') (bar: 1 SE)", 'ImageNet validation, equi-weighted over all 1000 classes',
      'LAIONet: 5-12 points lower (quoted range)', "ImageNet validation, equi-weighted over 977 classes (the authors') (bar: 1 SE)", 'ImageNet validation, equi-weighted over all 1000 classes',
    ])
    expect((f.data[1].error_y as { array: number[] }).array).to.deep.equal([0.167]) // 1 SE in points, not the 95% half-width
    expect(f.data[2].y).to.deep.equal([79.98])
    expect(() => fig1ImageNetSide({ tier: 'released', rows: both, quotedDrop: { min: 5, max: 12 }, errorBar: '2se' as never }))
      .to.throw('plots: fig1-imagenet-side input errorBar "2se" (expected \'95%\' or \'se\')')
  })

  it('fig1ImageNetSide: names a bad quoted range', () => {
    expect(() => fig1ImageNetSide({ tier: 'released', rows, quotedDrop: { min: 12, max: 5 } }))
      .to.throw('plots: fig1-imagenet-side input needs quotedDrop { min, max } in points with min <= max')
  })

  it('fig7Accuracy: one line per model ordered by selection frequency, dashed past the palette', () => {
    const versions = [{ name: 'TopImages', selectionFrequency: 0.93 }, { name: 'MatchedFrequency', selectionFrequency: 0.73 }]
    const accuracy = Array.from({ length: 9 }, (_, j) => [
      { model: `m${j}`, dataset: 'TopImages', accuracy: 0.8 }, { model: `m${j}`, dataset: 'MatchedFrequency', accuracy: 0.6 },
    ]).flat()
    const f = fig7Accuracy({ tier: 'released', versions, accuracy })
    expect(f.data).to.have.length(9)
    expect(f.data[0].x).to.deep.equal([0.73, 0.93])
    expect(f.data[0].y).to.deep.equal([60, 80])
    expect(f.data.map((t) => (t.line as { dash: string }).dash)).to.deep.equal([...Array(8).fill('solid'), 'dash'])
    expect((f.layout.xaxis as { ticktext: string[] }).ticktext).to.deep.equal(['MatchedFrequency (0.73)', 'TopImages (0.93)'])
    assertSnapshot('fig7-accuracy', f)
    expect(() => fig7Accuracy({ tier: 'released', versions, accuracy: [{ model: 'x', dataset: 'Threshold0.7', accuracy: 0.7 }] }))
      .to.throw('plots: fig7-accuracy input accuracy row "x" names dataset "Threshold0.7", which is not among the versions (MatchedFrequency, TopImages), or has no finite accuracy')
  })
})
