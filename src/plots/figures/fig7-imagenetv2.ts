import { checkTier, COLORS, label, need, panelLayout, pct, round } from '../figure-parts.js'
import type { Fig7AccuracyInput, Fig7ImageNetV2Input, FigureOptions, PlotlyFigure, PlotlyTrace, SelectionAccuracyRow } from '../types.js'

/**
 * Checks that every accuracy row names one of the versions and returns one line per model (first-seen order),
 * its rows sorted by the version's selection frequency.
 */
function modelLines(figure: string, accuracy: SelectionAccuracyRow[], versions: { name: string }[], freq: Map<string, number>): { model: string, rows: SelectionAccuracyRow[] }[] {
  for (const a of accuracy) need(figure, freq.has(a.dataset) && Number.isFinite(a.accuracy), `accuracy row ${JSON.stringify(a.model)} names dataset ${JSON.stringify(a.dataset)}, which is not among the versions (${versions.map((v) => v.name).join(', ')}), or has no finite accuracy`)
  return [...new Set(accuracy.map((a) => a.model))].map((model) => ({
    model,
    rows: accuracy.filter((a) => a.model === model).sort((p, q) => (freq.get(p.dataset) as number) - (freq.get(q.dataset) as number)),
  }))
}

/**
 * Fig. 7: ImageNetV2's three versions differ only in the MTurk selection frequency threshold. Against
 * the mean selection frequency: (a) share of classes where LAIONet is significantly less / more similar
 * than the version, (b) the version's mean intra-class similarity, (c) model accuracy. A weaker image
 * link (lower frequency) gives a more diverse, harder dataset.
 * @param input one row per version, optional accuracies, and the tier.
 * @returns a plotly spec: two traces in a, one in b (when given), one per model in c.
 * @example fig7ImageNetV2({ tier: 'released', versions: [{ name: 'MatchedFrequency', selectionFrequency: 0.73, lower: 0.32, higher: 0.383 }] })
 */
export function fig7ImageNetV2(input: Fig7ImageNetV2Input, { title = 'Fig. 7: ImageNetV2 and the selection frequency', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig7-imagenetv2', input?.tier)
  need('fig7-imagenetv2', Array.isArray(input.versions), 'needs versions: SelectionFrequencyRow[]')
  for (const v of input.versions) need('fig7-imagenetv2', [v.selectionFrequency, v.lower, v.higher].every(Number.isFinite), `version ${JSON.stringify(v.name)} needs finite selectionFrequency, lower and higher`)
  const versions = [...input.versions].sort((a, b) => a.selectionFrequency - b.selectionFrequency)
  const x = versions.map((v) => round(v.selectionFrequency))
  const names = versions.map((v) => label(v.name))
  const data: PlotlyTrace[] = [
    { type: 'scatter', mode: 'lines+markers+text', name: 'LAIONet significantly lower', x, y: versions.map((v) => pct(v.lower)), text: names, textposition: 'top center', cliponaxis: false, marker: { color: '#0072B2' }, xaxis: 'x', yaxis: 'y' },
    { type: 'scatter', mode: 'lines+markers', name: 'LAIONet significantly higher', x, y: versions.map((v) => pct(v.higher)), text: names, marker: { color: '#D55E00' }, xaxis: 'x', yaxis: 'y' },
  ]
  const withMean = versions.filter((v) => Number.isFinite(v.meanIntraClass))
  if (withMean.length > 0) {
    data.push({ type: 'scatter', mode: 'lines+markers+text', name: 'mean intra-class similarity', x: withMean.map((v) => round(v.selectionFrequency)), y: withMean.map((v) => round(v.meanIntraClass as number)), text: withMean.map((v) => label(v.name)), textposition: 'top center', cliponaxis: false, marker: { color: COLORS[2] }, xaxis: 'x2', yaxis: 'y2' })
  }
  const freq = new Map(versions.map((v) => [v.name, v.selectionFrequency]))
  modelLines('fig7-imagenetv2', input.accuracy ?? [], versions, freq).forEach(({ model: m, rows }, j) => {
    data.push({ type: 'scatter', mode: 'lines+markers', name: label(m), x: rows.map((r) => round(freq.get(r.dataset) as number)), y: rows.map((r) => pct(r.accuracy)), marker: { color: COLORS[(j + 3) % COLORS.length] }, xaxis: 'x3', yaxis: 'y3' })
  })
  const panels = [
    { title: '(a) LAIONet vs version, share of classes', x: { title: 'mean selection frequency' }, y: { title: 'classes (%)' } },
    { title: '(b) intra-class similarity', x: { title: 'mean selection frequency' }, y: { title: 'mean intra-class similarity' } },
    { title: '(c) accuracy', x: { title: 'mean selection frequency' }, y: { title: 'top-1 accuracy (%)' } },
  ]
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height }) }
}

/**
 * Fig. 7c on its own: top-1 accuracy of each model on each ImageNetV2 version against the version's mean MTurk
 * selection frequency (what the released predictions give without LAIONet embeddings). Colours cycle, and
 * models past the palette are dashed, so every line stays distinguishable.
 * @param input the versions, one accuracy row per model and version, and the tier.
 * @returns a plotly spec: one trace per model.
 * @example fig7Accuracy({ tier: 'released', versions: [{ name: 'MatchedFrequency', selectionFrequency: 0.73 }], accuracy: [{ model: 'resnet50', dataset: 'MatchedFrequency', accuracy: 0.633 }] })
 */
export function fig7Accuracy(input: Fig7AccuracyInput, { title = 'Fig. 7c: top-1 accuracy vs mean MTurk selection frequency', width, height = 520 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig7-accuracy', input?.tier)
  need('fig7-accuracy', Array.isArray(input.versions) && Array.isArray(input.accuracy), 'needs versions and accuracy rows')
  const versions = [...input.versions].sort((a, b) => a.selectionFrequency - b.selectionFrequency)
  const freq = new Map(versions.map((v) => [v.name, v.selectionFrequency]))
  const data: PlotlyTrace[] = modelLines('fig7-accuracy', input.accuracy, versions, freq).map(({ model: m, rows }, j) => {
    const color = COLORS[j % COLORS.length]
    return {
      type: 'scatter', mode: 'lines+markers', name: label(m),
      x: rows.map((r) => round(freq.get(r.dataset) as number)), y: rows.map((r) => pct(r.accuracy)),
      text: rows.map((r) => label(r.dataset)), hovertemplate: `%{text}: %{y:.1f}%<extra>${label(m)}</extra>`,
      line: { color, dash: j < COLORS.length ? 'solid' : 'dash' }, marker: { color },
    }
  })
  const panels = [{
    title: '',
    x: { title: 'mean selection frequency of the test set', tickvals: versions.map((v) => round(v.selectionFrequency)), ticktext: versions.map((v) => `${label(v.name)} (${v.selectionFrequency})`) },
    y: { title: 'top-1 accuracy (%)' },
  }]
  const layout = panelLayout({ title, tier, note: input.note, panels, width, height, extra: { legend: { orientation: 'v', x: 1.02, y: 1, yanchor: 'top' } } })
  layout.margin = { l: 64, r: 160, t: 84, b: 80 }
  return { data, layout }
}
