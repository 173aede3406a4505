import { COLORS, label, plain, tierTitle } from '../figure-parts.js'
import type { DialSweepPoint, LineFigureOptions, LineSeries, PlotlyFigure } from '../types.js'

const [BLUE, ORANGE] = COLORS
const GREY = '#888888'

/**
 * Returns a two-panel figure of what one dial of the simulated world does to the story: (a) mean intra-class
 * similarity of the text-only and image-aware selections against the dial, (b) the share of classes where
 * text-only selection is significantly lower or higher (the paper's test). Tier `simulated`.
 * @param dial the dial's name, e.g. `captionDescribesImage`
 * @param points one point per dial value (what `sweepDial` returns)
 * @param options `title`, `xTitle`, `width` (default 1000), `height` (default 420)
 * @returns a plain plotly spec for `showFigure`
 * @example showFigure(dialFigure('captionDescribesImage', sweepDial('captionDescribesImage', [0, 0.5, 1])))
 */
export function dialFigure(dial: string, points: readonly DialSweepPoint[], {
  title = `What ${dial} does to the story`, xTitle = dial, width = 1000, height = 420,
}: LineFigureOptions = {}): PlotlyFigure {
  if (points.length === 0) throw new Error(`plots: dialFigure needs at least one point of the ${dial} sweep`)
  const x = points.map((p) => p.value)
  const line = (name: string, y: number[], color: string, axes: [string, string], dash = 'solid') => ({
    type: 'scatter', mode: 'lines+markers', name, x, y: plain(y), line: { color, dash }, marker: { color },
    xaxis: axes[0], yaxis: axes[1],
  })
  const data = [
    line('text-only (LAIONet-like)', points.map((p) => p.textOnly), ORANGE, ['x', 'y']),
    line('image-aware (ImageNet-like)', points.map((p) => p.imageAware), BLUE, ['x', 'y']),
    line('text-only significantly lower', points.map((p) => p.lowerShare), BLUE, ['x2', 'y2'], 'dot'),
    line('text-only significantly higher', points.map((p) => p.higherShare), GREY, ['x2', 'y2'], 'dot'),
  ]
  const layout = {
    title: { text: tierTitle(title, 'simulated') },
    width, height,
    meta: { tier: 'simulated' },
    legend: { orientation: 'h', y: -0.22 },
    xaxis: { domain: [0, 0.46], title: { text: label(xTitle) }, anchor: 'y' },
    yaxis: { title: { text: 'mean intra-class similarity' }, anchor: 'x' },
    xaxis2: { domain: [0.54, 1], title: { text: label(xTitle) }, anchor: 'y2' },
    yaxis2: { title: { text: 'share of classes' }, range: [0, 1], anchor: 'x2' },
    annotations: [
      { text: '(a) intra-class similarity', xref: 'x domain', yref: 'paper', x: 0.5, y: 1.02, showarrow: false, xanchor: 'center', yanchor: 'bottom' },
      { text: '(b) per-class test, text-only vs image-aware', xref: 'x2 domain', yref: 'paper', x: 0.5, y: 1.02, showarrow: false, xanchor: 'center', yanchor: 'bottom' },
    ],
  }
  return { data, layout }
}

/**
 * Returns a few lines over one x axis, for the small experiments that have no figure in the paper (label noise
 * without selection, pre-filter strength). The title carries the tier (default `simulated`).
 * @param x the x values
 * @param series the lines, each with one y per x
 * @param options `title`, `xTitle`, `yTitle`, `tier`, `width` (default 700), `height` (default 420)
 * @returns a plain plotly spec for `showFigure`
 * @example lineFigure([0, 0.1], [{ name: 'intra-class similarity', y: [0.71, 0.63] }], { title: 'Label noise' })
 */
export function lineFigure(x: readonly number[], series: readonly LineSeries[], {
  title = '', xTitle = '', yTitle = '', tier = 'simulated', width = 700, height = 420,
}: LineFigureOptions = {}): PlotlyFigure {
  for (const s of series) {
    if (s.y.length !== x.length) throw new Error(`plots: line "${s.name}" has ${s.y.length} values for ${x.length} x values`)
  }
  const palette = [ORANGE, BLUE, GREY, COLORS[2]]
  return {
    data: series.map((s, j) => ({
      type: 'scatter', mode: 'lines+markers', name: label(s.name), x: [...x], y: plain(s.y),
      line: { color: palette[j % palette.length] }, marker: { color: palette[j % palette.length] },
    })),
    layout: {
      title: { text: tierTitle(title, tier) },
      width, height, meta: { tier },
      xaxis: { title: { text: label(xTitle) } },
      yaxis: { title: { text: label(yTitle) } },
      legend: { orientation: 'h', y: -0.2 },
    },
  }
}
