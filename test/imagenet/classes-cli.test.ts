import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { extractWordNet } from '../../src/wordnet/extract-wndb.js'
import { useContext } from '../helpers/context.js'

describe('cli: laionet classes', function () {
  this.timeout(60000)
  before(function () {
    skipWithoutShared(this, 'data/imagenet/class_info.json')
  })
  useContext(() => ({ dataMirror: shared('data') }))

  it('--json prints 1000 classes in class_info.json order with WordNet 3.0 definitions', async () => {
    const { code, stdout, stderr } = await runCli(['classes', '--json'])
    expect(stderr).to.equal('')
    expect(code).to.equal(0)
    const classes = JSON.parse(stdout) as { index: number; wnid: string; lemmas: string[]; definition: string; examples: string[] }[]
    expect(classes).to.have.length(1000)
    expect(Object.keys(classes[0])).to.deep.equal(['index', 'wnid', 'lemmas', 'definition', 'examples'])
    const info = JSON.parse(readFileSync(shared('data/imagenet/class_info.json'), 'utf8')) as { wnid: string }[]
    expect(classes.map((c) => c.wnid)).to.deep.equal(info.map((e) => e.wnid))
    // Definitions straight from data.noun: the gloss after " | ", cut at the first '; "'.
    const dataNoun = readFileSync(`${await extractWordNet()}/data.noun`, 'latin1')
    for (const c of classes) {
      const at = dataNoun.indexOf(`\n${c.wnid.slice(1)} `)
      const line = dataNoun.slice(at + 1, dataNoun.indexOf('\n', at + 1))
      expect(c.definition, c.wnid).to.equal(line.split(' | ')[1].split('; "')[0].trim())
      const f = line.split(' ')
      const words = Array.from({ length: parseInt(f[3], 16) }, (_, i) => f[4 + 2 * i].replace(/_/g, ' '))
      expect(c.lemmas, c.wnid).to.deep.equal(words)
    }
  })

  it('prints a tab-separated table without --json, and usage on a bad flag', async () => {
    const { code, stdout } = await runCli(['classes'])
    expect(code).to.equal(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).to.have.length(1000)
    expect(lines[286]).to.equal('286\tn02125311\tcougar, puma, catamount, mountain lion, painter, panther, Felis concolor\tlarge American feline resembling a lion')
    const bad = await runCli(['classes', '--bogus'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.match(/^laionet classes: Unknown option '--bogus'\n\nUsage:\n {2}laionet classes \[--json\]/)
  })
})
