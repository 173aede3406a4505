import { expect } from 'chai'
import { buildLemmaMap, classFrequencies, defaultThresholds, selectByThreshold, selectTopK, thresholdSweep } from '../../src/index.js'
import { resolveClass, scoreCaption } from '../../src/laionet/text-filter.js'

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

  it("top-k 'candidates' (ours) keeps the k most similar scored candidates per class, ties by row", () => {
    expect(selectTopK(scored, 1, { method: 'candidates' }).map((s) => s.row)).to.deep.equal([0, 3, 4])
    expect(() => selectTopK(scored, 0)).to.throw('top-k: k must be a positive integer, got 0')
    expect(() => selectTopK(scored, 1, { method: 'all' as never })).to.throw('top-k: method "all" (expected \'authors\' or \'candidates\')')
  })

  it("top-k 'authors' (default) skims LAIONet itself: > threshold, NSFW, OCR drop, then the k most similar", () => {
    // Transcription of scripts/createdataset/skim_subset_laion.py on a hand-made LAIONet:
    //   df = df[df[sim] > th]; df = df[df.wnid_is_in_recognized_text == False]
    //   per wnid: keep all when fewer than k, else the k largest similarities (np.argsort(sims)[-k:]).
    const pool = [
      { row: 10, wnid: 'a', similarity: 0.95, nsfwOk: true },
      { row: 11, wnid: 'a', similarity: 0.93, nsfwOk: true }, // OCR-dropped below
      { row: 12, wnid: 'a', similarity: 0.90, nsfwOk: true },
      { row: 13, wnid: 'a', similarity: 0.85, nsfwOk: true },
      { row: 14, wnid: 'a', similarity: 0.81, nsfwOk: true }, // below 0.82: not in LAIONet
      { row: 20, wnid: 'b', similarity: 0.99, nsfwOk: false }, // NSFW: not in LAIONet
      { row: 21, wnid: 'b', similarity: 0.83, nsfwOk: true },
      { row: 30, wnid: 'c', similarity: 0.80, nsfwOk: true }, // class c has no LAIONet sample
      { row: 31, wnid: 'c', similarity: 0.82, nsfwOk: true }, // exactly 0.82 is not above
    ]
    const ocrDropped = new Set([11])
    // Python: a -> rows {10, 12, 13} (3 >= k = 2) -> the 2 most similar 10, 12; b -> {21} (1 < 2) -> 21; c -> {}.
    expect(selectTopK(pool, 2, { ocrDropped }).map((s) => s.row)).to.deep.equal([10, 12, 21])
    expect(selectTopK(pool, 2).map((s) => s.row)).to.deep.equal([10, 11, 21])
    // Ours ranks every candidate, so class c gets samples LAIONet never had and NSFW stays out.
    expect(selectTopK(pool, 2, { method: 'candidates' }).map((s) => s.row)).to.deep.equal([10, 11, 21, 30, 31])
    expect(selectTopK(pool, 1, { threshold: 0.9, ocrDropped }).map((s) => s.row)).to.deep.equal([10])
    expect(() => selectTopK(pool, 1, { threshold: 2 })).to.throw('top-k: threshold 2 (expected a cosine similarity in [-1, 1])')
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
    const best = scoreCaption({ kind: 'candidates', wnids: ['bird', 'machine'] }, caption, synsets)
    expect(best?.wnid).to.equal('bird')
    expect(best?.similarity).to.be.closeTo(0.8, 1e-6) // 0.8 x 1 + 0.6 x 0, in float32
    expect(scoreCaption({ kind: 'single', wnid: 'fish' }, caption, synsets)?.similarity).to.be.closeTo(0.96, 1e-6)
    expect(scoreCaption({ kind: 'multi', wnids: ['bird', 'fish'] }, caption, synsets)).to.equal(null)
    expect(() => scoreCaption({ kind: 'single', wnid: 'cat' }, caption, synsets)).to.throw('text filter: no synset text embedding for cat (expected one per class of the lemma map)')
    expect(() => scoreCaption({ kind: 'single', wnid: 'bird' }, v(1, 0, 0), synsets)).to.throw('text filter: embedding lengths differ (expected 2, got 3); caption and synset texts must come from the same model')
  })
})
