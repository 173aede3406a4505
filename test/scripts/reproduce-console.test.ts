import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { duration, outputList, planLine, readRunTimes, writeRunTimes } from '../../scripts/reproduce-console.js'

describe('scripts: the main job\'s console', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-console-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('estimates the run from the last run\'s times, and says so when there are none', () => {
    const names = ['00_classes', '04_accuracy']
    expect(planLine(names, { '00_classes': 30, '04_accuracy': 150 })).to.equal('will check the data files, run 2 notebooks headless (00_classes, 04_accuracy), render every figure and write the report: about 3 min (the last run\'s times)')
    expect(planLine(names, { '04_accuracy': 60 })).to.match(/: at least 60 s \(the last run's times of 1 of these 2 notebooks\)$/)
    expect(planLine(['06_causal_story'], {})).to.equal('will check the data files, run 1 notebook headless (06_causal_story), render every figure and write the report: no earlier run here to time it from; a notebook takes from under a minute to several minutes')
    expect([duration(89.4), duration(90), duration(151)]).to.deep.equal(['89 s', '2 min', '3 min'])
  })

  it('keeps the times of notebooks not run, and reads a broken or foreign file as no times', () => {
    const file = join(dir, 'run-times.json')
    expect(readRunTimes(file)).to.deep.equal({})
    writeRunTimes(file, [{ name: 'a', executed: 'x/a.ipynb', status: 'ok', seconds: 12.6 }])
    writeRunTimes(file, [{ name: 'b', executed: 'x/b.ipynb', status: 'failed', seconds: 3.2 }])
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ a: 13, b: 3 })
    writeFileSync(file, '{"a": "soon", "b": -1, "c": 4}')
    expect(readRunTimes(file)).to.deep.equal({ c: 4 })
    writeFileSync(file, '[1, 2]')
    expect(readRunTimes(file)).to.deep.equal({})
    writeFileSync(file, '{not json')
    expect(readRunTimes(file)).to.deep.equal({})
  })

  it('ends with every output: report, dials page, figures, each executed notebook, numbers', () => {
    const out = join(dir, 'out')
    const runs = [
      { name: '00_classes', executed: join(out, 'notebooks', '00_classes.ipynb'), status: 'ok' as const, seconds: 1 },
      { name: '04_accuracy', executed: join(out, 'notebooks', '04_accuracy.ipynb'), status: 'failed' as const, seconds: 1 },
    ]
    expect(outputList(out, runs, 12, true, dir)).to.equal([
      'outputs:',
      '  report        out/report.html (open it in a browser) and out/report.md',
      '  dial sliders  out/dials.html',
      '  figures       out/figures/ (12 figures: PNG, SVG and the plotly spec of each)',
      '  notebooks     out/notebooks/ (executed copies, with their outputs)',
      '                  00_classes.ipynb',
      '                  04_accuracy.ipynb  (FAILED)',
      '  numbers       out/results/ (one JSON per notebook)',
      '',
    ].join('\n'))
    const noDials = outputList(out, [], 1, false, dir)
    expect(noDials).to.not.contain('dials.html')
    expect(noDials).to.contain('(1 figure: PNG')
  })
})
