import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { fig4ClassFrequency, showFigure } from '../../src/index.js'
import { PLOTLY_MIME } from '../../src/plots/show-figure.js'
import { saveFigure } from '../../src/plots/save-figure.js'
import type { PlotlyFigure } from '../../src/index.js'
import { displayFigure, resetFigureDisplay, scriptJson, tslabSink, type DisplayBundle } from '../../src/plots/show-figure.js'
import { currentContext, projectContext, setProcessContext, type LaionetContext } from '../../src/util/context.js'

const table = (name: string): PlotlyFigure => fig4ClassFrequency({ tier: 'real', rows: [{ wnid: 'n1', name, count: 3 }, { wnid: 'n2', name: 'b', count: 1 }] })

describe('plots: showFigure and saveFigure', () => {
  let out: string
  let previous: LaionetContext | null
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'laionet-plots-'))
    // The output folder of the context in force: this test's own.
    previous = setProcessContext(projectContext({ ...currentContext(), outDir: out }))
    resetFigureDisplay()
  })
  afterEach(() => {
    setProcessContext(previous)
    rmSync(out, { recursive: true, force: true })
  })

  it('emits plotly.js with the first figure only, and the plotly MIME bundle every time', () => {
    const sent: DisplayBundle[] = []
    displayFigure(table('a'), (b) => sent.push(b))
    displayFigure(table('b'), (b) => sent.push(b))
    const [first, second] = sent.map((b) => b['text/html'] as string)
    expect(first).to.contain('plotly.js v4')
    expect(first.length).to.be.greaterThan(4_000_000)
    expect(second).to.not.contain('plotly.js v4')
    expect(second.length).to.be.lessThan(10_000)
    expect(second).to.contain('Plotly.newPlot(el, spec.data, spec.layout, spec.config)')
    expect(sent[1][PLOTLY_MIME]).to.deep.include({ data: table('b').data, layout: table('b').layout })
    // Each figure gets its own div.
    const ids = sent.map((b) => /<div id="([^"]+)"/.exec(b['text/html'] as string)?.[1])
    expect(new Set(ids).size).to.equal(2)
  })

  it('keeps a caption holding </script> inside the JSON: the script cannot be closed early', () => {
    const sent: DisplayBundle[] = []
    displayFigure(table('</script><script>alert(1)</script>'), (b) => sent.push(b))
    displayFigure(table('</script><script>alert(1)</script>'), (b) => sent.push(b))
    const html = sent[1]['text/html'] as string
    expect(html.match(/<\/script>/g)).to.have.length(1)
    expect(html).to.not.contain('<script>alert')
    expect(scriptJson({ t: '</script>&\u2028' })).to.equal('{"t":"\\u003c/script\\u003e\\u0026\\u2028"}')
    expect(JSON.parse(scriptJson({ t: '</script>&\u2028' }))).to.deep.equal({ t: '</script>&\u2028' })
  })

  it('with an id, saves the spec to <out>/figures/<id>.json; a title replaces the text but keeps the tier', () => {
    const sent: DisplayBundle[] = []
    showFigure(table('a'), { id: 'fig4-class-frequency', title: 'Class <i>frequency</i>' }, (b) => sent.push(b))
    const saved = JSON.parse(readFileSync(join(out, 'figures', 'fig4-class-frequency.json'), 'utf8')) as PlotlyFigure
    expect(saved.layout.title?.text).to.equal('Class &lt;i&gt;frequency&lt;/i&gt; <span style="font-size:12px">(tier: real)</span>')
    expect(saved.data).to.deep.equal(table('a').data)
    expect(sent).to.have.length(1)
  })

  it('outside a tslab kernel, says where to run it and what to call instead', () => {
    expect(() => tslabSink()).to.throw('plots: showFigure must run inside a tslab notebook kernel (no display channel here). Outside a notebook, call saveFigure(id, figure) and renderFigures')
  })

  it('saveFigure rejects ids that are not plain names and specs that are not figures', () => {
    expect(() => saveFigure('../evil', table('a'))).to.throw('plots: figure id "../evil" is not a plain name (expected letters, digits, \'.\', \'_\' or \'-\', at most 80, e.g. "fig1-accuracy")')
    expect(() => saveFigure('fig1', { layout: {} } as never)).to.throw('plots: figure "fig1" is not a plotly figure (expected { data: [...], layout: {...} }, got keys layout). Build it with one of the fig* builders')
    expect(() => showFigure(null as never, {}, () => {})).to.throw('plots: showFigure(figure) is not a plotly figure (expected { data: [...], layout: {...} }, got null). Build it with one of the fig* builders')
  })
})
