import { expect } from 'chai'
import { ASCII_PUNCTUATION, normalizeCaption, normalizeLemma } from '../../src/laionet/normalize.js'

describe('laionet normalize', () => {
  it('turns each of the 32 ASCII punctuation characters into a space and pads both ends', () => {
    expect(ASCII_PUNCTUATION).to.have.length(32)
    expect(normalizeCaption(ASCII_PUNCTUATION)).to.equal(' '.repeat(34))
    expect(normalizeCaption("Jack-o'-lantern!")).to.equal(' Jack o  lantern  ')
  })

  it('keeps case, tabs, runs of spaces and non-ASCII punctuation, as the authors do', () => {
    expect(normalizeCaption('A\tB  C — D’s')).to.equal(' A\tB  C — D’s ')
  })

  it('collapses whitespace runs only when asked (extended mode)', () => {
    expect(normalizeCaption('a -\t b', { collapse: true })).to.equal(' a b ')
  })

  it('normalises a lemma like a caption, without padding', () => {
    expect(normalizeLemma("jack-o'-lantern")).to.equal('jack o lantern')
    expect(normalizeLemma('T-shirt')).to.equal('T shirt')
    expect(normalizeLemma('St. Bernard')).to.equal('St Bernard')
  })
})
