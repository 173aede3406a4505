import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { DISABLED_EXTENSIONS, LAB_ENV, startLab, type LabServer } from '../../scripts/lab.js'
import { root, skipOrFail } from '../helpers/shared.js'
import { freePort, notebookSource } from './lab-helpers.js'

// The product's main interaction, in a real browser: JupyterLab from `npm run lab`, our tslab kernel,
// Debian's Chromium driven by playwright-core. Every file the notebooks write goes to a temporary LAIONET_OUT,
// autosave is off (the tracked notebooks are never written), and the server is stopped whatever happens.
// Screenshots of what the test saw: out/browser-test/*.png.

const CHROMIUM = process.env.LAIONET_CHROMIUM || '/usr/bin/chromium'
const SHOTS = join(root, 'out', 'browser-test')

/** The notebook panel in front (JupyterLab keeps other tabs in the page, hidden). */
const panel = (page: Page): Locator => page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)')

/** Execution prompts of the code cells: '[3]:' done, '[*]:' running or queued, '[ ]:' not run. */
const prompts = (page: Page): Promise<string[]> => panel(page).locator('.jp-CodeCell .jp-InputPrompt').allInnerTexts()

/** Error and stderr outputs, with the source of the cell that printed them. */
async function errorOutputs(page: Page): Promise<string[]> {
  return panel(page).locator('.jp-CodeCell').evaluateAll((cells) => cells.flatMap((cell) => {
    const bad = [...cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    const source = (cell.querySelector('.cm-content')?.textContent ?? '').slice(0, 80)
    return bad.map((o) => `cell "${source}": ${(o.textContent ?? '').slice(0, 600)}`)
  }))
}

/** The execution counts of the code cells (null: not run yet, or running). */
const counts = async (page: Page): Promise<(number | null)[]> =>
  (await prompts(page)).map((p) => /^\[(\d+)\]/.exec(p.trim())?.[1]).map((c) => (c == null ? null : Number(c)))

/** Runs every cell through the menu (Run > Run All Cells) and waits until each code cell has a count above `after`. */
async function runAll(page: Page, { after = 0, timeoutMs = 420_000 } = {}): Promise<number[]> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click()
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click()
  const started = Date.now()
  for (;;) {
    const now = await counts(page)
    if (now.length > 0 && now.every((c) => c != null && c > after)) return now as number[]
    const errors = await errorOutputs(page)
    if (errors.length) throw new Error(`a cell failed while running all cells:\n${errors.join('\n')}`)
    const dialogs = await page.locator('.jp-Dialog').allInnerTexts()
    if (dialogs.length) throw new Error(`JupyterLab asked something while running all cells: ${dialogs.join(' | ')}`)
    if (Date.now() - started > timeoutMs) {
      await page.screenshot({ path: join(SHOTS, 'timeout.png') })
      throw new Error(`cells still not finished after ${timeoutMs / 1000} s: ${now.join(' ')} (screenshot: ${join(SHOTS, 'timeout.png')})`)
    }
    await page.waitForTimeout(500)
  }
}

/** The printed (stdout) text of the code cell whose source contains `marker`. */
async function printed(page: Page, marker: string): Promise<string> {
  const cell = panel(page).locator('.jp-CodeCell', { has: page.locator('.cm-content', { hasText: marker }) })
  expect(await cell.count(), `one code cell containing "${marker}"`).to.equal(1)
  return (await cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]').allInnerTexts()).join('\n')
}

async function openNotebook(page: Page, lab: LabServer, name: string): Promise<void> {
  await page.goto(`${lab.baseUrl}/lab/tree/${name}?token=${lab.token}`)
  await panel(page).locator('.jp-CodeCell').first().waitFor({ timeout: 90_000 })
  // The kernel is up when the status bar says so: cells run before that would be dropped (or ask for a kernel).
  await page.locator('.jp-StatusBar-TextItem', { hasText: /^TypeScript \| Idle$/ }).first().waitFor({ timeout: 90_000 })
  // The tracked notebook is committed without outputs: nothing has run yet.
  expect(await counts(page), `${name} opens with no cell run`).to.satisfy((c: (number | null)[]) => c.length > 0 && c.every((x) => x === null))
}

/** Moves the pointer into a plotly output and waits for the live chart (the renderer shows the bundle's PNG until then). */
async function interactive(output: Locator): Promise<void> {
  await output.scrollIntoViewIfNeeded()
  await output.hover({ position: { x: 20, y: 20 } })
  await output.locator('svg.main-svg').first().waitFor({ timeout: 30_000 })
}

/** The sha256 of every tracked notebook, to prove the test wrote none of them. */
const notebookBytes = (): Record<string, string> => Object.fromEntries(readdirSync(join(root, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb')).map((f) => [f, createHash('sha256').update(readFileSync(join(root, 'notebooks', f))).digest('hex')]))

describe('JupyterLab with the tslab kernel, in Chromium (npm run lab)', function () {
  this.timeout(900_000)
  let lab: LabServer | undefined
  let browser: Browser | undefined
  let page: Page
  let tmp: string
  let tracked: Record<string, string> = {}

  before(async function () {
    if (!existsSync(join(LAB_ENV, 'bin', 'jupyter-lab'))) return skipOrFail(this, `JupyterLab is not installed in ${LAB_ENV} (run node scripts/preflight.mjs --for lab)`)
    if (!existsSync(CHROMIUM)) return skipOrFail(this, `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set LAIONET_CHROMIUM)`)
    if (!process.env.LAIONET_DATA_MIRROR) return skipOrFail(this, 'LAIONET_DATA_MIRROR is not set (the notebooks read ../shared/data through it)')
    tracked = notebookBytes()
    tmp = mkdtempSync(join(tmpdir(), 'laionet-lab-test-'))
    mkdirSync(SHOTS, { recursive: true })
    lab = await startLab({
      port: await freePort(), outDir: join(tmp, 'out'), stateDir: join(tmp, 'lab'),
      settings: { '@jupyterlab/docmanager-extension:plugin': { autosave: false } },
    })
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-breakpad', '--disable-crash-reporter'] })
    const context = await browser.newContext({ viewport: { width: 1800, height: 1000 } })
    // The lab and its outputs only: anything else the page asks for is refused.
    const local = new RegExp(`^(data:|about:|blob:|${lab.baseUrl.replace(/[.:/]/g, '\\$&')}/)`)
    await context.route((url) => !local.test(url.href), (route) => route.abort())
    page = await context.newPage()
  })

  after(async () => {
    await browser?.close().catch(() => undefined)
    await lab?.stop()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
    if (Object.keys(tracked).length) expect(notebookBytes(), 'the tracked notebooks after the test').to.deep.equal(tracked)
  })

  it('serves the kernel list with tslab as the default, and starts a tslab kernel through the API', async () => {
    const api = (path: string, init: RequestInit = {}) => fetch(`${lab!.baseUrl}${path}`, { ...init, headers: { Authorization: `token ${lab!.token}` } })
    const specs = await (await api('/api/kernelspecs')).json() as { default: string, kernelspecs: Record<string, { spec: { argv: string[], display_name: string } }> }
    expect(specs.default).to.equal('tslab')
    expect(Object.keys(specs.kernelspecs).sort()).to.deep.equal(['jslab', 'tslab'])
    expect(specs.kernelspecs.tslab.spec.display_name).to.equal('TypeScript')
    expect(specs.kernelspecs.tslab.spec.argv[0]).to.equal(join(root, 'node_modules', '.bin', 'tslab'))
    expect((await fetch(`${lab!.baseUrl}/api/kernelspecs`)).status, 'no token, no access').to.equal(403)
    const started = await api('/api/kernels', { method: 'POST', body: '{}' })
    expect(started.status).to.equal(201)
    const kernel = await started.json() as { id: string, name: string }
    expect(kernel.name).to.equal('tslab')
    expect((await api(`/api/kernels/${kernel.id}`, { method: 'DELETE' })).status).to.equal(204)
  })

  it('saves a notebook without its outputs (the tracked notebooks stay output-free)', async () => {
    const name = `zz-save-test-${process.pid}.ipynb`
    const cell = { cell_type: 'code', id: 'c0', metadata: {}, source: '1 + 1', execution_count: 3, outputs: [{ output_type: 'execute_result', execution_count: 3, data: { 'text/plain': '2' }, metadata: {} }] }
    const content = { cells: [cell], metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' }, language_info: { name: 'typescript', version: '3.7.2' } }, nbformat: 4, nbformat_minor: 5 }
    const file = join(root, 'notebooks', name)
    try {
      const put = await fetch(`${lab!.baseUrl}/api/contents/${name}`, { method: 'PUT', headers: { Authorization: `token ${lab!.token}` }, body: JSON.stringify({ type: 'notebook', format: 'json', content }) })
      expect(put.status).to.equal(201)
      const saved = JSON.parse(readFileSync(file, 'utf8'))
      expect([saved.cells[0].source].flat().join('')).to.equal('1 + 1')
      expect(saved.cells[0].execution_count).to.equal(null)
      expect(saved.cells[0].outputs).to.deep.equal([])
      expect(saved.metadata.language_info).to.deep.equal({ name: 'typescript' })
    } finally {
      rmSync(file, { force: true })
    }
  })

  it('runs 06_causal_story in the UI: every cell without an error, Fig. 6 drawn by plotly', async () => {
    await openNotebook(page, lab!, '06_causal_story.ipynb')
    const ran = await runAll(page)
    expect(ran.length).to.equal(notebookSource('06_causal_story').filter((c) => c.type === 'code').length)
    expect(await errorOutputs(page)).to.deep.equal([])
    await page.screenshot({ path: join(SHOTS, '06-run-all.png') })

    // Fig. 6: the cell that shows it holds a plotly chart with every trace of the spec the kernel saved.
    const spec = JSON.parse(readFileSync(join(tmp, 'out', 'figures', 'sim-fig6-intra-class.json'), 'utf8')) as { data: unknown[] }
    const fig6 = panel(page).locator('.jp-CodeCell', { has: page.locator('.cm-content', { hasText: 'fig6IntraClass(' }) })
    await fig6.scrollIntoViewIfNeeded()
    // JupyterLab's plotly renderer shows the bundle's PNG first and draws the live chart once the pointer enters it.
    await interactive(fig6.locator('.jp-RenderedPlotly').first())
    await fig6.screenshot({ path: join(SHOTS, '06-fig6.png') })
    expect(await fig6.locator('svg.main-svg').count()).to.be.greaterThan(0)
    const traces = fig6.locator('.cartesianlayer g.trace')
    expect(await traces.count()).to.equal(spec.data.length)
    const drawn = await traces.evaluateAll((gs) => gs.filter((g) => [...g.querySelectorAll('path')].some((p) => (p.getAttribute('d') ?? '').length > 10)).length)
    expect(drawn).to.equal(spec.data.length)
  })

  it('fits every figure in its cell with the file browser open at 1,280 px, shows no debugger, and has a PNG beside each', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    const browserPanel = page.locator('#filebrowser')
    if (!(await browserPanel.isVisible())) await page.locator('.jp-SideBar [data-id="filebrowser"]').click()
    await browserPanel.waitFor({ state: 'visible' })
    expect((await browserPanel.boundingBox())!.width).to.be.greaterThan(150)
    // Plotly resizes on the window's resize event; give it a moment, then measure every figure of the notebook.
    await page.waitForTimeout(1500)
    const outputs = panel(page).locator('.jp-RenderedPlotly')
    const n = await outputs.count()
    expect(n, 'plotly outputs drawn by the plotly MIME renderer').to.equal(notebookSource('06_causal_story').filter((c) => c.type === 'code').reduce((k, c) => k + (c.source.match(/showFigure\(/g) ?? []).length, 0))
    const overflow: string[] = []
    for (let i = 0; i < n; i++) {
      const output = outputs.nth(i)
      await output.scrollIntoViewIfNeeded()
      // Before the pointer enters: the bundle's PNG, scaled to the cell; after: the live chart, autosized to it.
      // (A figure the pointer already entered shows its live chart only.)
      const png = await output.locator('img.plot-img').boundingBox()
      await interactive(output)
      // The renderer is itself the output widget: its row (prompt and output) is the cell's width to stay inside.
      const cell = (await output.locator('xpath=ancestor::div[contains(@class, "jp-OutputArea-child")][1]').boundingBox())!
      if (png && png.x + png.width > cell.x + cell.width + 1) overflow.push(`figure ${i + 1}: PNG right ${Math.round(png.x + png.width)} > cell right ${Math.round(cell.x + cell.width)}`)
      // The renderer's own node becomes the plotly div.
      const plot = (await output.boundingBox())!
      const svg = (await output.locator('svg.main-svg').first().boundingBox())!
      if (plot.x + plot.width > cell.x + cell.width + 1 || svg.x + svg.width > cell.x + cell.width + 1) overflow.push(`figure ${i + 1}: plot right ${Math.round(svg.x + svg.width)} > cell right ${Math.round(cell.x + cell.width)}`)
    }
    const slider = panel(page).locator('.jp-CodeCell', { has: page.locator('.cm-content', { hasText: 'sim-slider-caption-detail' }) })
    await slider.locator('.slider-rail-touch-rect').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, '06-file-browser-1280.png') })
    expect(overflow).to.deep.equal([])
    // The slider's last stop is inside the cell too.
    const rail = (await slider.locator('.slider-rail-touch-rect').boundingBox())!
    const sliderCell = (await slider.locator('.jp-OutputArea').boundingBox())!
    expect(rail.x + rail.width).to.be.at.most(sliderCell.x + sliderCell.width + 1)
    // No debugger for a kernel without one (DISABLED_EXTENSIONS in scripts/lab.ts).
    expect(DISABLED_EXTENSIONS).to.include('@jupyterlab/debugger-extension')
    expect(await page.locator('.jp-DebuggerBugButton, [data-jp-item-name="debugger-icon"], .jp-SideBar [data-id="jp-debugger-sidebar"]').count()).to.equal(0)
    await page.setViewportSize({ width: 1800, height: 1000 })
  })

  it('drags the caption-detail dial of a slider figure: Fig. 6 redraws at the new value, no kernel involved', async () => {
    const cell = panel(page).locator('.jp-CodeCell', { has: page.locator('.cm-content', { hasText: 'sim-slider-caption-detail' }) })
    for (const r of await cell.locator('.jp-RenderedPlotly').all()) await interactive(r)
    const summary = cell.locator('g.annotation-text-g text', { hasText: /^captionDescribesImage = / })
    await cell.locator('.slider-rail-touch-rect').scrollIntoViewIfNeeded()
    expect(await summary.textContent()).to.match(/^captionDescribesImage = 0\.2: gap −0\.\d{3}text-only significantly/)
    // The cell shows the sweep (dialFigure) and then the slider figure: count the slider figure's points only.
    const slider = cell.locator('.js-plotly-plot', { has: page.locator('.slider-rail-touch-rect') })
    expect(await slider.count()).to.equal(1)
    const points = () => slider.locator('.cartesianlayer g.trace').evaluateAll((gs) => gs.map((g) => g.querySelectorAll('path.point').length))
    const before = await points()
    const rail = cell.locator('.slider-rail-touch-rect')
    const box = (await rail.boundingBox())!
    await rail.click({ position: { x: box.width - 2, y: box.height / 2 } }) // the last step: the caption says everything
    await summary.filter({ hasText: /^captionDescribesImage = 1:/ }).waitFor({ timeout: 10_000 })
    const spec = JSON.parse(readFileSync(join(tmp, 'out', 'figures', 'sim-slider-caption-detail.json'), 'utf8')) as { layout: { sliders: { steps: { args: [{ x: number[][] }] }[] }[] } }
    const last = spec.layout.sliders[0].steps.at(-1)!.args[0].x
    // Panel b now holds the last frame's classes, split by significance as the spec says (plotly draws no group for
    // an empty trace); panel a keeps its two sweep lines of 5 values and the 2-point marker.
    expect(await points()).to.deep.equal([5, 5, 2, ...last.slice(1).map((xs) => xs.length).filter((n) => n > 0)])
    expect(await points()).to.not.deep.equal(before)
    await cell.screenshot({ path: join(SHOTS, '06-slider-caption-detail.png') })
  })

  it('changes the SEED cell, reruns, and prints other numbers for the same world size', async () => {
    const marker = 'mean intra-class similarity: text-only'
    const before = await printed(page, marker)
    const world = await printed(page, 'exampleCaptions(')
    // The dials cell is the first code cell (the title and the question come before it, in Markdown).
    const seedCell = notebookSource('06_causal_story').find((c) => c.type === 'code')!.source
    expect(seedCell).to.match(/^const SEED = 1$/m)
    const lastCount = Math.max(...(await prompts(page)).map((p) => Number(/\d+/.exec(p)?.[0] ?? 0)))
    await panel(page).locator('.jp-CodeCell').first().locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(seedCell.replace(/^const SEED = 1$/m, 'const SEED = 2'))
    expect(await panel(page).locator('.jp-CodeCell').first().locator('.cm-content').innerText()).to.match(/^const SEED = 2$/m)
    await runAll(page, { after: lastCount })
    expect(await errorOutputs(page)).to.deep.equal([])
    const after = await printed(page, marker)
    const numbers = (text: string) => text.match(/\d+(\.\d+)?/g) ?? []
    expect(numbers(after)).to.have.length(numbers(before).length)
    expect(numbers(after)).to.not.deep.equal(numbers(before))
    expect(after.split('\n')[0]).to.not.equal(before.split('\n')[0])
    // Same dials, another seed: the world keeps its size, the draws differ.
    const sizes = (text: string) => /(\d+) classes, (\d+) candidates/.exec(text)?.slice(1)
    expect(sizes(await printed(page, 'exampleCaptions('))).to.deep.equal(sizes(world)).and.to.deep.equal(['300', '100000'])
    await page.screenshot({ path: join(SHOTS, '06-seed-2.png') })
  })

  it('runs 00_classes and renders the class table', async () => {
    // A page of its own: leaving 06 with unrun changes would stop at the browser's "leave this page?" question.
    page = await page.context().newPage()
    await openNotebook(page, lab!, '00_classes.ipynb')
    await runAll(page, { timeoutMs: 180_000 })
    expect(await errorOutputs(page)).to.deep.equal([])
    const cell = panel(page).locator('.jp-CodeCell', { has: page.locator('.cm-content', { hasText: 'classTable(classes))' }) }).first()
    const table = cell.locator('.jp-OutputArea-output table')
    await table.scrollIntoViewIfNeeded()
    await cell.screenshot({ path: join(SHOTS, '00-class-table.png') })
    expect(await table.locator('thead th').allInnerTexts()).to.deep.equal(['index', 'wnid', 'name', 'lemmaCount', 'exampleCount', 'synsetText'])
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
    expect(rows).to.have.length(8)
    // The first class by wnid: the tench, a WordNet 3.0 synset with its two lemmas.
    expect(rows[0].slice(0, 4)).to.deep.equal(['0', 'n01440764', 'tench', '2'])
    expect(rows[0][5]).to.match(/^tench which is freshwater dace-like game fish/)
  })
})
