import { COLORS, differenceTraces, hline, label, need, panelLayout, plain, round, tierTitle } from '../figure-parts.js'
import type { ClassDifferenceRow, DialSweepPoint, LineFigureOptions, LineSeries, PlotlyFigure, PlotlyTrace } from '../types.js'

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

/** One step of a dial slider: a `sweepDial` point and Fig. 6's per-class differences there (text-only − image-aware). */
export interface DialFrame extends DialSweepPoint {
  /** textOnly − imageAware. */
  gap: number
  /** Per class: the difference of mean intra-class similarity, text-only minus image-aware, with the paper's interval. */
  rows: ClassDifferenceRow[]
}

/** Options of `dialSliderFigure`. */
export interface DialSliderOptions extends LineFigureOptions {
  /** The dial value the figure opens at: the nearest frame's is shown. Default: the first frame's. */
  initial?: number
}

const SIGNED = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`

/** The headline of one frame, shown above panel b. */
function frameSummary(dial: string, f: DialFrame): string {
  return `${label(dial)} = ${f.value}: gap ${SIGNED(f.gap)}<br>text-only significantly lower in ${(100 * f.lowerShare).toFixed(1)}%, higher in ${(100 * f.higherShare).toFixed(1)}% of classes`
}

/**
 * Returns Fig. 6 with a dial: a plotly slider over precomputed frames, so a reader drags one dial of the simulated
 * world and watches the gap move, in any page that draws plotly (a notebook's output, report.html), without a
 * kernel. (a) mean intra-class similarity of both selections against the dial, the current value marked;
 * (b) the per-class differences text-only − image-aware at that value, sorted, with the paper's intervals,
 * coloured by significance (as Fig. 6b). Each slider step restyles the marker and panel b's three traces and
 * retitles panel b. Tier `simulated`.
 * @param dial the dial's name, e.g. `captionDescribesImage`
 * @param frames one frame per dial value, in slider order (what `simulatedDialFrames` returns)
 * @param options `initial` (the value shown first), `title`, `xTitle`, `width` (default 1100), `height` (default 660)
 * @returns a plain plotly spec for `showFigure`; its static render shows the initial frame and the slider
 * @example showFigure(dialSliderFigure('labelNoise', simulatedDialFrames('labelNoise', [0, 0.1, 0.2])), { id: 'sim-slider-label-noise' })
 */
export function dialSliderFigure(dial: string, frames: readonly DialFrame[], {
  title = `Fig. 6 with a dial: ${dial}`, xTitle = dial, width = 1100, height = 660, initial,
}: DialSliderOptions = {}): PlotlyFigure {
  const id = `dialSliderFigure(${dial})`
  need(id, Array.isArray(frames) && frames.length > 0, 'needs at least one frame')
  for (const f of frames) {
    need(id, Number.isFinite(f?.value) && [f.textOnly, f.imageAware, f.gap, f.lowerShare, f.higherShare].every(Number.isFinite), `frame ${JSON.stringify(f?.value)} needs finite value, textOnly, imageAware, gap and shares`)
    need(id, Array.isArray(f.rows) && f.rows.every((r) => [r.delta, r.low, r.high].every(Number.isFinite) && r.low <= r.high), `frame ${f.value} needs rows with finite delta, low <= high`)
  }
  need(id, initial == null || Number.isFinite(initial), `needs a finite initial value, got ${initial}`)
  // The frame nearest the initial value (a reader may set the dial between two frames); the first on a tie.
  const active = initial == null ? 0 : frames.reduce((best, f, j) => (Math.abs(f.value - initial) < Math.abs(frames[best].value - initial) ? j : best), 0)
  const x = frames.map((f) => f.value)
  const panelB = (f: DialFrame) => differenceTraces(1, { name: 'paper test', rows: f.rows }, { lowerLabel: 'lower for text-only', higherLabel: 'higher for text-only' }).traces
  const marker = (f: DialFrame) => ({ x: [f.value, f.value], y: plain([f.textOnly, f.imageAware]) })
  const start = frames[active]
  const data: PlotlyTrace[] = [
    { type: 'scatter', mode: 'lines+markers', name: 'text-only (LAIONet-like)', x, y: plain(frames.map((f) => f.textOnly)), line: { color: ORANGE }, marker: { color: ORANGE }, xaxis: 'x', yaxis: 'y' },
    { type: 'scatter', mode: 'lines+markers', name: 'image-aware (ImageNet-like)', x, y: plain(frames.map((f) => f.imageAware)), line: { color: BLUE }, marker: { color: BLUE }, xaxis: 'x', yaxis: 'y' },
    { type: 'scatter', mode: 'markers', name: 'the dial now', ...marker(start), marker: { color: '#000000', size: 12, symbol: 'circle-open', line: { width: 2 } }, xaxis: 'x', yaxis: 'y', hoverinfo: 'skip' },
    ...panelB(start),
  ]
  const moving = [2, 3, 4, 5]
  const classes = frames.reduce((a, f) => Math.max(a, f.rows.length), -Infinity)
  const lows = frames.flatMap((f) => f.rows.map((r) => r.low))
  const highs = frames.flatMap((f) => f.rows.map((r) => r.high))
  const pad = 0.05 * ((highs.reduce((a, b) => Math.max(a, b), 0) - lows.reduce((a, b) => Math.min(a, b), 0)) || 1)
  const layout = panelLayout({
    title, tier: 'simulated', width, height,
    note: 'drag the dial: every frame was computed ahead of time (same seed, world regenerated)',
    panels: [
      { title: '(a) mean intra-class similarity', x: { title: label(xTitle) }, y: { title: 'mean intra-class similarity' } },
      { title: '(b) per class: text-only − image-aware', x: { title: 'class (sorted by difference)', range: [0, classes + 1] }, y: { title: 'text-only − image-aware', range: [round(lows.reduce((m, v) => Math.min(m, v), 0) - pad), round(highs.reduce((m, v) => Math.max(m, v), 0) + pad)] } },
    ],
    extra: {
      shapes: [hline(1, 0, { dash: 'solid' })],
      annotations: [{ text: frameSummary(dial, start), xref: 'x2 domain', yref: 'y2 domain', x: 0.01, y: 0.99, xanchor: 'left', yanchor: 'top', showarrow: false, font: { size: 12 }, align: 'left', bgcolor: 'rgba(255,255,255,0.85)' }],
      margin: { l: 64, r: 24, t: 84, b: 250 },
      legend: { orientation: 'h', x: 0, y: -0.5, yanchor: 'top' },
    },
  })
  const summaryAt = (layout.annotations as unknown[]).length - 1
  layout.sliders = [{
    active, x: 0, len: 1, y: -0.22, yanchor: 'top', pad: { t: 10 },
    currentvalue: { prefix: `${label(dial)} = `, font: { size: 13 } },
    steps: frames.map((f) => {
      const b = panelB(f)
      const errors = b.map((t) => t.error_y as { array: number[], arrayminus: number[] })
      return {
        label: String(f.value), method: 'update',
        args: [{
          x: [marker(f).x, ...b.map((t) => t.x)], y: [marker(f).y, ...b.map((t) => t.y)],
          text: [null, ...b.map((t) => t.text)], name: ['the dial now', ...b.map((t) => t.name)],
          'error_y.array': [null, ...errors.map((e) => e.array)], 'error_y.arrayminus': [null, ...errors.map((e) => e.arrayminus)],
        }, { [`annotations[${summaryAt}].text`]: frameSummary(dial, f) }, moving],
      }
    }),
  }]
  return { data, layout }
}
