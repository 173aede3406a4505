import { axisIds, checkTier, COLORS, label, line, need, panelLayout, pct } from '../figure-parts.js'
import type { AccuracyRow, Fig1AccuracyInput, FigureOptions, PlotlyFigure, PlotlyTrace } from '../types.js'

/** Returns groups in first-seen order, so colours follow the table the notebook passes. */
function groupsOf(rows: { group: string }[]): string[] {
  return [...new Set(rows.map((r) => r.group))]
}

/** Returns [lo, hi] in percent covering both axes' values, padded to whole 5s. */
export function accuracyRange(values: number[]): [number, number] {
  if (values.length === 0) return [0, 100]
  const lo = Math.max(0, Math.floor((values.reduce((a, b) => Math.min(a, b), Infinity) - 2) / 5) * 5)
  const hi = Math.min(100, Math.ceil((values.reduce((a, b) => Math.max(a, b), -Infinity) + 2) / 5) * 5)
  return [lo, hi]
}

/** Returns the k (1, 5) that have rows; a table with only top-1 (the simulated world's) gets one panel, not an empty top-5 one. */
export function accuracyPanels(rows: { k: number }[]): (1 | 5)[] {
  const present = ([1, 5] as const).filter((k) => rows.some((r) => r.k === k))
  return present.length ? present : [1]
}

/**
 * Fig. 1: equi-weighted accuracy of ImageNet classifiers on ImageNet validation (x) vs LAIONet (y),
 * top-1 and top-5 panels, one colour per model group, the error bars the rows give (the authors: 1 SE on ImageNet,
 * 1.96 SE on LAIONet), and the y = x line: points
 * under the line lose accuracy on LAIONet.
 * @param input rows of accuracies (fractions) per model and k, and the tier.
 * @returns a plotly spec: one trace per (panel, group).
 * @example fig1Accuracy({ tier: 'released', rows: [{ model: 'ResNet-50', group: 'ImageNet-1k', k: 1, imagenet: 0.76, laionet: 0.65 }] })
 */
export function fig1Accuracy(input: Fig1AccuracyInput, { title = 'Fig. 1: ImageNet models are less accurate on LAIONet', width, height = 500 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig1-accuracy', input?.tier)
  need('fig1-accuracy', Array.isArray(input.rows), 'needs rows: AccuracyRow[]')
  for (const r of input.rows) need('fig1-accuracy', (r.k === 1 || r.k === 5) && Number.isFinite(r.imagenet) && Number.isFinite(r.laionet), `row ${JSON.stringify(r.model)} needs k (1 or 5) and finite imagenet and laionet accuracies (fractions)`)
  const groups = groupsOf(input.rows)
  const data: PlotlyTrace[] = []
  const shapes: Record<string, unknown>[] = []
  const panels = accuracyPanels(input.rows).map((k, i) => {
    const rows = input.rows.filter((r) => r.k === k)
    const range = accuracyRange(rows.flatMap((r) => [pct(r.imagenet), pct(r.laionet)]))
    groups.forEach((g, j) => {
      const part = rows.filter((r) => r.group === g)
      if (part.length === 0) return
      data.push(accuracyTrace(part, g, COLORS[j % COLORS.length], i, !data.some((t) => t.legendgroup === label(g))))
    })
    shapes.push(line(i, range[0], range[0], range[1], range[1]))
    return {
      title: `(${'ab'[i]}) top-${k}`,
      x: { title: `ImageNet validation top-${k} accuracy (%)`, range },
      y: { title: `LAIONet top-${k} accuracy (%)`, range },
    }
  })
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { shapes } }) }
}

function accuracyTrace(rows: AccuracyRow[], group: string, color: string, panel: number, showlegend: boolean): PlotlyTrace {
  const a = axisIds(panel)
  const hw = (v: number | undefined) => pct(v ?? 0)
  return {
    type: 'scatter', mode: 'markers', name: label(group), legendgroup: label(group), showlegend,
    x: rows.map((r) => pct(r.imagenet)),
    y: rows.map((r) => pct(r.laionet)),
    error_x: { type: 'data', array: rows.map((r) => hw(r.imagenetHalfWidth)), visible: rows.some((r) => r.imagenetHalfWidth != null), thickness: 1, width: 2 },
    error_y: { type: 'data', array: rows.map((r) => hw(r.laionetHalfWidth)), visible: rows.some((r) => r.laionetHalfWidth != null), thickness: 1, width: 2 },
    text: rows.map((r) => label(r.model)),
    hovertemplate: '%{text}<br>ImageNet %{x:.1f}%<br>LAIONet %{y:.1f}%<extra></extra>',
    marker: { color, size: 7 },
    xaxis: a.x, yaxis: a.y,
  }
}
