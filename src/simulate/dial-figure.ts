import type { DialPoint } from './sweep.js'

// A plain plotly spec for "what a dial does to the story" (no builder in src/plots draws it): two panels,
// (a) mean intra-class similarity of both selections against the dial, (b) the share of classes where
// text-only selection is significantly lower / higher. Deterministic JSON, like the plots builders return.

const BLUE = '#0072B2'
const ORANGE = '#E69F00'
const GREY = '#888888'

function r6(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : null
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Options of {@link dialFigure}. */
export interface DialFigureOptions {
  /** Figure title (plain text). Default: `What <dial> does to the story`. */
  title?: string
  /** x-axis title. Default: the dial's name. */
  xTitle?: string
  /** Width in px. Default: 1000. */
  width?: number
  /** Height in px. Default: 420. */
  height?: number
}

/**
 * Returns a plotly `{ data, layout }` of a dial sweep: intra-class similarity of the text-only and image-aware
 * selections, and the share of classes where text-only is significantly lower or higher (paper's test).
 * The title carries the tier (`simulated`).
 * @param dial the dial's name, e.g. `captionDescribesImage`
 * @param points the output of `sweepDial`
 * @param options `title`, `xTitle`, `width`, `height`
 * @returns a plain plotly spec for `showFigure`
 * @example showFigure(dialFigure('captionDescribesImage', sweepDial('captionDescribesImage', [0, 0.5, 1])))
 */
export function dialFigure(dial: string, points: DialPoint[], {
  title = `What ${dial} does to the story`, xTitle = dial, width = 1000, height = 420,
}: DialFigureOptions = {}): { data: Record<string, unknown>[], layout: Record<string, unknown> } {
  if (points.length === 0) throw new Error(`simulate: dialFigure needs at least one point of the ${dial} sweep`)
  const x = points.map((p) => p.value)
  const line = (name: string, y: number[], color: string, axes: [string, string], dash = 'solid') => ({
    type: 'scatter', mode: 'lines+markers', name, x, y: y.map(r6), line: { color, dash }, marker: { color },
    xaxis: axes[0], yaxis: axes[1],
  })
  const data = [
    line('text-only (LAIONet-like)', points.map((p) => p.textOnly), ORANGE, ['x', 'y']),
    line('image-aware (ImageNet-like)', points.map((p) => p.imageAware), BLUE, ['x', 'y']),
    line('text-only significantly lower', points.map((p) => p.lowerShare), BLUE, ['x2', 'y2'], 'dot'),
    line('text-only significantly higher', points.map((p) => p.higherShare), GREY, ['x2', 'y2'], 'dot'),
  ]
  const layout = {
    title: { text: `${escape(title)} <span style="font-size:12px">(tier: simulated)</span>` },
    width, height,
    meta: { tier: 'simulated' },
    legend: { orientation: 'h', y: -0.22 },
    xaxis: { domain: [0, 0.46], title: { text: escape(xTitle) }, anchor: 'y' },
    yaxis: { title: { text: 'mean intra-class similarity' }, anchor: 'x' },
    xaxis2: { domain: [0.54, 1], title: { text: escape(xTitle) }, anchor: 'y2' },
    yaxis2: { title: { text: 'share of classes' }, range: [0, 1], anchor: 'x2' },
    annotations: [
      { text: '(a) intra-class similarity', xref: 'x domain', yref: 'paper', x: 0.5, y: 1.02, showarrow: false, xanchor: 'center', yanchor: 'bottom' },
      { text: '(b) per-class test, text-only vs image-aware', xref: 'x2 domain', yref: 'paper', x: 0.5, y: 1.02, showarrow: false, xanchor: 'center', yanchor: 'bottom' },
    ],
  }
  return { data, layout }
}

/** One line of {@link lineFigure}. */
export interface LineSeries {
  /** Legend name. */
  name: string
  /** y values, one per x. */
  y: number[]
}

/**
 * Returns a plotly `{ data, layout }` of a few lines over one x axis, titled with the tier `simulated`: for the
 * small experiments that have no figure in the paper (label noise without selection, pre-filter strength).
 * @param x the x values
 * @param series the lines
 * @param options `title` (plain text), `xTitle`, `yTitle`, `width` (default 700), `height` (default 420)
 * @returns a plain plotly spec for `showFigure`
 * @example lineFigure([0, 0.1], [{ name: 'intra-class similarity', y: [0.71, 0.63] }], { title: 'Label noise' })
 */
export function lineFigure(x: number[], series: LineSeries[], {
  title = '', xTitle = '', yTitle = '', width = 700, height = 420,
}: { title?: string, xTitle?: string, yTitle?: string, width?: number, height?: number } = {}): { data: Record<string, unknown>[], layout: Record<string, unknown> } {
  for (const s of series) {
    if (s.y.length !== x.length) throw new Error(`simulate: line "${s.name}" has ${s.y.length} values for ${x.length} x values`)
  }
  const colors = [ORANGE, BLUE, GREY, '#009E73']
  return {
    data: series.map((s, j) => ({
      type: 'scatter', mode: 'lines+markers', name: s.name, x, y: s.y.map(r6), line: { color: colors[j % colors.length] }, marker: { color: colors[j % colors.length] },
    })),
    layout: {
      title: { text: `${escape(title)} <span style="font-size:12px">(tier: simulated)</span>` },
      width, height, meta: { tier: 'simulated' },
      xaxis: { title: { text: escape(xTitle) } },
      yaxis: { title: { text: escape(yTitle) } },
      legend: { orientation: 'h', y: -0.2 },
    },
  }
}
