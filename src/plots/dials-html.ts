import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { figureHtml, plotlySource } from './show-figure.js'
import { checkFigure } from './save-figure.js'
import { escapeHtml } from '../util/escape-html.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/** The page beside report.html that holds the interactive dial sliders (report.html links its slider cards there). */
const DIALS_PAGE = 'dials.html'

/** True when a figure id names a dial slider (`dialSliderFigure`, saved by notebook 06 as `sim-slider-<dial>`). */
const isDialSlider = (id: string): boolean => id.startsWith('sim-slider-')

/** A rendered figure: its id and PNG (what `renderFigures` returns). */
interface RenderedSpec { id: string, png?: string }

/** The saved spec of a rendered figure: `<id>.json` beside its PNG (where `showFigure` saved it and `renderFigures` drew it). */
function specOf(fig: RenderedSpec, reportDir: string): string | null {
  if (!fig.png) return null
  const png = isAbsolute(fig.png) ? fig.png : resolve(reportDir, fig.png)
  const spec = join(dirname(png), `${basename(png, '.png')}.json`)
  return existsSync(spec) ? spec : null
}

/**
 * Returns the dial sliders page: each slider figure drawn live by plotly.js (inlined, so the page works offline
 * and from a file), a reader drags a dial and Fig. 6 redraws from the precomputed frames. report.html itself
 * stays script-free and links here. Titles and ids are escaped; specs go through `scriptJson`.
 * @param sliders `{ id, figure }` pairs, in page order
 * @returns the HTML, or null when there is no slider
 * @example dialsHtml([{ id: 'sim-slider-label-noise', figure: dialSliderFigure('labelNoise', frames) }])
 */
function dialsHtml(sliders: { id: string, figure: unknown }[]): string | null {
  if (sliders.length === 0) return null
  const body = sliders.map(({ id, figure }, j) => {
    const spec = checkFigure(figure, `dial slider "${id}"`)
    return `<section id="${escapeHtml(id)}"><h2><code>${escapeHtml(id)}</code></h2>\n${figureHtml(spec, `dial-${j}`)}</section>`
  }).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>laionet: the dials of the simulated world</title>
<style>body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222 }</style>
<script type="text/javascript">${plotlySource()}</script>
</head><body>
<h1>The dials of the simulated world</h1>
<p>Drag a dial under a figure: Fig. 6 (text-only minus image-aware, per class) redraws at that value. Every frame was
computed ahead of time by notebook 06 (same seed, world regenerated per value); nothing here runs a kernel.
Back to the <a href="report.html">report</a>.</p>
${body}
</body></html>
`
}

/**
 * Writes `dials.html` into `reportDir` from the slider figures among `figures` (their saved specs beside their
 * PNGs), atomically. Returns its path, or null (and writes nothing) when there is no slider. Call it before
 * `writeReportHtml`, which links the slider cards to it when it exists.
 * @example writeDialsHtml(await renderFigures(join(outDir(), 'figures')), outDir())
 */
export function writeDialsHtml(figures: readonly RenderedSpec[], reportDir: string): string | null {
  const sliders = figures.filter((f) => isDialSlider(f.id)).flatMap((f) => {
    const spec = specOf(f, reportDir)
    if (spec == null) return []
    let figure: unknown
    try {
      figure = JSON.parse(readFileSync(spec, 'utf8'))
    } catch (cause) {
      throw new Error(`plots: ${spec} is not valid JSON; delete it and rerun notebook 06`, { cause })
    }
    return [{ id: f.id, figure }]
  })
  const html = dialsHtml(sliders)
  if (html == null) return null
  const file = join(resolve(reportDir), DIALS_PAGE)
  writeFileAtomicSync(file, html)
  return file
}
