import { checkTier, extent, histogramTraces, need, panelLayout, plain, round, vline } from '../figure-parts.js'
import type { Fig8TextSynsetInput, FigureOptions, PlotlyFigure } from '../types.js'

/**
 * Fig. 8: text cannot explain ImageNet's selection (ImageNet-Captions). (a) caption-to-synset text
 * similarity, with its heavy left tail; (b) per caption, the share of other classes whose synset text is
 * closer than its own (in %), with the cut-off and the share of captions below it (95.7% under 5% in the paper).
 * @param input per-caption similarities and closer-class shares, and the tier.
 * @returns a plotly spec with two bar traces.
 * @example fig8TextSynset({ tier: 'fixture', similarities: [0.7, 0.5], closerShares: [0, 0.2] })
 */
export function fig8TextSynset(input: Fig8TextSynsetInput, { title = 'Fig. 8: ImageNet captions and their synset texts', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig8-text-synset', input?.tier)
  need('fig8-text-synset', input.similarities?.length != null && input.closerShares?.length != null, 'needs similarities and closerShares (arrays of numbers)')
  const cutoff = input.cutoff ?? 0.05
  const shares = plain(input.closerShares).filter(Number.isFinite)
  const below = shares.length ? shares.filter((s) => s < cutoff).length / shares.length : 0
  const a = histogramTraces(0, [{ name: 'caption vs own synset text', values: input.similarities }], extent([input.similarities]))
  const b = histogramTraces(1, [{ name: 'other classes closer', values: shares.map((s) => 100 * s) }], [0, 100], 50)
  b[0].marker = { color: '#E69F00' }
  const panels = [
    { title: '(a) caption-to-synset similarity', x: { title: 'CLIP text similarity' }, y: { title: 'density' } },
    { title: '(b) share of other classes closer', x: { title: 'other classes closer than the own class (%)' }, y: { title: 'density', type: 'log' } },
  ]
  const annotations = [{
    xref: 'x2', yref: 'y2 domain', x: round(100 * cutoff), y: 0.95, xanchor: 'left', showarrow: false,
    text: `${(100 * below).toFixed(1)}% of captions below ${round(100 * cutoff)}%`,
  }]
  return { data: [...a, ...b], layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { shapes: [vline(1, 100 * cutoff)], annotations, barmode: 'overlay', bargap: 0 } }) }
}
