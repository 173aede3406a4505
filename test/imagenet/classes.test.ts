import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkImageNetClasses, lemmaStatistics, loadImageNetClasses, PAPER_EXCLUDED_WNIDS, synsetText } from '../../src/index.js'
import { buildImageNetClasses } from '../../src/imagenet/load-classes.js'
import { extractWordNet } from '../../src/wordnet/extract-wndb.js'
import { loadSynsets } from '../../src/wordnet/load-wordnet.js'
import type { ImageNetClass } from '../../src/index.js'
import type { ClassInfoEntry } from '../../src/imagenet/types.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

const files = () => ({ classInfoFile: shared('data/imagenet/class_info.json'), metaFile: shared('data/imagenet/meta.mat') })
const classInfo = (): ClassInfoEntry[] => JSON.parse(readFileSync(shared('data/imagenet/class_info.json'), 'utf8'))

describe('imagenet/loadImageNetClasses', function () {
  this.timeout(60000)
  let classes: ImageNetClass[]
  let tmp: string
  before(async function () {
    skipWithoutShared(this, 'data/imagenet/meta.mat')
    classes = await loadImageNetClasses(files())
    tmp = mkdtempSync(join(tmpdir(), 'laionet-classes-'))
  })
  after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }) })

  it('has 1000 classes in sorted-wnid order, index 0 = n01440764 tench', () => {
    expect(classes).to.have.length(1000)
    expect(classes.map((c) => c.index)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i))
    expect(classes.map((c) => c.wnid)).to.deep.equal(classes.map((c) => c.wnid).sort())
    expect(classes[0]).to.deep.equal({
      index: 0, wnid: 'n01440764', lemmas: ['tench', 'Tinca tinca'], examples: [],
      definition: 'freshwater dace-like game fish of Europe and western Asia noted for ability to survive outside water',
    })
  })

  it('puts the wnids in class_info.json order with cid = index, and agrees with it on every lemma and gloss', async () => {
    expect(classes.map((c) => c.wnid)).to.deep.equal(classInfo().map((e) => e.wnid))
    const checked = await checkImageNetClasses(files())
    expect(checked.classInfo).to.deep.equal([])
    expect(checked.devkit).to.deep.equal([])
  })

  it('builds the paper\'s synset text for the tench and the cougar', () => {
    expect(synsetText(classes[0])).to.equal('tench which is freshwater dace-like game fish of Europe and western Asia noted for ability to survive outside water')
    const cougar = classes.find((c) => c.wnid === 'n02125311') as ImageNetClass
    expect(cougar.index).to.equal(286)
    expect(synsetText(cougar)).to.equal('cougar which is large American feline resembling a lion')
    // 28 class glosses carry example sentences (count from class_info.json's '; "'); the definition stops before them.
    const withExamples = classes.filter((c) => c.examples.length > 0)
    expect(withExamples).to.have.length(28)
    const barnSpider = withExamples[0]
    expect(barnSpider.wnid).to.equal('n01773549')
    expect(synsetText(barnSpider)).to.equal('barn spider which is an orange and tan spider with darkly banded legs that spins an orb web daily')
    expect(barnSpider.examples).to.deep.equal(["the barn spider was made famous in E. B. White's book `Charlotte's Web'"])
  })

  it('reports (and with strict, refuses) every disagreement with class_info.json', async () => {
    const info = classInfo()
    info[3].gloss = 'a changed gloss'
    info[5].synset = [...info[5].synset].reverse()
    ;[info[7], info[8]] = [{ ...info[8], cid: 7 }, { ...info[7], cid: 8 }]
    info[9].cid = 42
    const file = join(tmp, 'class_info.json')
    writeFileSync(file, JSON.stringify(info))
    const checked = await checkImageNetClasses({ ...files(), classInfoFile: file })
    expect(checked.classInfo.map((d) => `${d.index} ${d.field}`)).to.deep.equal(['3 gloss', '5 lemmas', '7 wnid', '8 wnid', '9 cid'])
    expect(checked.classInfo[1]).to.deep.equal({ index: 5, wnid: 'n01496331', field: 'lemmas', expected: 'electric ray, crampfish, numbfish, torpedo', actual: 'torpedo, numbfish, crampfish, electric ray' })
    const err = await loadImageNetClasses({ ...files(), classInfoFile: file }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(/^imagenet: 5 disagreement\(s\) with WordNet 3\.0: class_info\.json n01491361 gloss: expected "large dangerous warm-water shark with striped or spotted body", got "a changed gloss"; .*Check the reference files are the ILSVRC-2012 ones, or pass \{ strict: false \} and inspect checkImageNetClasses\(\)\.$/)
    expect(await loadImageNetClasses({ ...files(), classInfoFile: file, strict: false })).to.deep.equal(classes)
  })

  it('refuses duplicate wnids and ids that are not WordNet 3.0 nouns', async () => {
    const wn = await loadSynsets(['n01440764'], await extractWordNet())
    expect(() => buildImageNetClasses(wn, ['n01440764', 'n01440764'])).to.throw('imagenet: wnid n01440764 is listed twice (each class must appear once)')
    expect(() => buildImageNetClasses(wn, ['n02112837'])).to.throw('wordnet: unknown synset n02112837')
  })

  it('reproduces the paper\'s lemma counts: 17 shared strings, 64 punctuated lemmas, 1,825 lemmas over 995 classes', () => {
    const all = lemmaStatistics(classes)
    expect(all.classes).to.equal(1000)
    expect(all.lemmas).to.equal(1860)
    expect(all.punctuated).to.have.length(64)
    expect(all.punctuated.map((p) => p.lemma)).to.include.members(['T-shirt', "jack-o'-lantern", 'Shih-Tzu'])
    // On all 1000 classes the two cranes share "crane": 18 strings; the paper's list drops the machine crane.
    expect(all.shared).to.have.length(18)
    expect(all.shared.find((s) => s.lemma === 'crane')?.wnids).to.deep.equal(['n02012849', 'n03126707'])
    const paper = lemmaStatistics(classes, { exclude: PAPER_EXCLUDED_WNIDS })
    expect(paper.classes).to.equal(999)
    expect(paper.shared).to.have.length(17)
    expect(paper.shared.map((s) => s.lemma)).to.include.members(['maillot', 'panther', 'missile', 'harp', 'partridge', 'tub', 'horn', 'crayfish'])
    expect(paper.uniqueLemmas).to.equal(1825)
    expect(paper.classesWithUniqueLemma).to.equal(995)
    expect(paper.punctuated).to.have.length(64)
  })
})
