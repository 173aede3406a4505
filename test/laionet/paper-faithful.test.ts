import { expect } from 'chai'
import { buildLemmaMap, createLemmaMatcher, loadImageNetClasses, type LemmaMap } from '../../src/index.js'
import { matchCaptionPerLemma } from '../../src/laionet/lemma-matcher.js'
import { sampleCaptions, useSharedData } from './helpers.js'

/**
 * The authors' matcher, transcribed from their laion_utils.py: text.translate(punctuation -> space),
 * padded with spaces, then `' ' + lemma + ' ' in text` for every lemma of lemma2wnid.
 */
function authorsLoop(caption: string, lemma2wnid: Map<string, string>): { wnids: string[], lemmas: string[] } | null {
  const text = ' ' + caption.replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, ' ') + ' '
  const wnids = new Set<string>()
  const lemmas: string[] = []
  for (const [lemma, wnid] of lemma2wnid) {
    if (text.includes(' ' + lemma + ' ')) {
      wnids.add(wnid)
      lemmas.push(lemma)
    }
  }
  return lemmas.length ? { wnids: [...wnids].sort(), lemmas: lemmas.sort() } : null
}

describe('laionet paper mode is bit-faithful on the 10,000 real LAION captions', () => {
  useSharedData()
  let captions: (string | null)[]
  let paper: LemmaMap
  let extended: LemmaMap
  before(async () => {
    captions = await sampleCaptions()
    const classes = await loadImageNetClasses()
    paper = buildLemmaMap(classes, { mode: 'paper' })
    extended = buildLemmaMap(classes, { mode: 'extended' })
  })

  it('the automaton finds exactly what the authors\' per-lemma loop finds, on every caption', () => {
    const lemma2wnid = new Map(paper.entries.map((e) => [e.lemma, e.wnids[0]]))
    const matcher = createLemmaMatcher(paper)
    let matched = 0
    const classes = new Set<string>()
    for (let i = 0; i < captions.length; i++) {
      const got = matcher.match(captions[i])
      expect(got, `caption ${i}: ${captions[i]}`).to.deep.equal(authorsLoop(captions[i] ?? '', lemma2wnid))
      if (got) {
        matched++
        for (const w of got.wnids) classes.add(w)
      }
    }
    // 5.0% of captions, as in the paper (about 21M of 413.9M = 5.1%).
    expect(matched).to.equal(503)
    expect(classes.size).to.equal(217)
  })

  it('the library\'s per-lemma baseline agrees with the automaton in both modes', () => {
    for (const map of [paper, extended]) {
      const matcher = createLemmaMatcher(map)
      for (let i = 0; i < captions.length; i += 10) {
        expect(matcher.match(captions[i]), `${map.mode} caption ${i}`).to.deep.equal(matchCaptionPerLemma(captions[i], map))
      }
    }
  })

  it('shows the homonym problem: "painter" and "Puma" are cougar lemmas', () => {
    const cougar = paper.entries.filter((e) => e.wnids[0] === 'n02125311').map((e) => e.lemma)
    expect(cougar).to.include.members(['painter', 'puma', 'cougar', 'mountain lion'])
    const matcher = createLemmaMatcher(paper)
    expect(matcher.match('Portrait of the painter at work')?.wnids).to.deep.equal(['n02125311'])
    expect(matcher.match('PUMA Suede Classic sneakers')).to.equal(null)
    expect(createLemmaMatcher(extended).match('PUMA Suede Classic sneakers')?.wnids).to.deep.equal(['n02125311'])
  })
})
