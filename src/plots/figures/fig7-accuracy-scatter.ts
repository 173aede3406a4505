import { checkTier, label, line, need, panelLayout, pct } from '../figure-parts.js'
import type { FigureOptions, PlotlyFigure, PlotlyTrace, TieredInput } from '../types.js'
import { accuracyRange } from './fig1-accuracy.js'

/** One model's equi-weighted top-1 on LAIONet and on one ImageNetV2 version, with standard errors (fractions). */
export interface Fig7ScatterRow {
  model: string
  version: string
  laionet: number
  laionetSe: number
  v2: number
  v2Se: number
}

/** Input of {@link fig7AccuracyScatter}. */
export interface Fig7ScatterInput extends TieredInput {
  rows: Fig7ScatterRow[]
}

/** The authors' colours (plot_accuracy_of_laionet_vs_imagenetv2.ipynb): TopImages red, Threshold0.7 yellow, MatchedFrequency green. */
const VERSION_COLORS: Record<string, string> = { TopImages: '#d62728', 'Threshold0.7': '#bcbd22', MatchedFrequency: '#2ca02c' }

/**
 * Fig. 7's accuracy panel as the authors draw it: each model's equi-weighted top-1 accuracy on LAIONet (x, 1.96 SE
 * bars) against ImageNetV2 (y, 1 SE bars, over the classes LAIONet's labels list), one colour per version, and y = x.
 * @example fig7AccuracyScatter({ tier: 'real', rows: [{ model: 'resnet50', version: 'MatchedFrequency', laionet: 0.6, laionetSe: 0.01, v2: 0.63, v2Se: 0.01 }] })
 */
export function fig7AccuracyScatter(input: Fig7ScatterInput, { title = 'Fig. 7: top-1 accuracy, LAIONet vs ImageNetV2', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig7-accuracy-scatter', input?.tier)
  need('fig7-accuracy-scatter', Array.isArray(input.rows), 'needs rows: Fig7ScatterRow[]')
  for (const r of input.rows) need('fig7-accuracy-scatter', [r.laionet, r.v2].every(Number.isFinite), `row ${JSON.stringify(r.model)} on ${JSON.stringify(r.version)} needs finite laionet and v2 accuracies`)
  const versions = [...new Set(input.rows.map((r) => r.version))]
  const range = accuracyRange(input.rows.flatMap((r) => [pct(r.laionet), pct(r.v2)]))
  const data: PlotlyTrace[] = versions.map((v) => {
    const rows = input.rows.filter((r) => r.version === v)
    return {
      type: 'scatter', mode: 'markers', name: label(v),
      x: rows.map((r) => pct(r.laionet)), y: rows.map((r) => pct(r.v2)),
      error_x: { type: 'data', array: rows.map((r) => pct(1.96 * (r.laionetSe || 0))), visible: true, thickness: 1, width: 2 },
      error_y: { type: 'data', array: rows.map((r) => pct(r.v2Se || 0)), visible: true, thickness: 1, width: 2 },
      text: rows.map((r) => label(r.model)), hovertemplate: '%{text}<br>LAIONet %{x:.1f}%<br>ImageNetV2 %{y:.1f}%<extra></extra>',
      marker: { color: VERSION_COLORS[v] ?? '#555555', size: 7 },
    }
  })
  const panels = [{ title: '', x: { title: 'LAIONet top-1 (equi-weighted classes, %)', range }, y: { title: 'ImageNetV2 top-1 (%)', range } }]
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { shapes: [line(0, range[0], range[0], range[1], range[1])] } }) }
}
