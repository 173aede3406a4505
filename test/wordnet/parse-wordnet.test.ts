import { expect } from 'chai'
import { parseSynsetLine, parseWordNetData, splitGloss } from '../../src/wordnet/parse-wordnet.js'

// Lines copied from WordNet 3.0's data.noun / data.adj / data.verb.
const COUGAR = '02125311 05 n 07 cougar 0 puma 0 catamount 1 mountain_lion 0 painter 0 panther 4 Felis_concolor 0 002 @ 02124623 n 0000 #m 02121234 n 0000 | large American feline resembling a lion  '
const PART = '13809207 24 n 05 part 0 portion 0 component_part 0 component 0 constituent 0 001 @ 00031921 n 0000 | something determined in relation to something that includes it; "he wanted to feel a part of something bigger than himself"; "I read a portion of the manuscript"; "the smaller component is hard to reach"; "the animal constituent of plankton"  '
const ABLAZE = '00040049 00 s 03 ablaze(p) 0 afire(p) 0 aflame(p) 0 003 & 00039592 a 0000 + 14286278 n 0303 + 14286278 n 0101 | lighted up by or as if by fire or flame; "forests ablaze (or afire or aflame) with autumn color"  '
const HEADER = '  1 This software and database is being provided to you, the LICENSEE, by  \n'

describe('wordnet/parseWordNetData (text)', () => {
  it('reads lemmas in WordNet order with underscores as spaces, case kept', () => {
    const cougar = parseSynsetLine(COUGAR)
    expect(cougar.wnid).to.equal('n02125311')
    expect(cougar.offset).to.equal(2125311)
    expect(cougar.pos).to.equal('n')
    expect(cougar.lexFilenum).to.equal(5)
    expect(cougar.lemmas).to.deep.equal(['cougar', 'puma', 'catamount', 'mountain lion', 'painter', 'panther', 'Felis concolor'])
    expect(cougar.hypernyms).to.deep.equal(['n02124623'])
    expect(cougar.pointers).to.deep.equal([
      { symbol: '@', target: 'n02124623', sourceWord: 0, targetWord: 0 },
      { symbol: '#m', target: 'n02121234', sourceWord: 0, targetWord: 0 },
    ])
    expect(cougar.definition).to.equal('large American feline resembling a lion')
    expect(cougar.examples).to.deep.equal([])
  })

  it('splits the gloss into the definition and the quoted examples', () => {
    const part = parseSynsetLine(PART)
    expect(part.definition).to.equal('something determined in relation to something that includes it')
    expect(part.examples).to.deep.equal([
      'he wanted to feel a part of something bigger than himself', 'I read a portion of the manuscript',
      'the smaller component is hard to reach', 'the animal constituent of plankton',
    ])
    expect(part.gloss.startsWith('something determined')).to.equal(true)
    expect(part.gloss.endsWith('plankton"')).to.equal(true)
  })

  it('cuts only at `; "`: semicolons inside the definition stay', () => {
    expect(splitGloss('any of numerous venomous aquatic viviparous snakes having a fin-like tail; of warm littoral seas')).to.deep.equal({
      definition: 'any of numerous venomous aquatic viviparous snakes having a fin-like tail; of warm littoral seas', examples: [],
    })
    expect(splitGloss('a; b; "c d"; "e"')).to.deep.equal({ definition: 'a; b', examples: ['c d', 'e'] })
  })

  it('strips adjective markers, reads hexadecimal word counts and lexical pointer word numbers', () => {
    const ablaze = parseSynsetLine(ABLAZE)
    expect(ablaze.wnid).to.equal('a00040049') // satellites share the adjective id space
    expect(ablaze.pos).to.equal('s')
    expect(ablaze.lemmas).to.deep.equal(['ablaze', 'afire', 'aflame'])
    expect(ablaze.pointers[1]).to.deep.equal({ symbol: '+', target: 'n14286278', sourceWord: 3, targetWord: 3 })
    const many = parseSynsetLine(`00000001 03 n 0b ${Array.from({ length: 11 }, (_, i) => `w${i} 0`).join(' ')} 000 | eleven words`)
    expect(many.lemmas).to.have.length(11)
    expect(many.lemmas[10]).to.equal('w10')
  })

  it('skips the licence header and blank lines, keyed by wnid in file order', () => {
    const synsets = parseWordNetData(`${HEADER}${COUGAR}\n${PART}\n\n`)
    expect([...synsets.keys()]).to.deep.equal(['n02125311', 'n13809207'])
  })

  it('names the line and the problem for malformed input', () => {
    expect(() => parseWordNetData(`${HEADER}${COUGAR}\nxyz 05 n 01 a 0 000 | g`)).to.throw('wordnet: data line 3: synset offset "xyz" is not 8 digits. Expected a WordNet 3.0 data-file line, got "xyz 05 n 01 a 0 000 | g"')
    expect(() => parseSynsetLine('00000001 03 q 01 a 0 000 | g')).to.throw('wordnet: data line 1: unknown synset type "q"')
    expect(() => parseSynsetLine('00000001 03 n 03 a 0 000 | g')).to.throw('wordnet: data line 1: expected 3 words, found 2')
    expect(() => parseSynsetLine('00000001 03 n 01 a 0 002 @ 00000002 n 0000 | g')).to.throw('wordnet: data line 1: pointer 2 of 2 is incomplete')
  })
})
