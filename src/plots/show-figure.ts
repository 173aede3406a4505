import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { escapeHtml } from '../util/escape-html.js'
import { label, tierTitle } from './figure-parts.js'
import { renderPngSync } from './render-sync.js'
import { checkFigure, saveFigure } from './save-figure.js'
import type { PlotlyFigure, ShowFigureOptions } from './types.js'

/** The MIME type JupyterLab's and VS Code's plotly renderers understand. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json'

/** One display bundle: MIME type -> content, as Jupyter's display_data carries it. */
export type DisplayBundle = Record<string, string | object>

/** Where a bundle goes: tslab's kernel in a notebook, a recorder in tests. */
export type DisplaySink = (bundle: DisplayBundle) => void

const require = createRequire(import.meta.url)

/** Returns plotly.js-dist-min's minified source (about 4.8 MB), read from node_modules. */
export function plotlySource(): string {
  return readFileSync(require.resolve('plotly.js-dist-min'), 'utf8')
}

/**
 * Returns `value` as JSON that is safe inside an HTML `<script>`: `<`, `>`, `&` and the JS line
 * separators are \u-escaped, so a caption holding `</script>` cannot end the script early.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * Returns the HTML that draws `figure` into a new div with `Plotly.newPlot`, preceded by plotly.js
 * itself when `plotly` is given. The div id is generated here, never taken from data.
 */
export function figureHtml(figure: PlotlyFigure, divId: string, { plotly = '' }: { plotly?: string } = {}): string {
  const width = typeof figure.layout.width === 'number' ? `${figure.layout.width}px` : '100%'
  const height = typeof figure.layout.height === 'number' ? `${figure.layout.height}px` : '450px'
  const id = escapeHtml(divId)
  const lib = plotly ? `<script type="text/javascript">${plotly}</script>\n` : ''
  return `${lib}<div id="${id}" style="width:${width};height:${height}"></div>
<script type="text/javascript">(function () {
  var spec = ${scriptJson({ data: figure.data, layout: figure.layout, config: { responsive: true, ...figure.config } })};
  var el = document.getElementById(${scriptJson(divId)});
  if (window.Plotly) window.Plotly.newPlot(el, spec.data, spec.layout, spec.config);
  else el.textContent = 'plotly.js is not loaded: rerun the notebook from its first figure';
})();</script>`
}

/** Returns the figure with its title replaced by `title` (plain text, escaped), keeping the tier the builder put in layout.meta. */
function retitle(figure: PlotlyFigure, title: string | undefined): PlotlyFigure {
  if (title == null) return figure
  const tier = (figure.layout.meta as { tier?: unknown } | undefined)?.tier
  const text = tier == null ? label(title) : tierTitle(title, label(tier))
  return { ...figure, layout: { ...figure.layout, title: { ...figure.layout.title, text } } }
}

/** Size of the PNG beside each notebook figure: what GitHub, nbviewer and docs/notebooks show. */
export const NOTEBOOK_PNG = { width: 900, height: 450, scale: 1 } as const

/** Options of `displayFigure`. */
export interface DisplayOptions {
  /** Render a PNG beside the plotly JSON (headless Chromium). Default: true. */
  png?: boolean
}

/**
 * Sends a figure to `sink` as one display bundle, the way the Jupyter ecosystem draws plotly: the plotly MIME JSON
 * (JupyterLab's and VS Code's plotly renderers draw it, sized to the cell) and a PNG rendered in headless Chromium
 * for viewers without JavaScript (GitHub, nbviewer, Markdown). No plotly.js goes into the notebook.
 * @returns the bundle sent.
 */
export function displayFigure(figure: PlotlyFigure, sink: DisplaySink, { png = true }: DisplayOptions = {}): DisplayBundle {
  const bundle: DisplayBundle = {
    [PLOTLY_MIME]: { data: figure.data, layout: figure.layout, config: { responsive: true, ...figure.config } },
  }
  let plain = `<plotly figure: ${figure.data.length} traces>`
  if (png) {
    const width = typeof figure.layout.width === 'number' ? Math.min(figure.layout.width, NOTEBOOK_PNG.width) : NOTEBOOK_PNG.width
    const height = typeof figure.layout.height === 'number' ? figure.layout.height : NOTEBOOK_PNG.height
    try {
      bundle['image/png'] = renderPngSync(figure, { width, height, scale: NOTEBOOK_PNG.scale }).toString('base64')
    } catch (err) {
      // The interactive figure still shows; only viewers without JavaScript miss the picture, and are told why.
      plain += ` (no PNG: ${(err as Error).message})`
    }
  }
  bundle['text/plain'] = plain
  sink(bundle)
  return bundle
}

/** Returns a sink writing to the running tslab kernel, loading tslab only now (never at import). */
export function tslabSink(): DisplaySink {
  let jupyter: { lastWriteDisplayData?: ((data: object, update: boolean) => void) | null }
  try {
    jupyter = require('tslab/dist/jupyter.js')
  } catch (cause) {
    throw new Error('plots: showFigure needs the tslab package (npm install tslab) and a tslab notebook kernel', { cause })
  }
  const write = jupyter.lastWriteDisplayData
  if (typeof write !== 'function') {
    throw new Error('plots: showFigure must run inside a tslab notebook kernel (no display channel here). Outside a notebook, call saveFigure(id, figure) and renderFigures')
  }
  // tslab's public display.raw sends one MIME type per output; the kernel's writer takes a whole bundle.
  return (bundle) => write({ data: bundle, metadata: {}, transient: {} }, false)
}

/**
 * Displays a plotly figure in a tslab notebook (the plotly MIME JSON, drawn interactively by JupyterLab, and a PNG
 * beside it for GitHub and nbviewer) and, with an `id`, saves its spec to `<outDir()>/figures/<id>.json` for the
 * static render.
 * @param figure a spec from one of the fig* builders.
 * @param options `id` to save under, `title` to replace the spec's title, `png: false` to skip the PNG.
 * Returns nothing, so the cell shows only the chart (tslab prints a cell's last value).
 * @example showFigure(fig1Accuracy(table), { id: 'fig1-accuracy' })
 */
export function showFigure(figure: PlotlyFigure, { id, title, png }: ShowFigureOptions = {}, sink?: DisplaySink): void {
  const spec = retitle(checkFigure(figure, 'showFigure(figure)'), title)
  if (id != null) saveFigure(id, spec)
  displayFigure(spec, sink ?? tslabSink(), { png })
}
