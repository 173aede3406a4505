import { expect } from 'chai'
import { classTable } from '../../src/index.js'
import type { ImageNetClass } from '../../src/index.js'

const cls = (index: number, wnid: string, lemmas: string[], definition = 'd', examples: string[] = []): ImageNetClass => ({ index, wnid, lemmas, definition, examples })

describe('imagenet/classTable', () => {
  it('flattens classes into rows with the paper\'s synset text', () => {
    const rows = classTable([cls(0, 'n02125311', ['cougar', 'puma', 'Felis concolor'], 'large American feline resembling a lion', ['x'])])
    expect(rows).to.deep.equal([{
      index: 0, wnid: 'n02125311', name: 'cougar', lemmas: 'cougar, puma, Felis concolor', lemmaCount: 3,
      definition: 'large American feline resembling a lion', exampleCount: 1,
      synsetText: 'cougar which is large American feline resembling a lion',
    }])
  })
})
