import { expect } from 'chai'
import { alwaysMultiClass, buildLemmaMap, lemmaMapJson, loadImageNetClasses, PAPER_HUSKY_WNID, type ImageNetClass } from '../../src/index.js'
import { useSharedData } from './helpers.js'

const toy = [
  { wnid: 'n1', lemmas: ['crane'] },
  { wnid: 'n2', lemmas: ['crane', 'derrick'] },
  { wnid: 'n3', lemmas: ['T-shirt', 'tee shirt'] },
  { wnid: 'n4', lemmas: ['Siamese cat', 'Siamese'] },
  { wnid: 'n5', lemmas: ['mouse', 'computer mouse'] },
]

describe('laionet buildLemmaMap (toy classes)', () => {
  it('paper mode keeps lemmas held by exactly one class and drops classes left empty', () => {
    const map = buildLemmaMap(toy, { mode: 'paper' })
    expect(map.entries.map((e) => e.pattern)).to.deep.equal(['Siamese', 'Siamese cat', 'T-shirt', 'computer mouse', 'derrick', 'mouse', 'tee shirt'])
    expect(map.entries.every((e) => e.caseSensitive && e.source === 'wordnet')).to.equal(true)
    expect(map.entries.find((e) => e.pattern === 'T-shirt')?.matchable).to.equal(false)
    expect(map.dropped).to.deep.equal([{ wnid: 'n1', reason: 'every lemma is shared with another class (crane)' }])
    expect(map.shared).to.deep.equal([{ lemma: 'crane', wnids: ['n1', 'n2'] }])
  })

  it('extended mode: punctuation-free forms, plurals, shared lemmas as candidates, case folding for lowercase lemmas', () => {
    const map = buildLemmaMap(toy, { mode: 'extended', irregularPlurals: new Map([['mouse', ['mice']]]) })
    const by = Object.fromEntries(map.entries.map((e) => [e.pattern, e]))
    expect(by['T shirt']).to.include({ lemma: 'T-shirt', source: 'punctuation', caseSensitive: true, matchable: true })
    expect(by['T shirts']).to.include({ lemma: 'T-shirt', source: 'plural' })
    expect(by.crane.wnids).to.deep.equal(['n1', 'n2'])
    expect(by.cranes.wnids).to.deep.equal(['n1', 'n2'])
    expect(by.mice).to.include({ lemma: 'mouse', source: 'irregular-plural', caseSensitive: false })
    expect(by['computer mice'].source).to.equal('irregular-plural')
    expect(by.Siamese.caseSensitive).to.equal(true)
    expect(by.derrick.caseSensitive).to.equal(false)
    expect(map.dropped).to.deep.equal([])
  })

  it('extended options switch off one by one', () => {
    const strict = buildLemmaMap(toy, { mode: 'extended', punctuation: false, plurals: false, sharedLemmas: 'drop', caseFolding: false })
    const paper = buildLemmaMap(toy.filter((c) => c.wnid !== 'n03126707'), { mode: 'paper' })
    expect(strict.entries.map((e) => e.pattern)).to.deep.equal(paper.entries.map((e) => e.pattern))
    expect(strict.entries.find((e) => e.pattern === 'T-shirt')?.matchable).to.equal(false)
  })

  it('rejects an unknown mode', () => {
    expect(() => buildLemmaMap(toy, { mode: 'fuzzy' as 'paper' })).to.throw('lemma map: unknown mode "fuzzy" (expected "paper" or "extended")')
  })
})

describe('laionet buildLemmaMap (the 1000 ImageNet classes)', () => {
  useSharedData('data/imagenet/class_info.json')
  let classes: ImageNetClass[]
  before(async () => { classes = await loadImageNetClasses() })

  it('paper mode: 1,825 lemmas over 995 classes, 17 shared strings, the machine crane excluded', () => {
    const map = buildLemmaMap(classes, { mode: 'paper' })
    expect(map.entries).to.have.length(1825)
    expect(map.wnids).to.have.length(995)
    expect(map.shared).to.have.length(17)
    expect(map.shared.map((s) => s.lemma)).to.include.members(['crayfish', 'maillot', 'panther', 'missile', 'harp', 'partridge', 'tub', 'horn'])
    expect(map.dropped.map((d) => d.wnid)).to.deep.equal(['n01807496', 'n03126707', 'n03495258', 'n03710637', 'n03773504'])
    expect(lemmaMapJson(map).crane).to.equal('n02012849') // the bird keeps "crane" once the machine is gone
  })

  it('paper mode: 64 lemmas with punctuation never match, which loses 15 classes', () => {
    const map = buildLemmaMap(classes, { mode: 'paper' })
    const unmatchable = map.entries.filter((e) => !e.matchable)
    expect(unmatchable).to.have.length(64)
    const live = new Set(map.entries.filter((e) => e.matchable).flatMap((e) => e.wnids))
    expect(map.wnids.filter((w) => !live.has(w))).to.have.length(15)
    expect(unmatchable.map((e) => e.lemma)).to.include.members(['T-shirt', "jack-o'-lantern", 'Shih-Tzu'])
  })

  it('uses the right Siberian husky wnid, not the typo of the authors\' class file', () => {
    const json = lemmaMapJson(buildLemmaMap(classes, { mode: 'paper' }))
    expect(json['Siberian husky']).to.equal(PAPER_HUSKY_WNID.correct)
    expect(Object.values(json)).to.not.include(PAPER_HUSKY_WNID.paper)
  })

  it('paper mode: 86 lemmas always co-match another class, so 27 classes can never be single-class', () => {
    const overlaps = alwaysMultiClass(buildLemmaMap(classes, { mode: 'paper' }))
    expect(overlaps.lemmas).to.have.length(86)
    expect(overlaps.lemmas.find((l) => l.lemma === 'Siberian husky')).to.deep.equal({ lemma: 'Siberian husky', wnid: 'n02110185', alsoMatches: ['husky'] })
    expect(overlaps.lemmas.find((l) => l.lemma === 'mountain lion')?.alsoMatches).to.deep.equal(['lion'])
    expect(overlaps.classes).to.have.length(27)
    expect(overlaps.classes).to.include.members(['n02110185', 'n02106166']) // Siberian husky, Border collie
    expect(overlaps.classes).to.not.include('n02125311') // the cougar keeps "cougar" and "puma"
  })

  it('extended mode reaches all 1000 classes, every class matchable', () => {
    const map = buildLemmaMap(classes, { mode: 'extended' })
    expect(map.wnids).to.have.length(1000)
    expect(map.entries.every((e) => e.matchable)).to.equal(true)
    expect(map.entries.find((e) => e.pattern === 'T shirt')?.wnids).to.deep.equal(['n03595614']) // jersey, T-shirt, tee shirt
  })
})
