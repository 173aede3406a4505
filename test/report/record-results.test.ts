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
    recordResults('04_accuracy', [{ experiment: 'Fig. 1', quantity: 'ResNet-50 top-1', ours: 79.98, paper: null, unit: '%', tier: 'released' }], out)
    const written = JSON.parse(readFileSync(join(out, 'results', '04_accuracy.json'), 'utf8'))
    expect(written).to.deep.equal([{ notebook: '04_accuracy', experiment: 'Fig. 1', quantity: 'ResNet-50 top-1', ours: 79.98, paper: null, unit: '%', tier: 'released' }])
  })

  it('replaces a record with the same experiment and quantity instead of duplicating it', () => {
    const out = dir()
    recordResults('06_causal_story', [{ experiment: 'Fig. 6', quantity: 'share lower', ours: 0.5, tier: 'simulated' }], out)
    recordResults('06_causal_story', [
      { experiment: 'Fig. 6', quantity: 'share lower', ours: 0.6, tier: 'simulated' },
      { experiment: 'Fig. 6', quantity: 'share higher', ours: 0.2, tier: 'simulated' },
    ], out)
    expect(readResults('06_causal_story', out).map((r) => [r.quantity, r.ours])).to.deep.equal([['share lower', 0.6], ['share higher', 0.2]])
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
    writeFileSync(join(out, 'results', '00_classes.json'), JSON.stringify([{ notebook: '00_classes', experiment: 'a', quantity: 'b', ours: 1, tier: 'real' }]))
    recordResults('00_classes', [{ experiment: 'a', quantity: 'c', ours: 2, tier: 'real' }], out)
    expect(readResults('00_classes', out)).to.have.length(2)
  })
})
