import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { fig4ClassFrequency, showFigure } from '../../src/index.js'
import { PLOTLY_MIME } from '../../src/plots/show-figure.js'
import { saveFigure } from '../../src/plots/save-figure.js'
import type { PlotlyFigure } from '../../src/index.js'
import { displayFigure, NOTEBOOK_PNG, scriptJson, tslabSink, type DisplayBundle } from '../../src/plots/show-figure.js'
import { stopPngRenderer } from '../../src/plots/render-sync.js'
import { currentContext, projectContext, setProcessContext, type LaionetContext } from '../../src/util/context.js'

const table = (name: string): PlotlyFigure => fig4ClassFrequency({ tier: 'real', rows: [{ wnid: 'n1', name, count: 3 }, { wnid: 'n2', name: 'b', count: 1 }] })

describe('plots: showFigure and saveFigure', () => {
  let out: string
  let previous: LaionetContext | null
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'laionet-plots-'))
    // The output folder of the context in force: this test's own.
    previous = setProcessContext(projectContext({ ...currentContext(), outDir: out }))
  })
  afterEach(() => {
    setProcessContext(previous)
    rmSync(out, { recursive: true, force: true })
  })

  after(() => stopPngRenderer())

  it('sends the plotly MIME JSON and a Chromium PNG, and no HTML or plotly.js', () => {
    const sent: DisplayBundle[] = []
    displayFigure(table('a'), (b) => sent.push(b))
    displayFigure(table('</script><script>alert(1)</script>'), (b) => sent.push(b))
    for (const [i, b] of sent.entries()) {
      expect(Object.keys(b).sort()).to.deep.equal(['application/vnd.plotly.v1+json', 'image/png', 'text/plain'])
      const spec = table(i === 0 ? 'a' : '</script><script>alert(1)</script>')
      expect(b[PLOTLY_MIME]).to.deep.equal({ data: spec.data, layout: spec.layout, config: { responsive: true } })
      // A real PNG (signature, IHDR) at the notebook size: 900 px wide for an autosized spec, the spec's height.
      const png = Buffer.from(b['image/png'] as string, 'base64')
      expect([...png.subarray(0, 8)]).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([NOTEBOOK_PNG.width, 480])
      expect(JSON.stringify(b)).to.not.contain('plotly.js v')
    }
    expect(sent[0]['text/plain']).to.equal('<plotly figure: 1 traces>')
  })

  it('autosizes by default and keeps an asked width; the PNG is never wider than the notebook column', () => {
    expect(table('a').layout).to.include({ autosize: true, height: 480 }).and.not.have.property('width')
    const wide = fig4ClassFrequency({ tier: 'real', rows: [{ wnid: 'n1', name: 'a', count: 3 }] }, { width: 1200, height: 300 })
    expect(wide.layout).to.include({ width: 1200, height: 300 })
    const sent: DisplayBundle[] = []
    displayFigure(wide, (b) => sent.push(b))
    const png = Buffer.from(sent[0]['image/png'] as string, 'base64')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([900, 300])
  })

  it('png: false sends the interactive figure alone', () => {
    const sent: DisplayBundle[] = []
    showFigure(table('a'), { png: false }, (b) => sent.push(b))
    expect(Object.keys(sent[0]).sort()).to.deep.equal(['application/vnd.plotly.v1+json', 'text/plain'])
  })

  it('keeps a caption holding </script> harmless inside script JSON (the dials page)', () => {
    expect(scriptJson({ t: '</script>&\u2028' })).to.equal('{"t":"\\u003c/script\\u003e\\u0026\\u2028"}')
    expect(JSON.parse(scriptJson({ t: '</script>&\u2028' }))).to.deep.equal({ t: '</script>&\u2028' })
  })

  it('with an id, saves the spec to <out>/figures/<id>.json; a title replaces the text but keeps the tier', () => {
    const sent: DisplayBundle[] = []
    showFigure(table('a'), { id: 'fig4-class-frequency', title: 'Class <i>frequency</i>', png: false }, (b) => sent.push(b))
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
