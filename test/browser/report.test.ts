import { expect } from 'chai'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { fig1Accuracy, fig4ClassFrequency, fig6IntraClass, renderFigures } from '../../src/index.js'
import type { ResultRecord } from '../../src/index.js'
import type { Tier } from '../../src/tier.js'
import { scoreboard } from '../../src/claims/scoreboard.js'
import { writeReportHtml } from '../../src/report/report-html.js'
import { root, skipOrFail } from '../helpers/shared.js'

// out/report.html as a reader meets it: Chromium at 1,280 px, a report with Fig. 1's 58 per-model rows, dial notes,
// long words, real figures and a fixture figure. Screenshots: out/browser-test/report-*.png.

const CHROMIUM = process.env.LAIONET_CHROMIUM || '/usr/bin/chromium'
const SHOTS = join(root, 'out', 'browser-test')

/** A report row in the record shape (src/record.ts), from the few fields these tests vary. */
function row(r: { notebook: string, experiment: string, quantity: string, ours: number | string | null, paper?: number | string | null, unit?: string, tier: Tier, note?: string }): ResultRecord {
  return { notebook: r.notebook, id: `test.${r.experiment}.${r.quantity}`, experiment: 'test', section: r.experiment, claim: r.quantity, value: r.ours, paper: r.paper ?? null, unit: r.unit ?? '', tier: r.tier, source: [], ...(r.note === undefined ? {} : { note: r.note }) }
}

/** The report's records: a claim row per experiment, 58 per-model rows, notes with dial JSON and one unbroken word. */
function records(): ResultRecord[] {
  const dials = '{"captionDescribesImage":0.2,"textThreshold":0.82,"selectionFrequency":0.7,"annotatorSharpness":8,"coreWeight":0.4,"labelNoise":0,"clipPrefilterDrop":0}'
  const perModel = Array.from({ length: 58 }, (_, i): ResultRecord => row({
    notebook: '04_accuracy', experiment: 'Fig. 1', quantity: `model-${i}-with-a-rather-long-name equi-weighted top-${i % 2 ? 5 : 1} on ImageNet val`,
    ours: 70 + i / 3, unit: '%', tier: 'released', note: `± 0.4 (Wilson, combined); 50000 images of 977 classes; ${'x'.repeat(i === 0 ? 180 : 3)}`,
  }))
  return [
    row({ notebook: '04_accuracy', experiment: 'Fig. 1', quantity: 'equi-weighted accuracy drop ImageNet -> LAIONet', ours: 9.4, paper: '5 to 12', unit: 'points', tier: 'released' }),
    ...perModel,
    ...['Fig. 6', 'Fig. 7', 'Section 4.2'].map((experiment): ResultRecord => row({
      notebook: '06_causal_story', experiment, quantity: 'classes where text-only selection is significantly less similar (paper\'s test)', ours: 77.3, paper: 57.6, unit: '%', tier: 'simulated', note: `simulated world, seed 1, dials ${dials}`,
    })),
  ]
}

describe('report.html in Chromium at 1,280 px', function () {
  this.timeout(300_000)
  let browser: Browser | undefined
  let page: Page
  let tmp: string

  before(async function () {
    if (!existsSync(CHROMIUM)) return skipOrFail(this, `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set LAIONET_CHROMIUM)`)
    tmp = mkdtempSync(join(tmpdir(), 'laionet-report-browser-'))
    const rows = records().filter((r) => r.section === 'Fig. 1' && r.paper == null).slice(0, 6)
    const figures = await renderFigures([
      { id: 'fig1-accuracy', figure: fig1Accuracy({ tier: 'released', rows: rows.map((r, i) => ({ model: `m${i}`, group: 'ImageNet-1k', k: 1, imagenet: 0.8 - i / 50, laionet: 0.7 - i / 40 })) }) },
      { id: 'fig6-intra-class', figure: fig6IntraClass({ tier: 'simulated', histograms: [{ name: 'LAIONet', values: [0.5, 0.6, 0.62, 0.7] }, { name: 'ImageNet', values: [0.6, 0.7, 0.72, 0.8] }], differences: [{ name: 'paper test', rows: [{ wnid: 'n1', delta: -0.1, low: -0.15, high: -0.05 }, { wnid: 'n2', delta: 0.05, low: 0.01, high: 0.09 }] }] }) },
      { id: 'fig4-class-frequency', figure: fig4ClassFrequency({ tier: 'fixture', rows: Array.from({ length: 14 }, (_, i) => ({ wnid: `n${i}`, name: `class ${i}`, count: 1 })) }) },
    ], join(tmp, 'out', 'figures'))
    const file = writeReportHtml({ results: records(), notebooks: [{ name: '04_accuracy', status: 'ok', seconds: 80, file: 'notebooks/04_accuracy.ipynb' }, { name: '06_causal_story', status: 'ok', seconds: 200 }], figures, scoreboard: scoreboard([{ id: 'fig6.lowerShare', experiment: 'causal-story', value: 77.3, tier: 'simulated', source: [] }, { id: 'fig6.higherShare', experiment: 'causal-story', value: 20.3, tier: 'simulated', source: [] }]) }, join(tmp, 'out', 'report.html'))
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.route(/^(?!file:|data:|about:)/, (route) => route.abort())
    page = await context.newPage()
    await page.goto(pathToFileURL(file).href)
  })

  after(async () => {
    await browser?.close().catch(() => undefined)
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('opens with the scoreboard section, first after the title', async () => {
    const first = await page.evaluate(() => {
      const body = (globalThis as unknown as { document: any }).document.body
      return [...body.children].slice(0, 2).map((e: any) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`)
    })
    expect(first).to.deep.equal(['h1', 'section#scoreboard'])
    expect(await page.locator('#scoreboard').isVisible()).to.equal(true)
    // Every claim of the paper is a row; the simulated ones link to their report section.
    expect(await page.locator('#scoreboard tbody tr').count()).to.equal(scoreboard([]).length)
    expect(await page.locator('#scoreboard tr.v-direction').count()).to.equal(2)
    await page.screenshot({ path: join(SHOTS, 'report-scoreboard.png') })
  })

  it('has no sideways scroll: the page is no wider than the window', async () => {
    const widths = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: any, innerWidth: number })
      return { scroll: d.document.documentElement.scrollWidth, window: d.innerWidth }
    })
    await page.screenshot({ path: join(SHOTS, 'report-1280.png'), fullPage: false })
    expect(widths.window).to.equal(1280)
    expect(widths.scroll).to.be.at.most(1280)
  })

  it('shows Fig. 1\'s claim and folds its 58 per-model rows behind one summary line', async () => {
    const fig1 = page.locator('section', { has: page.locator('h2', { hasText: /^Fig\. 1$/ }) })
    const details = fig1.locator('details.rows')
    expect(await details.locator('summary').innerText()).to.equal('58 more numbers without a paper value (per model and supporting)')
    expect(await details.locator('tbody tr').first().isVisible()).to.equal(false)
    expect(await fig1.locator(':scope > table tbody tr').count()).to.equal(1)
    await details.locator('summary').click()
    expect(await details.locator('tbody tr').first().isVisible()).to.equal(true)
    expect(await page.evaluate(() => (globalThis as unknown as { document: any }).document.documentElement.scrollWidth)).to.be.at.most(1280)
    // Dial values are a footnote, not JSON in the note column.
    expect(await page.locator('td.note', { hasText: '{' }).count()).to.equal(0)
    expect(await page.locator('ol.foot li').first().innerText()).to.equal('dial values: captionDescribesImage = 0.2; textThreshold = 0.82; selectionFrequency = 0.7; annotatorSharpness = 8; coreWeight = 0.4; labelNoise = 0; clipPrefilterDrop = 0')
  })

  it('opens a figure full size on click and closes it again', async () => {
    const card = page.locator('figure#fig-fig6-intra-class')
    const thumb = (await card.locator('img').boundingBox())!
    expect(thumb.width).to.be.at.most(380)
    await card.locator('img').click()
    const full = (await card.locator('img').boundingBox())!
    await page.screenshot({ path: join(SHOTS, 'report-figure-open.png') })
    expect(full.width).to.be.greaterThan(1000)
    expect(full.x + full.width).to.be.at.most(1280)
    await card.locator('a.close').click()
    expect((await card.locator('img').boundingBox())!.width).to.be.at.most(380)
  })

  it('files the fixture figure under "Plumbing checks" with a visible band', async () => {
    const plumbing = page.locator('section#plumbing')
    expect(await plumbing.locator('h2').innerText()).to.equal('Plumbing checks')
    expect(await plumbing.locator('figure#fig-fig4-class-frequency .band').isVisible()).to.equal(true)
    expect(await plumbing.locator('figure#fig-fig4-class-frequency .band').innerText()).to.equal('plumbing: tiny random model')
    expect(await page.locator('section:not(#plumbing) figure#fig-fig4-class-frequency').count()).to.equal(0)
  })
})
