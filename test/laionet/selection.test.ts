import { expect } from 'chai'
import { buildLemmaMap, classFrequencies, defaultThresholds, resolveClass, scoreCaption, selectByThreshold, selectTopK, thresholdSweep } from '../../src/index.js'

const scored = [
  { row: 5, wnid: 'a', similarity: 0.9, nsfwOk: true },
  { row: 1, wnid: 'a', similarity: 0.82, nsfwOk: true },
  { row: 2, wnid: 'b', similarity: 0.85, nsfwOk: false },
  { row: 3, wnid: 'b', similarity: 0.7, nsfwOk: true },
  { row: 4, wnid: 'c', similarity: 0.83, nsfwOk: true },
  { row: 0, wnid: 'a', similarity: 0.9, nsfwOk: true },
]

describe('laionet selection', () => {
  it('keeps similarity strictly above the threshold and NSFW UNLIKELY, in row order', () => {
    expect(selectByThreshold(scored, 0.82).map((s) => s.row)).to.deep.equal([0, 4, 5])
  })

  it('top-k keeps the k most similar per class, ties by row', () => {
    expect(selectTopK(scored, 1).map((s) => s.row)).to.deep.equal([0, 3, 4])
    expect(() => selectTopK(scored, 0)).to.throw('top-k: k must be a positive integer, got 0')
  })

  it('sweeps thresholds over stored similarities', () => {
    expect(thresholdSweep(scored, [0.5, 0.82, 0.9])).to.deep.equal([
      { threshold: 0.5, classes: 3, samples: 5 },
      { threshold: 0.82, classes: 2, samples: 3 },
      { threshold: 0.9, classes: 0, samples: 0 },
    ])
    const t = defaultThresholds()
    expect([t.length, t[0], t[32], t[40]]).to.deep.equal([41, 0.5, 0.82, 0.9])
  })

  it('ranks class frequencies, most frequent first', () => {
    expect(classFrequencies([{ wnid: 'b' }, { wnid: 'a' }, { wnid: 'b' }, { wnid: 'c' }])).to.deep.equal([
      { wnid: 'b', count: 2, share: 0.5 }, { wnid: 'a', count: 1, share: 0.25 }, { wnid: 'c', count: 1, share: 0.25 },
    ])
  })
})

describe('laionet text filter', () => {
  const classes = [
    { wnid: 'bird', lemmas: ['crane', 'heron'] },
    { wnid: 'machine', lemmas: ['crane', 'derrick'] },
    { wnid: 'fish', lemmas: ['tench'] },
  ]
  const extended = buildLemmaMap(classes, { mode: 'extended' })

  it('resolves the class of a caption from its lemmas', () => {
    expect(resolveClass(['tench'], ['fish'], extended)).to.deep.equal({ kind: 'single', wnid: 'fish' })
    expect(resolveClass(['heron', 'tench'], ['bird', 'fish'], extended)).to.deep.equal({ kind: 'multi', wnids: ['bird', 'fish'] })
    expect(resolveClass(['crane'], ['bird', 'machine'], extended)).to.deep.equal({ kind: 'candidates', wnids: ['bird', 'machine'] })
    expect(resolveClass(['crane', 'heron'], ['bird', 'machine'], extended)).to.deep.equal({ kind: 'single', wnid: 'bird' })
    expect(resolveClass(['crane', 'tench'], ['bird', 'fish', 'machine'], extended)).to.deep.equal({ kind: 'multi', wnids: ['bird', 'fish', 'machine'] })
  })

  it('scores a caption against its class, or picks the most similar candidate', () => {
    const v = (...x: number[]) => Float32Array.from(x)
    const synsets = new Map([['bird', v(1, 0)], ['machine', v(0, 1)], ['fish', v(0.6, 0.8)]])
    const caption = v(0.8, 0.6)
    expect(scoreCaption({ kind: 'candidates', wnids: ['bird', 'machine'] }, caption, synsets)).to.deep.equal({ wnid: 'bird', similarity: 0.800000011920929 })
    expect(scoreCaption({ kind: 'single', wnid: 'fish' }, caption, synsets)?.similarity).to.be.closeTo(0.96, 1e-6)
    expect(scoreCaption({ kind: 'multi', wnids: ['bird', 'fish'] }, caption, synsets)).to.equal(null)
    expect(() => scoreCaption({ kind: 'single', wnid: 'cat' }, caption, synsets)).to.throw('text filter: no synset text embedding for cat (expected one per class of the lemma map)')
  })
})
