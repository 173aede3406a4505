import { expect } from 'chai'
import { forbiddingDirective, DEFAULT_DISALLOWED_DIRECTIVES } from '../../src/download/robots-tag.js'

describe('download/X-Robots-Tag', () => {
  const robots = ['laionet', 'img2dataset']
  const cases: Array<[string[], string | null]> = [
    [[], null],
    [['noai'], 'noai'],
    [['NoImageAI'], 'noimageai'],
    [['nofollow, noimageindex'], 'noimageindex'],
    [['noindex'], 'noindex'],
    [['nofollow', 'noarchive'], null],
    [['otherbot: noai'], null],
    [['img2dataset: noai'], 'noai'],
    [['LAIONet: noimageai, nofollow'], 'noimageai'],
    [['otherbot: noai', 'nofollow, noai'], 'noai'],
    [['unavailable_after: 25 Jun 2010 15:00:00 PST'], null],
  ]
  for (const [values, expected] of cases) {
    it(`${JSON.stringify(values)} -> ${expected}`, () => {
      expect(forbiddingDirective(values, robots)).to.equal(expected)
    })
  }

  it('uses img2dataset\'s default list, and a custom one when given', () => {
    expect(DEFAULT_DISALLOWED_DIRECTIVES).to.deep.equal(['noai', 'noimageai', 'noindex', 'noimageindex'])
    expect(forbiddingDirective(['noindex'], robots, ['noai'])).to.equal(null)
  })
})
