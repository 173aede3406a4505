import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { writeFileAtomicSync } from '../io/write-atomic.js'
import { outDir } from '../util/paths.js'
import { checkFigure, checkFigureId } from './save-figure.js'
import { plotlySource } from './show-figure.js'
import type { PlotlyFigure } from './types.js'
import type { BrowserContext, Page } from 'playwright-core'
import { currentContext } from '../util/context.js'

/** Chromium flags: headless, no GPU, and nothing that would reach the network on its own. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
]

/** Options of the static renderer. */
export interface RenderOptions {
  /** The Chromium binary. Default: env LAIONET_CHROMIUM, else /usr/bin/chromium (Debian's). */
  executablePath?: string
  /** PNG pixel ratio. Default: 2. */
  scale?: number
  /** Size used when a spec has no layout.width / layout.height. Default: 900 x 450. */
  width?: number
  height?: number
}

/** Files written for one figure. */
export interface RenderedFigure {
  id: string
  /** Absolute path of the PNG. */
  png: string
  /** Absolute path of the SVG. */
  svg: string
}

/** One browser, one page, many figures: open once, `render` each spec, then `close`. */
export interface FigureRenderer {
  /** Renders `figure` to `<dir>/<id>.png` and `<dir>/<id>.svg`. */
  render(id: string, figure: PlotlyFigure, dir: string): Promise<RenderedFigure>
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>
}

/** Returns the Chromium path to use, or throws with the install command when it is missing. */
export function chromiumPath(executablePath = currentContext().chromium): string {
  if (!existsSync(executablePath)) {
    throw new Error(`plots: Chromium not found at ${executablePath} (needed for the PNG/SVG render). Install it with \`apt-get install chromium\` or set LAIONET_CHROMIUM to the browser's path`)
  }
  return executablePath
}

/** Decodes a data: URL from Plotly.toImage into bytes (base64) or text (URI-encoded SVG). */
export function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(',')
  if (!url.startsWith('data:') || comma < 0) throw new Error(`plots: expected a data: URL from Plotly.toImage, got "${url.slice(0, 40)}"`)
  const head = url.slice(5, comma)
  const body = url.slice(comma + 1)
  return head.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8')
}

/**
 * Launches one headless Chromium (fresh temporary profile, network requests refused) with plotly.js
 * loaded from disk into a blank page.
 * @example const r = await openFigureRenderer(); await r.render('fig4-class-frequency', spec, 'out/figures'); await r.close()
 */
export async function openFigureRenderer({ executablePath, scale = 2, width = 900, height = 450 }: RenderOptions = {}): Promise<FigureRenderer> {
  const exe = chromiumPath(executablePath)
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'laionet-chromium-'))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROMIUM_ARGS, offline: true })
  } catch (cause) {
    rmSync(profile, { recursive: true, force: true })
    throw new Error(`plots: could not start Chromium at ${exe}: ${(cause as Error).message.split('\n')[0]}`, { cause })
  }
  const close = async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  let page: Page
  try {
    // Specs are data: nothing in them may make the page fetch anything.
    await context.route(/^(?!data:|about:)/, (route) => route.abort())
    page = context.pages()[0] ?? await context.newPage()
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"></body></html>')
    await page.addScriptTag({ content: plotlySource() })
  } catch (cause) {
    await close()
    throw new Error(`plots: could not load plotly.js into Chromium: ${(cause as Error).message.split('\n')[0]}`, { cause })
  }
  return {
    async render(id, figure, dir) {
      checkFigureId(id)
      checkFigure(figure, `figure "${id}"`)
      const w = typeof figure.layout.width === 'number' ? figure.layout.width : width
      const h = typeof figure.layout.height === 'number' ? figure.layout.height : height
      const urls = await page.evaluate(async ({ spec, w, h, scale }) => {
        // Runs in the page; the project compiles without the DOM lib, hence the untyped global.
        // Plotly.toImage draws a figure object in its own hidden div, so no visible plot is needed.
        const P = (globalThis as unknown as { Plotly: any }).Plotly
        const fig = { data: spec.data, layout: { ...spec.layout, width: w, height: h }, config: { staticPlot: true } }
        const png = await P.toImage(fig, { format: 'png', width: w, height: h, scale })
        const svg = await P.toImage(fig, { format: 'svg', width: w, height: h })
        return { png, svg }
      }, { spec: figure, w, h, scale }).catch((cause: Error) => {
        throw new Error(`plots: plotly could not draw figure "${id}": ${cause.message.split('\n')[0]}`, { cause })
      })
      mkdirSync(dir, { recursive: true })
      const png = join(dir, `${id}.png`)
      const svg = join(dir, `${id}.svg`)
      // Atomic: a failed render never leaves half a PNG over a good one.
      writeFileAtomicSync(png, decodeDataUrl(urls.png))
      writeFileAtomicSync(svg, decodeDataUrl(urls.svg))
      return { id, png, svg }
    },
    close,
  }
}

/** Reads every `<id>.json` spec in `dir`, sorted by id. */
export function readFigureSpecs(dir: string): { id: string, figure: PlotlyFigure }[] {
  if (!existsSync(dir)) throw new Error(`plots: figure folder ${dir} does not exist. Run the notebooks first (they save specs with showFigure(fig, { id }))`)
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const file = join(dir, f)
    let spec: unknown
    try {
      spec = JSON.parse(readFileSync(file, 'utf8'))
    } catch (cause) {
      throw new Error(`plots: ${file} is not valid JSON; delete it and rerun its notebook`, { cause })
    }
    return { id: basename(f, '.json'), figure: checkFigure(spec, file) }
  })
}

/**
 * Renders figure specs to `<id>.png` and `<id>.svg` in one headless Chromium.
 * @param specs a folder of `<id>.json` specs (e.g. out/figures), or `{ id, figure }` pairs.
 * @param dir where to write. Default: `<outDir()>/figures`.
 * @returns the files written, in input order.
 * @example await renderFigures(join(outDir(), 'figures'))
 */
export async function renderFigures(specs: string | { id: string, figure: PlotlyFigure }[], dir = join(outDir(), 'figures'), options: RenderOptions = {}): Promise<RenderedFigure[]> {
  const list = typeof specs === 'string' ? readFigureSpecs(specs) : specs
  for (const s of list) { checkFigureId(s.id); checkFigure(s.figure, `figure "${s.id}"`) }
  if (list.length === 0) return []
  const renderer = await openFigureRenderer(options)
  try {
    const out: RenderedFigure[] = []
    for (const s of list) out.push(await renderer.render(s.id, s.figure, dir))
    return out
  } finally {
    await renderer.close()
  }
}
