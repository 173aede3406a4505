import { checkTier } from '../figure-parts.js'
import { differenceFigure } from './difference-figure.js'
import type { Fig9Input, FigureOptions, PlotlyFigure } from '../types.js'
import { paperValue } from '../../paper/registry.js'

/**
 * Fig. 9: selecting LAION by ImageNet's own texts. (a) similarity of each ImageNet-Captions caption to its
 * nearest LAION caption, with the 0.7 keep threshold; (b) per-class intra-class similarity of the selected
 * LAION images minus ImageNet's, sorted, with intervals (77.3% significantly lower in the paper).
 * @param input nearest-caption similarities, per-test differences and the tier.
 * @returns a plotly spec: one bar trace for a, three traces per test.
 * @example fig9ImageNetTextSelection({ tier: 'simulated', nearestSimilarities: [0.8, 0.65], differences: [{ name: 'paper test', rows: [] }] })
 */
export function fig9ImageNetTextSelection(input: Fig9Input, { title = 'Fig. 9: LAION selected by ImageNet texts is still more diverse', width, height = 500 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig9', input?.tier)
  return differenceFigure({
    id: 'fig9', title, tier, note: input.note, width, height,
    histograms: [{ name: 'nearest LAION caption', values: input.nearestSimilarities }], threshold: input.threshold ?? paperValue('fig9.threshold'),
    histogramTitle: 'nearest LAION caption', histogramAxis: 'text similarity to the nearest LAION caption',
    differences: input.differences, differenceAxis: 'selected LAION − ImageNet', lowerLabel: 'lower (more diverse)', higherLabel: 'higher',
  })
}
