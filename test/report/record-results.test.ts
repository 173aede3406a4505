import { expect } from 'chai'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readResults, recordResults } from '../../src/index.js'
import { resultsFile } from '../../src/report/record-results.js'

describe('report/recordResults', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'laionet-results-'))

  it('writes records under results/<notebook>.json with the notebook name added', () => {
    const out = dir()
    const record = { id: 'fig1.top1.imagenet.resnet-50', experiment: 'accuracy', section: 'Fig. 1', claim: 'ResNet-50 top-1', value: 79.98123456789, paper: null, unit: '%', tier: 'released' as const, source: ['paper/ILSVRC2012_val.parquet'] }
    recordResults('04_accuracy', [record], out)
    const written = JSON.parse(readFileSync(join(out, 'results', '04_accuracy.json'), 'utf8'))
    // Full precision: nothing is rounded on the way to the report.
    expect(written).to.deep.equal([{ ...record, notebook: '04_accuracy' }])
  })

  const sim = (id: string, value: number, claim = 'a share') => ({ id, experiment: 'causal-story', section: 'Fig. 6', claim, value, paper: null, unit: '%', tier: 'simulated' as const, source: [] })

  it('replaces a record with the same id instead of duplicating it, whatever its wording', () => {
    const out = dir()
    recordResults('06_causal_story', [sim('fig6.lowerShare', 50)], out)
    recordResults('06_causal_story', [sim('fig6.lowerShare', 60, 'reworded'), sim('fig6.higherShare', 20)], out)
    expect(readResults('06_causal_story', out).map((r) => [r.id, r.value, r.claim])).to.deep.equal([['fig6.lowerShare', 60, 'reworded'], ['fig6.higherShare', 20, 'a share']])
  })

  it('refuses a record without an id, naming the notebook', () => {
    expect(() => recordResults('06_causal_story', [{ ...sim('x', 1), id: '' }], dir())).to.throw(/^results: a record of 06_causal_story has no id/)
  })

  it('returns no records for a notebook that recorded none', () => {
    expect(readResults('99_none', dir())).to.deep.equal([])
  })

  it('refuses a notebook name that is not a plain file name', () => {
    expect(() => resultsFile('../etc/passwd', '/tmp')).to.throw('results: notebook name must be a plain file name, got "../etc/passwd"')
  })

  it('leaves no temporary file behind and keeps the earlier file when a write is replaced', () => {
    const out = dir()
    mkdirSync(join(out, 'results'))
    writeFileSync(join(out, 'results', '00_classes.json'), JSON.stringify([{ ...sim('a.b', 1), notebook: '00_classes' }]))
    recordResults('00_classes', [sim('a.c', 2)], out)
    expect(readResults('00_classes', out)).to.have.length(2)
  })
})
