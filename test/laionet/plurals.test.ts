import { expect } from 'chai'
import { invertNounExceptions } from '../../src/index.js'
import { pluralForms, regularPlural } from '../../src/laionet/plurals.js'

describe('laionet plurals', () => {
  it('forms regular plurals', () => {
    expect(['finch', 'fox', 'bus', 'brush', 'lorry', 'monkey', 'tench', 'quiz', 'cat'].map(regularPlural))
      .to.deep.equal(['finches', 'foxes', 'buses', 'brushes', 'lorries', 'monkeys', 'tenches', 'quizes', 'cats'])
  })

  it('pluralises the last word of a multi-word lemma, irregular forms first', () => {
    const irregular = invertNounExceptions(new Map([['mice', ['mouse']], ['geese', ['goose']], ['wolves', ['wolf']], ['attorneys_general', ['attorney_general']]]))
    expect(pluralForms('mountain lion', irregular)).to.deep.equal([{ form: 'mountain lions', irregular: false }])
    expect(pluralForms('field mouse', irregular)).to.deep.equal([{ form: 'field mice', irregular: true }])
    expect(pluralForms('timber wolf', irregular)).to.deep.equal([{ form: 'timber wolves', irregular: true }])
    expect(pluralForms('attorney general', irregular)).to.deep.equal([{ form: 'attorneys general', irregular: true }])
    expect(pluralForms('Goose', irregular)).to.deep.equal([{ form: 'Geese', irregular: true }])
  })

  it('inverts noun.exc into plurals by singular, underscores as spaces, sorted', () => {
    const inv = invertNounExceptions(new Map([['fishes', ['fish']], ['fish', ['fish']], ['piscos', ['pisco']], ['pisces', ['fish', 'pisces']]]))
    expect(Object.fromEntries(inv)).to.deep.equal({ fish: ['fishes', 'pisces'], pisco: ['piscos'] })
  })
})
