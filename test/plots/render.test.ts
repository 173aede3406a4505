import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import sharp from 'sharp'
import { renderFigures } from '../../src/index.js'
import { openFigureRenderer, readFigureSpecs } from '../../src/plots/render.js'
import type { FigureRenderer } from '../../src/plots/render.js'
import { chromiumPath, decodeDataUrl } from '../../src/plots/render.js'
import { FIGURES } from './tables.js'
import { skipOrFail } from '../helpers/shared.js'

const CHROMIUM = process.env.LAIONET_CHROMIUM || '/usr/bin/chromium'

/** Standard deviation of the grey level over all pixels: 0 for a blank image. */
async function greyStd(file: string): Promise<{ std: number, width: number, height: number }> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true })
  let sum = 0
  let sq = 0
  for (const v of data) { sum += v; sq += v * v }
  const mean = sum / data.length
  return { std: Math.sqrt(sq / data.length - mean * mean), width: info.width, height: info.height }
}

/** Traces plotly drew: one `<g class="trace scatter|bars ...">` per trace (legend items are `traces`). */
const svgTraces = (svg: string): number => (svg.match(/class="trace (scatter|bars)\b/g) ?? []).length

describe('plots: static render in Chromium', function () {
  let renderer: FigureRenderer
  let dir: string
  before(async function () {
    if (!existsSync(CHROMIUM)) skipOrFail(this, `no Chromium at ${CHROMIUM} (apt-get install chromium, or set LAIONET_CHROMIUM)`)
    this.timeout(120_000)
    dir = mkdtempSync(join(tmpdir(), 'laionet-render-'))
    renderer = await openFigureRenderer()
  })
  after(async () => {
    await renderer?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('the blank-image check detects a blank image', async () => {
    const blank = join(dir, 'blank.png')
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } }).png().toFile(blank)
    expect((await greyStd(blank)).std).to.equal(0)
  })

  for (const { id, figure, traces } of FIGURES) {
    it(`${id}: a non-blank PNG at twice the default size (autosized spec: 900 px wide) and an SVG with ${traces} traces`, async function () {
      this.timeout(60_000)
      const spec = figure()
      const out = await renderer.render(id, spec, dir)
      expect(out).to.deep.equal({ id, png: join(dir, `${id}.png`), svg: join(dir, `${id}.svg`), tier: (spec.layout.meta as { tier: string }).tier })
      expect(spec.layout).to.include({ autosize: true }).and.not.have.property('width')
      expect(statSync(out.png).size).to.be.greaterThan(20_000)
      const img = await greyStd(out.png)
      expect([img.width, img.height]).to.deep.equal([2 * 900, 2 * (spec.layout.height as number)])
      expect(img.std).to.be.greaterThan(10)
      const svg = readFileSync(out.svg, 'utf8')
      expect(svg.startsWith('<svg')).to.equal(true)
      expect(svgTraces(svg)).to.equal(traces)
      // The title and its tier reach the SVG as text.
      expect(svg).to.contain(`(tier: ${(spec.layout.meta as { tier: string }).tier})`)
    })
  }

  it('markup in a class name is drawn as text, never as an element', async () => {
    const spec = FIGURES.find((f) => f.id === 'fig4-class-frequency')!.figure()
    const evil = { ...spec, layout: { ...spec.layout, annotations: [{ text: '&lt;script&gt;alert(1)&lt;/script&gt;', xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, showarrow: false }] } }
    const out = await renderer.render('escaped', evil, dir)
    const svg = readFileSync(out.svg, 'utf8')
    expect(svg).to.not.contain('<script')
    // plotly decodes our entities for display and re-encodes them numerically in the SVG.
    expect(svg).to.contain('&#60;script&#62;alert(1)&#60;/script&#62;')
  })

  it('reports a spec plotly cannot draw with the figure id', async () => {
    const err = await renderer.render('broken', { data: [{ type: 'no-such-trace-type', x: [1] }], layout: { width: 300, height: 200, xaxis: { type: 'nonsense-axis' } } }, dir).then(() => null, (e: Error) => e)
    // plotly quietly ignores unknown types, so a broken spec still renders: what matters is no crash.
    if (err) expect(err.message).to.match(/^plots: plotly could not draw figure "broken": /)
    else expect(existsSync(join(dir, 'broken.png'))).to.equal(true)
  })

  it('readFigureSpecs reads a folder of <id>.json specs and names a corrupt file', () => {
    const specs = join(dir, 'specs')
    mkdirSync(specs)
    writeFileSync(join(specs, 'fig9.json'), JSON.stringify(FIGURES[8].figure()))
    writeFileSync(join(specs, 'notes.txt'), 'ignored')
    expect(readFigureSpecs(specs).map((s) => s.id)).to.deep.equal(['fig9'])
    writeFileSync(join(specs, 'appF.json'), '{ not json')
    expect(() => readFigureSpecs(specs)).to.throw(`plots: ${join(specs, 'appF.json')} is not valid JSON; delete it and rerun its notebook`)
    expect(() => readFigureSpecs(join(dir, 'nope'))).to.throw(`plots: figure folder ${join(dir, 'nope')} does not exist. Run the notebooks first (they save specs with showFigure(fig, { id }))`)
  })
})

describe('plots: renderFigures without a browser', () => {
  it('names the missing Chromium and the install command', async () => {
    expect(() => chromiumPath('/nonexistent/chromium')).to.throw('plots: Chromium not found at /nonexistent/chromium (needed for the PNG/SVG render). Install it with `apt-get install chromium` or set LAIONET_CHROMIUM to the browser\'s path')
    const err = await renderFigures([{ id: 'fig2', figure: FIGURES[1].figure() }], tmpdir(), { executablePath: '/nonexistent/chromium' }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(/^plots: Chromium not found at \/nonexistent\/chromium/)
  })

  it('renders nothing and starts no browser for an empty list', async () => {
    expect(await renderFigures([], tmpdir(), { executablePath: '/nonexistent/chromium' })).to.deep.equal([])
  })

  it('decodes both data URL forms Plotly.toImage returns', () => {
    expect(decodeDataUrl('data:image/png;base64,AAEC')).to.deep.equal(Buffer.from([0, 1, 2]))
    expect(decodeDataUrl('data:image/svg+xml,%3Csvg%3E%26').toString()).to.equal('<svg>&')
    expect(() => decodeDataUrl('http://x')).to.throw('plots: expected a data: URL from Plotly.toImage, got "http://x"')
  })
})
