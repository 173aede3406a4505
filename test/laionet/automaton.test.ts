import { expect } from 'chai'
import { createRandom } from '../../src/index.js'
import { LemmaAutomaton } from '../../src/laionet/LemmaAutomaton.js'

const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g

/** Brute force: the authors' test for each pattern, with ASCII case folding for folded patterns. */
function bruteForce(text: string, patterns: { text: string, foldCase?: boolean }[], collapse: boolean): number[] {
  let t = ' ' + text.replace(PUNCT, ' ') + ' '
  if (collapse) t = t.replace(/[ \t\n\r\f\v]+/g, ' ')
  const lower = t.replace(/[A-Z]/g, (c) => c.toLowerCase())
  const ids: number[] = []
  patterns.forEach((p, i) => {
    const needle = ' ' + (p.foldCase ? p.text.toLowerCase() : p.text) + ' '
    if ((p.foldCase ? lower : t).includes(needle)) ids.push(i)
  })
  return ids
}

describe('laionet LemmaAutomaton', () => {
  it('finds whole-word patterns between spaces or punctuation, case-sensitively', () => {
    const a = new LemmaAutomaton([{ text: 'ai' }, { text: 'tench' }, { text: 'mountain lion' }, { text: 'Felis concolor' }])
    expect(a.matchIds('I paid for it')).to.deep.equal([])
    expect(a.matchIds('ai')).to.deep.equal([0])
    expect(a.matchIds('(tench),mountain lion!')).to.deep.equal([1, 2])
    expect(a.matchIds('Tench')).to.deep.equal([])
    expect(a.matchIds('tenches')).to.deep.equal([])
    expect(a.matchIds('mountain  lion')).to.deep.equal([])
    expect(a.matchIds('felis concolor; Felis concolor')).to.deep.equal([3])
  })

  it('folds ASCII case for folded patterns only, in the same pass', () => {
    const a = new LemmaAutomaton([{ text: 'tench', foldCase: true }, { text: 'Maltese' }, { text: 'cat', foldCase: true }])
    expect(a.matchIds('TENCH and Tench')).to.deep.equal([0])
    expect(a.matchIds('maltese CAT')).to.deep.equal([2])
    expect(a.matchIds('Maltese')).to.deep.equal([1])
  })

  it('reports each pattern once, and overlapping patterns sharing a space', () => {
    const a = new LemmaAutomaton([{ text: 'a b' }, { text: 'b c' }, { text: 'b' }])
    expect(a.matchIds('a b c b')).to.deep.equal([0, 1, 2])
  })

  it('collapses space runs when asked', () => {
    const a = new LemmaAutomaton([{ text: 'jack o lantern' }], { spaceChars: ' -\'\t', collapseSpaces: true })
    expect(a.matchIds("jack-o'-lantern")).to.deep.equal([0])
    expect(a.matchIds('jack o\t lantern')).to.deep.equal([0])
  })

  it('scans UTF-8 bytes only when every pattern and space character is ASCII', () => {
    const bytes = new TextEncoder().encode('un café, tench')
    const out = new Int32Array(2)
    const ascii = new LemmaAutomaton([{ text: 'tench' }, { text: 'un' }])
    expect(ascii.readsBytes).to.equal(true)
    expect(Array.from(out.subarray(0, ascii.matchBytesInto(bytes, 0, bytes.length, out))).sort()).to.deep.equal([0, 1])
    const accented = new LemmaAutomaton([{ text: 'café' }])
    expect(accented.readsBytes).to.equal(false)
    expect(accented.matchIds('un café, tench')).to.deep.equal([0])
    expect(() => accented.matchBytesInto(bytes, 0, bytes.length, out)).to.throw('lemma automaton: a pattern or space character is not ASCII; match decoded strings instead')
  })

  it('rejects an empty pattern', () => {
    expect(() => new LemmaAutomaton([{ text: 'x' }, { text: '' }])).to.throw('lemma automaton: pattern 1 is empty (expected at least one character)')
  })

  for (const collapse of [false, true]) {
    it(`agrees with brute force on 3,000 random captions and patterns (collapse ${collapse})`, () => {
      const rng = createRandom(collapse ? 11 : 7)
      const alphabet = 'abAB -.\té😀'
      const word = (min: number, max: number) => {
        let s = ''
        const n = min + rng.int(max - min + 1)
        for (let i = 0; i < n; i++) s += alphabet[rng.int(4)] + (rng.next() < 0.15 ? ' ' : '')
        return s.trim() || 'a'
      }
      const patterns = Array.from({ length: 40 }, () => ({ text: word(1, 4), foldCase: rng.next() < 0.5 }))
      const a = new LemmaAutomaton(patterns, { collapseSpaces: collapse, spaceChars: ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' + (collapse ? '\t\n\r\f\v' : '') })
      let hits = 0
      for (let i = 0; i < 3000; i++) {
        let text = ''
        const n = rng.int(14)
        for (let j = 0; j < n; j++) text += alphabet[rng.int(alphabet.length)]
        const expected = bruteForce(text, patterns, collapse)
        hits += expected.length
        expect(a.matchIds(text), JSON.stringify(text)).to.deep.equal(expected)
        const bytes = new TextEncoder().encode(`xx${text}`)
        const out = new Int32Array(patterns.length)
        const found = a.matchBytesInto(bytes, 2, bytes.length, out)
        expect(Array.from(out.subarray(0, found)).sort((x, y) => x - y), `bytes of ${JSON.stringify(text)}`).to.deep.equal(expected)
      }
      expect(hits).to.be.greaterThan(1000)
    })
  }
})
