import { differenceTraces, label, extent, round, hline, histogramTraces, need, panelLayout, vline, type PanelAxes } from '../figure-parts.js'
import type { ClassDifferenceSeries, HistogramSeries, PlotlyFigure, PlotlyTrace } from '../types.js'
import type { Tier } from '../../tier.js'

/** What the shared "histograms, then sorted per-class differences" layout of Fig. 6, 9 and D needs. */
export interface DifferenceFigureSpec {
  id: string
  title: string
  tier: Tier
  note?: string
  width: number
  height: number
  /** Panel a: density histograms (or raw values with a threshold line). */
  histograms: HistogramSeries[]
  histogramTitle: string
  histogramAxis: string
  /** A vertical line in panel a (a threshold). Default: none. */
  threshold?: number
  differences: ClassDifferenceSeries[]
  differenceAxis: string
  lowerLabel: string
  higherLabel: string
}

/** Axis and legend labels of the per-class differences LAIONet minus ImageNet (Fig. 6, Appendix D). */
export const LAIONET_MINUS_IMAGENET = { differenceAxis: 'LAIONet − ImageNet', lowerLabel: 'lower on LAIONet', higherLabel: 'higher on LAIONet' } as const

/** Builds panel a (histograms) and one sorted-difference panel per test (b, c, ...). */
export function differenceFigure(spec: DifferenceFigureSpec): PlotlyFigure {
  need(spec.id, Array.isArray(spec.histograms) && spec.histograms.every((h) => h && h.values != null && h.values.length != null), 'needs histograms: { name, values }[]')
  need(spec.id, Array.isArray(spec.differences) && spec.differences.every((d) => Array.isArray(d?.rows)), 'needs differences: { name, rows: ClassDifferenceRow[] }[]')
  for (const d of spec.differences) {
    for (const r of d.rows) need(spec.id, [r.delta, r.low, r.high].every(Number.isFinite) && r.low <= r.high, `class ${JSON.stringify(r.wnid)} in "${d.name}" needs finite delta, low <= high`)
  }
  const range = extent(spec.histograms.map((h) => h.values))
  const data: PlotlyTrace[] = histogramTraces(0, spec.histograms, range)
  const shapes: Record<string, unknown>[] = spec.threshold == null ? [] : [vline(0, spec.threshold)]
  const panels: PanelAxes[] = [{ title: spec.histogramTitle, x: { title: spec.histogramAxis }, y: { title: 'density' } }]
  spec.differences.forEach((d, j) => {
    const i = j + 1
    const { traces } = differenceTraces(i, d, { lowerLabel: spec.lowerLabel, higherLabel: spec.higherLabel })
    for (const t of traces) data.push(t)
    shapes.push(hline(i, 0, { dash: 'solid' }))
    panels.push({ title: `(${'bcdefg'[j]}) ${label(d.name)}`, x: { title: 'class (sorted by difference)' }, y: { title: spec.differenceAxis } })
  })
  panels[0].title = `(a) ${spec.histogramTitle}`
  const annotations = spec.threshold == null ? [] : spec.histograms.map((h, j) => {
    let n = 0
    let above = 0
    for (let k = 0; k < h.values.length; k++) if (Number.isFinite(h.values[k])) { n++; if (h.values[k] > (spec.threshold as number)) above++ }
    return {
      xref: 'x', yref: 'y domain', x: round(spec.threshold as number), y: 0.98 - 0.07 * j, xanchor: 'left', yanchor: 'top', showarrow: false,
      text: `${n ? ((100 * above) / n).toFixed(1) : '0.0'}% above ${round(spec.threshold as number)}`,
    }
  })
  return {
    data,
    layout: panelLayout({ title: spec.title, tier: spec.tier, note: spec.note, panels, width: spec.width, height: spec.height, extra: { shapes, annotations, barmode: 'overlay', bargap: 0 } }),
  }
}
