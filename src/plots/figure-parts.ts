import { escapeHtml } from '../util/escape-html.js'
import { isTier, TIERS, type Tier } from '../tier.js'
import type { ClassDifferenceSeries, PlotlyLayout, PlotlyTrace } from './types.js'

// Shared pieces of the figure builders. Everything here is deterministic: no clocks, no randomness.

/** Colours: ImageNet blue, LAIONet orange, then a colour-blind-safe cycle (Okabe-Ito). */
export const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000']
/** Significance colours of the per-class tests: lower, higher, not significant. */
const SIGNIFICANCE_COLORS = { lower: '#0072B2', higher: '#D55E00', none: '#AAAAAA' }

/**
 * Escapes data-derived text (class and model names) for plotly's HTML-like labels: & < > ' as entities, and " as the
 * numeric reference &#34;, since plotly decodes only a few named entities (not &quot;, which it would draw literally and
 * write to an SVG as &amp;quot;).
 */
export const label = (text: unknown): string => escapeHtml(text).replace(/&quot;/g, '&#34;')

/** Rounds to 6 significant digits so specs are stable and small across platforms. */
export function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x
}

/** Returns a plain rounded array (typed arrays would serialise to objects in JSON). */
export function plain(values: ArrayLike<number>): number[] {
  return Array.from(values, round)
}

/** Returns `x` (a fraction) in percent, rounded. */
export const pct = (x: number): number => round(100 * x)

/** Throws when a builder input lacks a field, naming the figure and the field. */
export function need(figure: string, ok: boolean, what: string): void {
  if (!ok) throw new Error(`plots: ${figure} input ${what}`)
}

/** Throws unless `tier` is a known tier. */
export function checkTier(figure: string, tier: unknown): Tier {
  need(figure, isTier(tier), `needs tier (one of ${TIERS.join(', ')}), got ${JSON.stringify(tier)}`)
  return tier as Tier
}

/** One axis domain per panel, left to right, with a gap between panels. */
function domains(n: number, gap = 0.08): [number, number][] {
  const w = (1 - gap * (n - 1)) / n
  return Array.from({ length: n }, (_, i) => [round(i * (w + gap)), round(i * (w + gap) + w)])
}

/** Axis names of panel i (0-based): x/y, x2/y2, ... as plotly numbers them. */
export function axisIds(i: number): { x: string, y: string, xKey: string, yKey: string } {
  const n = i === 0 ? '' : String(i + 1)
  return { x: `x${n}`, y: `y${n}`, xKey: `xaxis${n}`, yKey: `yaxis${n}` }
}

/** Per-panel axis settings. */
export interface PanelAxes {
  /** Panel title, e.g. `(a) classes covered`. */
  title: string
  x: Record<string, unknown>
  y: Record<string, unknown>
}

/** A figure title with its tier appended, as every builder shows it (`text` is escaped). */
export function tierTitle(text: string, tier: string): string {
  return `${label(text)} <span style="font-size:12px">(tier: ${tier})</span>`
}

/**
 * Returns a layout's size keys: `autosize` (plotly fills its container: a notebook cell, a report column) unless the
 * caller asked for a fixed `width`. The static render draws an autosized spec at its default width.
 */
export function figureSize(width: number | undefined, height: number): Record<string, unknown> {
  return width == null ? { autosize: true, height } : { width, height }
}

/** What a fixture figure carries: a band across the plot, so nobody takes a tiny random model's numbers for results. */
const PLUMBING_TEXT = 'plumbing: tiny random model (the numbers mean nothing)'

/**
 * Returns the band of a fixture figure (a tinted strip across the middle of the plot with {@link PLUMBING_TEXT}) as
 * plotly shapes and annotations, or empty lists for any other tier.
 */
export function plumbingBand(tier: string): { shapes: Record<string, unknown>[], annotations: Record<string, unknown>[] } {
  if (tier !== 'fixture') return { shapes: [], annotations: [] }
  return {
    shapes: [{ type: 'rect', xref: 'paper', yref: 'paper', x0: 0, x1: 1, y0: 0.42, y1: 0.58, fillcolor: 'rgba(141,43,143,0.14)', line: { width: 0 }, layer: 'above' }],
    annotations: [{ text: `<b>${PLUMBING_TEXT}</b>`, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, xanchor: 'center', yanchor: 'middle', showarrow: false, font: { size: 16, color: '#8d2b8f' } }],
  }
}

/**
 * Returns a readable log axis for values in [min, max] (min > 0): ticks at 1, 2 and 5 times the powers of ten that
 * the data spans (only the powers of ten when that makes more than 8), labelled in plain numbers, instead of plotly's
 * digit labels of every minor tick ("10 9 8 7 6 ...") when the data spans less than a decade.
 */
export function logAxis(min: number, max: number): Record<string, unknown> {
  if (!(min > 0) || !(max >= min)) return { type: 'log' }
  const lo = Math.floor(Math.log10(min))
  const hi = Math.ceil(Math.log10(max))
  const all: number[] = []
  for (let d = lo; d <= hi; d++) for (const m of [1, 2, 5]) all.push(round(m * 10 ** d))
  // One tick below and one above the data, so the data never sits on the frame.
  const inside = all.filter((v) => v >= min / 2.01 && v <= max * 2.01)
  const decades = inside.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9)
  const ticks = inside.length > 8 && decades.length >= 2 ? decades : inside
  return { type: 'log', tickvals: ticks, ticktext: ticks.map((v) => v.toLocaleString('en-US', { maximumSignificantDigits: 3 })) }
}

/**
 * Returns a layout with one row of panels, the title, the tier annotation and the panel titles.
 * Axis titles are given in `x.title` / `y.title` as plain strings.
 */
export function panelLayout(
  { title, tier, note, panels, width, height, extra = {} }:
  { title: string, tier: Tier, note?: string, panels: PanelAxes[], width?: number, height: number, extra?: Record<string, unknown> },
): PlotlyLayout {
  const layout: PlotlyLayout = {
    title: { text: tierTitle(title, tier), x: 0.02, xanchor: 'left' },
    ...figureSize(width, height),
    margin: { l: 64, r: 24, t: 84, b: 120 },
    font: { family: 'Arial, Helvetica, sans-serif', size: 12 },
    meta: { tier },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    legend: { orientation: 'h', x: 0, y: -0.26, yanchor: 'top' },
    ...extra,
  }
  const doms = domains(panels.length)
  // The tier is in the title; a note (what the data is) goes under it, on the left, so the two never overlap.
  const annotations: Record<string, unknown>[] = note == null ? [] : [{
    text: label(note), xref: 'paper', yref: 'paper', x: 0, y: 1.09, xanchor: 'left', yanchor: 'bottom', showarrow: false,
    font: { size: 11, color: '#555555' },
  }]
  panels.forEach((p, i) => {
    const a = axisIds(i)
    const { title: xt, ...x } = p.x
    const { title: yt, ...y } = p.y
    layout[a.xKey] = { domain: doms[i], anchor: a.y, title: { text: xt }, showline: true, linecolor: '#444', gridcolor: '#eeeeee', zeroline: false, ...x }
    layout[a.yKey] = { anchor: a.x, title: { text: yt }, showline: true, linecolor: '#444', gridcolor: '#eeeeee', zeroline: false, ...y }
    if (p.title) {
      annotations.push({
        text: p.title, xref: 'paper', yref: 'paper', x: round((doms[i][0] + doms[i][1]) / 2), y: 1.01,
        xanchor: 'center', yanchor: 'bottom', showarrow: false, font: { size: 13 },
      })
    }
  })
  const band = plumbingBand(tier)
  layout.annotations = [...annotations, ...((extra.annotations as unknown[]) ?? []), ...band.annotations]
  if (band.shapes.length) layout.shapes = [...((extra.shapes as unknown[]) ?? []), ...band.shapes]
  return layout
}

/** A straight line shape in panel i's data coordinates (reference lines: y = x, thresholds). */
export function line(i: number, x0: number, y0: number, x1: number, y1: number, style: Record<string, unknown> = {}): Record<string, unknown> {
  const a = axisIds(i)
  return { type: 'line', xref: a.x, yref: a.y, x0: round(x0), y0: round(y0), x1: round(x1), y1: round(y1), line: { color: '#666666', width: 1, dash: 'dash', ...style } }
}

/** A vertical line across panel i at x (yref = the panel's y domain). */
export function vline(i: number, x: number, style: Record<string, unknown> = {}): Record<string, unknown> {
  const a = axisIds(i)
  return { type: 'line', xref: a.x, yref: `${a.y} domain`, x0: round(x), x1: round(x), y0: 0, y1: 1, line: { color: '#666666', width: 1, dash: 'dash', ...style } }
}

/** A horizontal line across panel i at y. */
export function hline(i: number, y: number, style: Record<string, unknown> = {}): Record<string, unknown> {
  const a = axisIds(i)
  return { type: 'line', xref: `${a.x} domain`, yref: a.y, x0: 0, x1: 1, y0: round(y), y1: round(y), line: { color: '#666666', width: 1, dash: 'dash', ...style } }
}

/** Fixed-width histogram: bin centres and densities (integral 1), so datasets of different sizes compare. */
export function histogram(values: ArrayLike<number>, { min, max, bins }: { min: number, max: number, bins: number }): { x: number[], y: number[], width: number, n: number } {
  const width = (max - min) / bins
  const counts = new Array<number>(bins).fill(0)
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)))
    counts[b]++
    n++
  }
  return {
    x: counts.map((_, b) => round(min + (b + 0.5) * width)),
    y: counts.map((c) => (n === 0 ? 0 : round(c / (n * width)))),
    width: round(width),
    n,
  }
}

/** Returns [min, max] over several value sets (finite values only), padded for empty input. */
export function extent(sets: ArrayLike<number>[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const s of sets) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) { lo = Math.min(lo, s[i]); hi = Math.max(hi, s[i]) }
  if (lo > hi) return [0, 1]
  if (lo === hi) return [lo - 0.5, hi + 0.5]
  return [lo, hi]
}

/** Overlaid density histograms as bar traces in panel i. */
export function histogramTraces(i: number, series: { name: string, values: ArrayLike<number> }[], range: [number, number], bins = 40): PlotlyTrace[] {
  const a = axisIds(i)
  return series.map((s, j) => {
    const h = histogram(s.values, { min: range[0], max: range[1], bins })
    return {
      type: 'bar', name: `${label(s.name)} (n = ${h.n.toLocaleString('en-US')})`, x: h.x, y: h.y, width: h.width,
      marker: { color: COLORS[j % COLORS.length] }, opacity: 0.55, xaxis: a.x, yaxis: a.y,
    }
  })
}

/** Which side of zero a per-class interval lies on. */
export function significance(low: number, high: number): 'lower' | 'higher' | 'none' {
  if (high < 0) return 'lower'
  if (low > 0) return 'higher'
  return 'none'
}

/**
 * Sorted per-class differences with intervals in panel i: three traces (significantly lower, higher,
 * neither), ranks on x, each legend entry with its share of classes. Returns the traces and the shares.
 */
export function differenceTraces(i: number, series: ClassDifferenceSeries, { lowerLabel = 'lower', higherLabel = 'higher' } = {}): { traces: PlotlyTrace[], shares: Record<'lower' | 'higher' | 'none', number> } {
  const a = axisIds(i)
  const rows = [...series.rows].sort((p, q) => p.delta - q.delta || (p.wnid < q.wnid ? -1 : p.wnid > q.wnid ? 1 : 0))
  const groups = { lower: [] as number[], higher: [] as number[], none: [] as number[] }
  rows.forEach((r, rank) => groups[significance(r.low, r.high)].push(rank))
  const n = rows.length
  const shares = { lower: n ? groups.lower.length / n : 0, higher: n ? groups.higher.length / n : 0, none: n ? groups.none.length / n : 0 }
  const names = { lower: `significantly ${lowerLabel}`, higher: `significantly ${higherLabel}`, none: 'not significant' }
  const traces = (['lower', 'higher', 'none'] as const).map((k) => {
    const idx = groups[k]
    return {
      type: 'scatter', mode: 'markers', name: `${label(series.name)}: ${names[k]} (${(100 * shares[k]).toFixed(1)}%)`,
      legendgroup: label(series.name),
      x: idx.map((r) => r + 1),
      y: idx.map((r) => round(rows[r].delta)),
      error_y: { type: 'data', symmetric: false, array: idx.map((r) => round(rows[r].high - rows[r].delta)), arrayminus: idx.map((r) => round(rows[r].delta - rows[r].low)), thickness: 0.6, width: 0, color: SIGNIFICANCE_COLORS[k] },
      text: idx.map((r) => label(rows[r].name ?? rows[r].wnid)),
      hovertemplate: '%{text}: %{y:.3f}<extra></extra>',
      marker: { color: SIGNIFICANCE_COLORS[k], size: 3 },
      xaxis: a.x, yaxis: a.y,
    }
  })
  return { traces, shares }
}

/** Bins rows by quantiles of `x` and returns each bin's mean x and mean y (for trend lines). */
export function binnedMeans(xs: number[], ys: number[], bins: number): { x: number[], y: number[] } {
  const order = xs.map((_, i) => i).filter((i) => Number.isFinite(xs[i]) && Number.isFinite(ys[i])).sort((a, b) => xs[a] - xs[b] || a - b)
  const k = Math.max(1, Math.min(bins, order.length))
  const out = { x: [] as number[], y: [] as number[] }
  for (let b = 0; b < k; b++) {
    const part = order.slice(Math.floor((b * order.length) / k), Math.floor(((b + 1) * order.length) / k))
    if (part.length === 0) continue
    out.x.push(round(part.reduce((s, i) => s + xs[i], 0) / part.length))
    out.y.push(round(part.reduce((s, i) => s + ys[i], 0) / part.length))
  }
  return out
}
