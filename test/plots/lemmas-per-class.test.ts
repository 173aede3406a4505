import { expect } from 'chai'
import { lemmasPerClassFigure } from '../../src/index.js'
import type { ImageNetClass } from '../../src/index.js'

const cls = (index: number, wnid: string, lemmas: string[], definition = 'd', examples: string[] = []): ImageNetClass => ({ index, wnid, lemmas, definition, examples })

describe('plots/lemmasPerClassFigure', () => {
  const classes = [
    cls(0, 'n1', ['crane']),
    cls(1, 'n2', ['crane', 'derrick']),
    cls(2, 'n3', ['<b>tee</b>', 'T-shirt']),
    cls(3, 'n4', ['jack']),
  ]

  it('bins classes by all lemmas and by lemmas unique to them, naming the classes on hover (escaped)', () => {
    const fig = lemmasPerClassFigure(classes)
    expect(fig.data.map((t) => [t.name, t.x, t.y])).to.deep.equal([
      ['all WordNet lemmas', [1, 2], [2, 2]],
      ['lemmas unique to the class (kept by the paper)', [0, 1, 2], [1, 2, 1]],
    ])
    expect(fig.data[0].hovertext).to.deep.equal([
      '2 classes with 1 lemma(s):<br>crane, jack',
      '2 classes with 2 lemma(s):<br>crane, &lt;b&gt;tee&lt;/b&gt;',
    ])
    expect(fig.layout.title?.text).to.equal('Lemmas per ImageNet class (WordNet 3.0, 4 classes)')
    expect(fig.layout.meta).to.deep.equal({ tier: 'real' })
    expect(fig.data).to.have.length(2)
  })

  it('excludes classes before counting, so a lemma can stop being shared', () => {
    const fig = lemmasPerClassFigure(classes, { exclude: ['n2'] })
    expect(fig.data[1].x).to.deep.equal([1, 2])
    expect(fig.data[1].y).to.deep.equal([2, 1])
  })

  it('lists at most 12 names per bar', () => {
    const many = Array.from({ length: 15 }, (_, i) => cls(i, `n${i}`, [`c${i}`]))
    expect(lemmasPerClassFigure(many).data[0].hovertext).to.deep.equal([
      `15 classes with 1 lemma(s):<br>${Array.from({ length: 12 }, (_, i) => `c${i}`).join(', ')}<br>… and 3 more`,
    ])
  })
})
