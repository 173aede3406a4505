import { expect } from 'chai'
import { lemmaStatistics } from '../../src/index.js'
import type { ImageNetClass } from '../../src/index.js'

const cls = (index: number, wnid: string, lemmas: string[]): ImageNetClass => ({ index, wnid, lemmas, definition: '', examples: [] })

describe('imagenet/lemmaStatistics (hand-made classes)', () => {
  const classes = [
    cls(0, 'n1', ['crane']),
    cls(1, 'n2', ['crane', 'derrick']),
    cls(2, 'n3', ['T-shirt', 'tee shirt', 'Crane']),
    cls(3, 'n4', ["jack-o'-lantern"]),
  ]

  it('counts shared strings case-sensitively, punctuated lemmas and what survives', () => {
    const s = lemmaStatistics(classes)
    expect(s).to.deep.equal({
      classes: 4,
      lemmas: 7,
      distinctLemmas: 6,
      lemmasPerClass: [0, 2, 1, 1],
      shared: [{ lemma: 'crane', wnids: ['n1', 'n2'] }],
      punctuated: [{ lemma: 'T-shirt', wnid: 'n3' }, { lemma: "jack-o'-lantern", wnid: 'n4' }],
      uniqueLemmas: 5, // derrick, T-shirt, tee shirt, Crane, jack-o'-lantern
      classesWithUniqueLemma: 3, // n1 keeps nothing
    })
  })

  it('leaves excluded classes out first', () => {
    const s = lemmaStatistics(classes, { exclude: ['n2'] })
    expect(s.shared).to.deep.equal([])
    expect(s.uniqueLemmas).to.equal(5)
    expect(s.classesWithUniqueLemma).to.equal(3)
  })
})
