import { axisIds, checkTier, COLORS, line, need, panelLayout, pct, label } from '../figure-parts.js'
import { accuracyPanels, accuracyRange } from './fig1-accuracy.js'
import type { Fig5LaionWeightedInput, FigureOptions, PlotlyFigure, PlotlyTrace } from '../types.js'

/**
 * Fig. 5: LAIONet accuracy with classes weighted equally (mean per-class recall) and by their LAIONet
 * frequency, against ImageNet accuracy; top-1 and top-5 panels with the y = x line. The LAION-weighted
 * points sit another 5 to 10 points lower in the paper.
 * @param input per-model accuracies (fractions) and the tier.
 * @returns a plotly spec: two traces per panel (equi-weighted, LAION-weighted).
 * @example fig5LaionWeighted({ tier: 'released', rows: [{ model: 'ResNet-50', group: 'ImageNet-1k', k: 1, imagenet: 0.76, equiWeighted: 0.65, laionWeighted: 0.58 }] })
 */
export function fig5LaionWeighted(input: Fig5LaionWeightedInput, { title = 'Fig. 5: LAION-weighted accuracy is lower still', width, height = 500 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig5-laion-weighted', input?.tier)
  need('fig5-laion-weighted', Array.isArray(input.rows), 'needs rows: WeightedAccuracyRow[]')
  for (const r of input.rows) need('fig5-laion-weighted', (r.k === 1 || r.k === 5) && [r.imagenet, r.equiWeighted, r.laionWeighted].every(Number.isFinite), `row ${JSON.stringify(r.model)} needs k (1 or 5) and finite imagenet, equiWeighted and laionWeighted accuracies (fractions)`)
  const data: PlotlyTrace[] = []
  const shapes: Record<string, unknown>[] = []
  const panels = accuracyPanels(input.rows).map((k, i) => {
    const rows = input.rows.filter((r) => r.k === k)
    const range = accuracyRange(rows.flatMap((r) => [pct(r.imagenet), pct(r.equiWeighted), pct(r.laionWeighted)]))
    const a = axisIds(i)
    const series = [
      { name: 'LAIONet, equi-weighted', key: 'equiWeighted' as const, symbol: 'circle', color: COLORS[1] },
      { name: 'LAIONet, LAION-weighted', key: 'laionWeighted' as const, symbol: 'diamond', color: COLORS[5] },
    ]
    for (const s of series) {
      data.push({
        type: 'scatter', mode: 'markers', name: s.name, legendgroup: s.name, showlegend: i === 0,
        x: rows.map((r) => pct(r.imagenet)), y: rows.map((r) => pct(r[s.key])),
        text: rows.map((r) => `${label(r.model)} (${label(r.group)})`),
        hovertemplate: '%{text}<br>ImageNet %{x:.1f}%<br>LAIONet %{y:.1f}%<extra></extra>',
        marker: { color: s.color, symbol: s.symbol, size: 7 }, xaxis: a.x, yaxis: a.y,
      })
    }
    shapes.push(line(i, range[0], range[0], range[1], range[1]))
    return { title: `(${'ab'[i]}) top-${k}`, x: { title: `ImageNet validation top-${k} accuracy (%)`, range }, y: { title: `LAIONet top-${k} accuracy (%)`, range } }
  })
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { shapes } }) }
}
