import { axisIds, checkTier, COLORS, logAxis, need, panelLayout, plain, round, vline } from '../figure-parts.js'
import { PAPER_THRESHOLD } from '../../laionet/text-filter.js'
import type { Fig3ThresholdInput, FigureOptions, PlotlyFigure, PlotlyTrace } from '../types.js'

/**
 * Fig. 3: choosing the text-to-synset similarity threshold. (a) classes with at least one sample,
 * (b) LAIONet size (log scale), (c) sorted per-class counts at a few thresholds; the chosen 0.82 is marked.
 * @param input the sweep (one row per threshold), optional per-class counts, and the tier.
 * @returns a plotly spec: one trace each for a and b, one per threshold in c.
 * @example fig3Threshold({ tier: 'real', rows: [{ threshold: 0.5, classes: 947, samples: 12.5e6 }, { threshold: 0.82, classes: 910, samples: 1e6 }] })
 */
export function fig3Threshold(input: Fig3ThresholdInput, { title = 'Fig. 3: the similarity threshold', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig3-threshold', input?.tier)
  need('fig3-threshold', Array.isArray(input.rows), 'needs rows: ThresholdRow[]')
  for (const r of input.rows) need('fig3-threshold', [r.threshold, r.classes, r.samples].every(Number.isFinite), `row at threshold ${JSON.stringify(r.threshold)} needs finite threshold, classes and samples`)
  const chosen = input.chosen ?? PAPER_THRESHOLD
  const rows = [...input.rows].sort((a, b) => a.threshold - b.threshold)
  const x = rows.map((r) => round(r.threshold))
  const data: PlotlyTrace[] = [
    { type: 'scatter', mode: 'lines+markers', name: 'classes covered', x, y: rows.map((r) => r.classes), marker: { color: COLORS[0] }, xaxis: 'x', yaxis: 'y' },
    { type: 'scatter', mode: 'lines+markers', name: 'dataset size', x, y: rows.map((r) => r.samples), marker: { color: COLORS[1] }, xaxis: 'x2', yaxis: 'y2' },
  ]
  const a3 = axisIds(2)
  for (const [j, pc] of (input.perClass ?? []).entries()) {
    const counts = plain(pc.counts).filter((c) => c > 0).sort((p, q) => q - p)
    data.push({
      type: 'scatter', mode: 'lines', name: `threshold ${round(pc.threshold)}`, x: counts.map((_, i) => i + 1), y: counts,
      line: { color: COLORS[(j + 2) % COLORS.length] }, xaxis: a3.x, yaxis: a3.y,
    })
  }
  const positive = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number' && v > 0)
  const sizes = positive(rows.map((r) => r.samples))
  const perClass = positive(data.slice(2).flatMap((t) => t.y as number[]))
  const panels = [
    { title: '(a) classes covered', x: { title: 'similarity threshold' }, y: { title: 'classes with ≥ 1 sample' } },
    { title: '(b) dataset size', x: { title: 'similarity threshold' }, y: { title: 'samples', ...logAxis(Math.min(...sizes), Math.max(...sizes)) } },
    { title: '(c) samples per class', x: { title: 'class rank' }, y: { title: 'samples', ...logAxis(Math.min(...perClass), Math.max(...perClass)) } },
  ]
  const shapes = [vline(0, chosen), vline(1, chosen)]
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { shapes } }) }
}
