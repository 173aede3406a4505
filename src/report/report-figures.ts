import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { escapeHtml } from '../util/escape-html.js'
import type { ReportFigure } from './report-html-types.js'

// Figure cards of report.html. The page runs no script (its Content-Security-Policy forbids them), so a click opens
// a figure full size with CSS alone: the thumbnail links to its own card (#fig-<id>), and `figure:target` turns that
// card into a full-window overlay; its "close" link goes to a fragment no element has, which ends :target without scrolling.

/** Larger PNGs are linked instead of embedded, to keep the report loadable. */
const MAX_EMBED_BYTES = 8 * 1024 * 1024

/** Which figures are plumbing: drawn from a tiny random model, so they show that the code runs, not results. */
export const isPlumbing = (fig: ReportFigure): boolean => fig.tier === 'fixture'

/** The stylesheet of the cards, the overlay and the plumbing band. */
export const FIGURE_CSS = `
.figs { display: flex; flex-wrap: wrap; gap: 1em }
figure { margin: 0; width: 380px; max-width: 100%; position: relative }
figure img { width: 100%; box-sizing: border-box; border: 1px solid #eee; cursor: zoom-in; display: block }
figure .band { position: absolute; left: 0; right: 0; top: 40%; background: rgba(141,43,143,.85); color: #fff; text-align: center; font-weight: bold; padding: .2em; pointer-events: none }
figure:target { position: fixed; inset: 0; z-index: 10; width: auto; max-width: none; background: rgba(0,0,0,.85); display: flex; flex-direction: column; align-items: center; justify-content: center; padding: 1em; box-sizing: border-box }
figure:target img { width: auto; height: auto; max-width: 100%; max-height: calc(100vh - 4em); cursor: zoom-out; background: #fff }
figure:target .band { top: 1em; left: 1em; right: 1em }
figure:target figcaption, figure:target figcaption a { color: #fff }
figure .close { display: none } figure:target .close { display: inline; font-weight: bold }
`

/** The card's anchor id: `fig-` and the figure id with anything but letters, digits, `.`, `_` and `-` replaced. */
function figureAnchor(id: string): string {
  return `fig-${id.replace(/[^\w.-]/g, '_')}`
}

/** Returns one figure card: the thumbnail (embedded PNG) that opens full size on click, and its file links. */
export function figureCard(fig: ReportFigure, reportDir: string, href: (file: string) => string, text: (value: unknown) => string): string {
  const png = fig.png && (isAbsolute(fig.png) ? fig.png : resolve(reportDir, fig.png))
  const anchor = escapeHtml(figureAnchor(fig.id))
  let img = '<div class="missing">no PNG</div>'
  if (png && existsSync(png)) {
    img = statSync(png).size <= MAX_EMBED_BYTES
      ? `<a href="#${anchor}" title="open full size"><img alt="${text(fig.id)}" src="data:image/png;base64,${readFileSync(png).toString('base64')}"></a>`
      : `<a href="${href(png)}">PNG too large to embed: open it</a>`
  }
  const band = isPlumbing(fig) ? '<div class="band">plumbing: tiny random model</div>' : ''
  const links = [fig.png && `<a href="${href(fig.png)}">PNG</a>`, fig.svg && `<a href="${href(fig.svg)}">SVG</a>`,
    // A dial slider (notebook 06) is interactive on dials.html (writeDialsHtml), when that page was written.
    fig.id.startsWith('sim-slider-') && existsSync(resolve(reportDir, 'dials.html')) && `<a href="dials.html#${text(fig.id)}">drag the dial</a>`].filter(Boolean).join(' · ')
  return `<figure id="${anchor}">${img}${band}<figcaption><code>${text(fig.id)}</code> ${links} <a class="close" href="#closed">close</a></figcaption></figure>`
}
