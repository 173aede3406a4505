import { checkTier, COLORS, hline, label, need, panelLayout, round } from '../figure-parts.js'
import type { FigureOptions, FrontierInput, PlotlyFigure, PlotlyTrace } from '../types.js'

/**
 * Section 4.2: adding an image link to LAION. (a) the (text threshold, image threshold) pairs that give
 * datasets of equal size, with A..D marked; (b) their mean intra-class similarity against ImageNet's
 * (0.703): the stronger the image link, the more LAION looks like ImageNet.
 * @param input the datasets A..D, optionally the frontier curve, and the tier.
 * @returns a plotly spec: the frontier (when given) and the points in a, bars in b.
 * @example frontier42({ tier: 'quoted', points: [{ name: 'A', textThreshold: 0.81, imageThreshold: 0.2579, meanIntraClass: 0.696 }] })
 */
export function frontier42(input: FrontierInput, { title = 'Section 4.2: an image link makes LAION look like ImageNet', width = 1000, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('frontier-4-2', input?.tier)
  need('frontier-4-2', Array.isArray(input.points), 'needs points: FrontierPoint[]')
  for (const p of input.points) need('frontier-4-2', [p.textThreshold, p.imageThreshold, p.meanIntraClass].every(Number.isFinite), `point ${JSON.stringify(p.name)} needs finite textThreshold, imageThreshold and meanIntraClass`)
  const imagenet = input.imagenetMean ?? 0.703
  const data: PlotlyTrace[] = []
  if (input.frontier?.length) {
    const f = [...input.frontier].sort((a, b) => a.textThreshold - b.textThreshold)
    data.push({ type: 'scatter', mode: 'lines', name: 'equal-size frontier', x: f.map((p) => round(p.textThreshold)), y: f.map((p) => round(p.imageThreshold)), line: { color: '#888888' }, xaxis: 'x', yaxis: 'y' })
  }
  const pts = input.points
  data.push({
    type: 'scatter', mode: 'markers+text', name: 'datasets', x: pts.map((p) => round(p.textThreshold)), y: pts.map((p) => round(p.imageThreshold)),
    text: pts.map((p) => label(p.name)), textposition: 'top right', cliponaxis: false, marker: { color: COLORS[1], size: 9 },
    hovertext: pts.map((p) => (p.size == null ? label(p.name) : `${label(p.name)}: ${p.size.toLocaleString('en-US')} samples`)), xaxis: 'x', yaxis: 'y',
  })
  const ys = pts.map((p) => p.meanIntraClass).concat(imagenet)
  const lo = ys.reduce((a, b) => Math.min(a, b), Infinity)
  const hi = ys.reduce((a, b) => Math.max(a, b), -Infinity)
  data.push({
    type: 'bar', name: 'mean intra-class similarity', x: pts.map((p) => label(p.name)), y: pts.map((p) => round(p.meanIntraClass)),
    text: pts.map((p) => p.meanIntraClass.toFixed(3)), textposition: 'outside', marker: { color: COLORS[1] }, xaxis: 'x2', yaxis: 'y2',
  })
  const panels = [
    { title: '(a) thresholds giving equal size', x: { title: 'text-to-synset similarity threshold' }, y: { title: 'image-to-synset similarity threshold' } },
    { title: '(b) mean intra-class similarity', x: { title: 'dataset', type: 'category' }, y: { title: 'mean intra-class similarity', range: [round(lo - 0.3 * (hi - lo || 0.05)), round(hi + 0.3 * (hi - lo || 0.05))] } },
  ]
  const annotations = [{ xref: 'x2 domain', yref: 'y2', x: 0, y: round(imagenet), xanchor: 'left', yanchor: 'bottom', showarrow: false, text: `ImageNet ${imagenet.toFixed(3)}`, font: { color: COLORS[0] } }]
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { shapes: [hline(1, imagenet, { color: COLORS[0] })], annotations } }) }
}
