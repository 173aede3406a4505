import { checkTier, logAxis, COLORS, label, need, panelLayout, round } from '../figure-parts.js'
import type { Fig4ClassFrequencyInput, FigureOptions, PlotlyFigure } from '../types.js'

/**
 * Fig. 4: LAIONet's class frequencies, sorted, as a share of the dataset on a log scale: a long tail,
 * with the most frequent classes named ("web site" at about 5% in the paper).
 * @param input per-class counts and the tier.
 * @returns a plotly spec with one bar trace.
 * @example fig4ClassFrequency({ tier: 'real', rows: [{ wnid: 'n06359193', name: 'web site', count: 41000 }] })
 */
export function fig4ClassFrequency(input: Fig4ClassFrequencyInput, { title = 'Fig. 4: class frequencies in LAIONet', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig4-class-frequency', input?.tier)
  need('fig4-class-frequency', Array.isArray(input.rows), 'needs rows: ClassFrequencyRow[]')
  for (const r of input.rows) need('fig4-class-frequency', Number.isFinite(r.count) && r.count >= 0, `row ${JSON.stringify(r.wnid)} needs a count >= 0, got ${JSON.stringify(r.count)}`)
  const rows = input.rows.filter((r) => r.count > 0).sort((a, b) => b.count - a.count || (a.wnid < b.wnid ? -1 : 1))
  const total = rows.reduce((s, r) => s + r.count, 0)
  const share = rows.map((r) => round((100 * r.count) / total))
  const labelTop = Math.min(input.labelTop ?? 5, rows.length)
  const annotations = rows.slice(0, labelTop).map((r, i) => ({
    x: i + 1, y: Math.log10(share[i]), xref: 'x', yref: 'y', text: label(r.name), showarrow: true, arrowhead: 0,
    ax: 40, ay: -18 - 14 * i, font: { size: 11 },
  }))
  return {
    data: [{
      type: 'bar', name: `${rows.length} classes, ${total.toLocaleString('en-US')} samples`, x: rows.map((_, i) => i + 1), y: share,
      text: rows.map((r) => label(r.name)), textposition: 'none', hovertemplate: '%{text}: %{y:.3f}%<extra></extra>', marker: { color: COLORS[1] },
      xaxis: 'x', yaxis: 'y',
    }],
    layout: panelLayout({
      title, tier, note: input.note, width, height,
      panels: [{ title: '', x: { title: 'class rank (most frequent first)' }, y: { title: 'share of LAIONet (%)', ...logAxis(Math.min(...share), Math.max(...share)) } }],
      extra: { annotations, bargap: 0, showlegend: true },
    }),
  }
}
