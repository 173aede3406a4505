import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { mapLabelsToClasses } from '../../src/models/label-map.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { classInfoClasses } from './golden.js'

const TOY = [
  { index: 0, wnid: 'n01440764', lemmas: ['tench', 'Tinca tinca'] },
  { index: 1, wnid: 'n01443537', lemmas: ['goldfish', 'Carassius auratus'] },
  { index: 2, wnid: 'n02012849', lemmas: ['crane'] },
  { index: 3, wnid: 'n03126707', lemmas: ['crane'] },
  { index: 4, wnid: 'n03710637', lemmas: ['maillot'] },
  { index: 5, wnid: 'n03710721', lemmas: ['maillot', 'tank suit'] },
]

describe('models: mapLabelsToClasses', () => {
  it('maps the real 1000 id2label strings of an ImageNet-1k head one to one, both cranes and maillots included', function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-vit/config.json')
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    const { id2label } = JSON.parse(readFileSync(shared('fixtures/models/tiny-random-vit/config.json'), 'utf8'))
    const map = mapLabelsToClasses(id2label, classInfoClasses())
    expect(map.covered).to.equal(1000)
    expect(Array.from(map.outputOf)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i))
    expect(Array.from(map.classOf)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i))
  })

  it('restricts a 22k-style head: wnid labels, lemma lists, first lemmas; other labels map to -1', () => {
    const id2label = {
      0: 'n00001740 entity',
      1: 'Crane',                       // the bird (first "crane" in wnid order)
      2: 'goldfish',                    // first lemma only
      3: 'quasar, QSO',                 // not an ImageNet-1k class
      4: 'crane',                       // the machine
      5: 'maillot, tank suit',          // exact list, not the dancer's maillot
      6: 'n01440764',                   // by wnid
      7: 'tench, Tinca_tinca',          // tench already taken by output 6
    }
    const map = mapLabelsToClasses(id2label, TOY)
    expect(Array.from(map.classOf)).to.deep.equal([-1, 2, 1, -1, 3, 5, 0, -1])
    expect(Array.from(map.outputOf)).to.deep.equal([6, 2, 1, 4, -1, 5])
    expect(map.covered).to.equal(5)
  })

  it('does not guess when a first lemma is ambiguous', () => {
    const map = mapLabelsToClasses({ 0: 'maillot, leotard' }, TOY)
    expect(Array.from(map.classOf)).to.deep.equal([-1])
  })

  it('says what it expected when a model has no labels', () => {
    expect(() => mapLabelsToClasses({}, TOY)).to.throw('classify: the model config has no id2label (expected {"0": "tench, Tinca tinca", ...}); pass a model with ImageNet labels')
  })
})
