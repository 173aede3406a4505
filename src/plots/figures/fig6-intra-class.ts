import { checkTier } from '../figure-parts.js'
import { differenceFigure, LAIONET_MINUS_IMAGENET } from './difference-figure.js'
import type { Fig6IntraClassInput, FigureOptions, PlotlyFigure } from '../types.js'

/**
 * Fig. 6: intra-class similarity of LAIONet vs ImageNet. (a) pooled histograms of pairwise CLIP image
 * similarities; (b, c, ...) per-class differences LAIONet - ImageNet sorted, with intervals, coloured by
 * significance, one panel per test (the paper's and a corrected one). Legends give each share of classes.
 * @param input histograms, per-test differences and the tier.
 * @returns a plotly spec: one bar trace per dataset, three traces per test.
 * @example fig6IntraClass({ tier: 'simulated', histograms: [{ name: 'LAIONet', values: [0.6, 0.7] }], differences: [{ name: 'paper test', rows: [{ wnid: 'n01', delta: -0.05, low: -0.08, high: -0.02 }] }] })
 */
export function fig6IntraClass(input: Fig6IntraClassInput, { title = 'Fig. 6: LAIONet is more diverse than ImageNet', width, height = 500 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig6-intra-class', input?.tier)
  return differenceFigure({
    id: 'fig6-intra-class', title, tier, note: input.note, width, height,
    histograms: input.histograms, histogramTitle: 'intra-class similarity', histogramAxis: 'pairwise image similarity (CLIP)',
    differences: input.differences, ...LAIONET_MINUS_IMAGENET,
  })
}
