import { checkTier, label, need, panelLayout, pct } from '../figure-parts.js'
import type { Fig1ImageNetSideInput, FigureOptions, ImageNetSideRow, PlotlyFigure, PlotlyTrace } from '../types.js'

/**
 * Fig. 1 as far as released results reach: each model's equi-weighted ImageNet-validation accuracy with its 95%
 * error bar, and under it the band the paper states for LAIONet (`quotedDrop` points lower), top-1 and top-5 panels.
 * Says what the mean is over (`averageOver`: the authors' 977 classes or all 1000) and which error bar it draws
 * (`errorBar`: `95%`, or `se` as the authors plot); `imagenetAll` adds the other average as hollow markers.
 * @param input rows per model and k (fractions), the quoted drop in points, and the tier (e.g. `released`).
 * @returns a plotly spec: per panel, the quoted band (bars) and the measured points.
 * @example fig1ImageNetSide({ tier: 'released', quotedDrop: { min: 5, max: 12 }, rows: [{ model: 'resnet-50', group: 'ImageNet-1k', k: 1, imagenet: 0.8 }] })
 */
export function fig1ImageNetSide(input: Fig1ImageNetSideInput, {
  title = 'Fig. 1 (ImageNet side recomputed; LAIONet side: the paper\'s stated range)', width, height = 820,
}: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig1-imagenet-side', input?.tier)
  need('fig1-imagenet-side', Array.isArray(input.rows), 'needs rows: ImageNetSideRow[]')
  const { min, max } = input.quotedDrop ?? {}
  need('fig1-imagenet-side', Number.isFinite(min) && Number.isFinite(max) && min <= max, 'needs quotedDrop { min, max } in points with min <= max')
  for (const r of input.rows) need('fig1-imagenet-side', (r.k === 1 || r.k === 5) && Number.isFinite(r.imagenet), `row ${JSON.stringify(r.model)} needs k (1 or 5) and a finite imagenet accuracy (fraction)`)
  const errorBar = input.errorBar ?? '95%'
  need('fig1-imagenet-side', errorBar === '95%' || errorBar === 'se', `errorBar ${JSON.stringify(errorBar)} (expected '95%' or 'se')`)
  const bar = (r: ImageNetSideRow) => (errorBar === 'se' ? r.imagenetSe : r.imagenetHalfWidth)
  const measured = `ImageNet validation, equi-weighted${input.averageOver ? ` over ${input.averageOver}` : ''}${errorBar === 'se' ? ' (bar: 1 SE)' : ''}`
  const withAll = input.rows.some((r) => Number.isFinite(r.imagenetAll))
  const data: PlotlyTrace[] = []
  for (const [i, k] of ([1, 5] as const).entries()) {
    const rows = input.rows.filter((r) => r.k === k)
    const axes = i === 0 ? { xaxis: 'x', yaxis: 'y' } : { xaxis: 'x2', yaxis: 'y2' }
    const x = rows.map((r) => label(r.model))
    const acc = rows.map((r) => pct(r.imagenet))
    data.push({
      type: 'bar', name: `LAIONet: ${min}-${max} points lower (quoted range)`, showlegend: i === 0, x,
      base: acc.map((a) => a - max), y: rows.map((r) => (r.dropApplies === false ? null : max - min)),
      marker: { color: 'rgba(150,150,150,0.45)' }, ...axes,
    })
    data.push({
      type: 'scatter', mode: 'markers', name: measured, showlegend: i === 0, x, y: acc,
      error_y: { type: 'data', array: rows.map((r) => pct(bar(r) ?? 0)), visible: rows.some((r) => bar(r) != null) },
      marker: { color: '#0072B2', size: 6 }, ...axes,
    })
    if (withAll) {
      data.push({
        type: 'scatter', mode: 'markers', name: `ImageNet validation, equi-weighted ${input.allLabel ?? 'over all classes'}`, showlegend: i === 0, x,
        y: rows.map((r) => (Number.isFinite(r.imagenetAll) ? pct(r.imagenetAll as number) : null)),
        marker: { color: '#0072B2', size: 8, symbol: 'circle-open' }, ...axes,
      })
    }
  }
  const panels = [
    { title: '(top-1)', x: { title: '', showticklabels: false }, y: { title: 'top-1 accuracy (%)' } },
    { title: '(top-5)', x: { title: '', tickangle: -45 }, y: { title: 'top-5 accuracy (%)' } },
  ]
  const layout = panelLayout({ title, tier, note: input.note, panels, width, height, extra: { barmode: 'overlay', legend: { orientation: 'h', x: 0, y: 0.97, yanchor: 'bottom' } } })
  // Two rows, not side by side: model names need the width.
  layout.xaxis = { ...(layout.xaxis as object), domain: [0, 1] }
  layout.xaxis2 = { ...(layout.xaxis2 as object), domain: [0, 1] }
  layout.yaxis = { ...(layout.yaxis as object), domain: [0.64, 0.95] }
  layout.yaxis2 = { ...(layout.yaxis2 as object), domain: [0.3, 0.6] }
  layout.annotations = (layout.annotations as Record<string, unknown>[]).filter((a) => !String(a.text).startsWith('(top-'))
  layout.margin = { l: 64, r: 24, t: 90, b: 30 }
  return { data, layout }
}
