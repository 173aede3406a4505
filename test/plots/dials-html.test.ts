import { expect } from 'chai'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { dialSliderFigure } from '../../src/index.js'
import { writeDialsHtml } from '../../src/plots/dials-html.js'
import { writeReportHtml } from '../../src/report/report-html.js'
import type { DialFrame } from '../../src/index.js'
import { skipOrFail } from '../helpers/shared.js'

const CHROMIUM = process.env.LAIONET_CHROMIUM || '/usr/bin/chromium'

const frame = (value: number, delta: number): DialFrame => ({
  value, textOnly: 0.7, imageAware: 0.7 - delta, gap: delta, lowerShare: delta < 0 ? 1 : 0, higherShare: delta > 0 ? 1 : 0,
  rows: [{ wnid: 'c1', name: '<b>one</b>', delta, low: delta - 0.01, high: delta + 0.01 }],
})
const SLIDER = dialSliderFigure('labelNoise', [frame(0, -0.05), frame(0.3, 0.04)])

describe('plots: dials.html, the dial sliders beside report.html', function () {
  this.timeout(60_000)
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-dials-'))
    mkdirSync(join(dir, 'figures'))
    writeFileSync(join(dir, 'figures', 'sim-slider-label-noise.json'), JSON.stringify(SLIDER))
    writeFileSync(join(dir, 'figures', 'fig4-class-frequency.json'), JSON.stringify({ data: [], layout: { title: { text: 'not a slider' } } }))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const figures = () => [
    { id: 'fig4-class-frequency', png: join(dir, 'figures', 'fig4-class-frequency.png') },
    { id: 'sim-slider-label-noise', png: join(dir, 'figures', 'sim-slider-label-noise.png') },
  ]

  it('writes the slider specs with plotly.js inlined, and only the sliders', () => {
    const file = writeDialsHtml(figures(), dir)
    expect(file).to.equal(join(dir, 'dials.html'))
    const html = readFileSync(file!, 'utf8')
    expect(html).to.contain('<section id="sim-slider-label-noise">')
    expect(html).to.contain('plotly.js v4')
    expect(html).to.contain('labelNoise = 0.3: gap +0.040')
    expect(html).to.not.contain('not a slider')
    // Class names are data: escaped in the spec and never raw markup in a script.
    expect(html).to.not.contain('<b>one</b>')
  })

  it('writes nothing without a slider; report.html links each slider card to its section once the page exists', () => {
    expect(writeDialsHtml([figures()[0]], dir)).to.equal(null)
    expect(existsSync(join(dir, 'dials.html'))).to.equal(false)
    const report = () => {
      writeReportHtml({ results: [], notebooks: [], figures: figures() }, join(dir, 'report.html'))
      return readFileSync(join(dir, 'report.html'), 'utf8')
    }
    expect(report()).to.not.contain('dials.html')
    writeDialsHtml(figures(), dir)
    expect(report()).to.contain('<a href="dials.html#sim-slider-label-noise">drag the dial</a>')
    expect(report()).to.not.contain('<script')
  })

  it('lets a reader drag the dial in Chromium, from the file, offline', async function () {
    if (!existsSync(CHROMIUM)) return skipOrFail(this, `Chromium not found at ${CHROMIUM}`)
    writeDialsHtml(figures(), dir)
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-breakpad'] })
    try {
      const context = await browser.newContext({ viewport: { width: 1300, height: 900 } })
      await context.route(/^(?!file:|data:|about:)/, (route) => route.abort())
      const page = await context.newPage()
      await page.goto(pathToFileURL(join(dir, 'dials.html')).href)
      const summary = page.locator('g.annotation-text-g text', { hasText: /^labelNoise = / })
      expect(await summary.textContent()).to.equal('labelNoise = 0: gap −0.050text-only significantly lower in 100.0%, higher in 0.0% of classes')
      const rail = page.locator('.slider-rail-touch-rect')
      const box = (await rail.boundingBox())!
      await rail.click({ position: { x: box.width - 2, y: box.height / 2 } })
      await summary.filter({ hasText: /^labelNoise = 0\.3:/ }).waitFor({ timeout: 10_000 })
      expect(await summary.textContent()).to.equal('labelNoise = 0.3: gap +0.040text-only significantly lower in 0.0%, higher in 100.0% of classes')
    } finally {
      await browser.close()
    }
  })
})
