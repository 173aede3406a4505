import { checkTier } from '../figure-parts.js'
import { differenceFigure, LAIONET_MINUS_IMAGENET } from './difference-figure.js'
import type { AppDCrossModalInput, FigureOptions, PlotlyFigure } from '../types.js'

/**
 * Appendix D: cross-modal difficulty. (a) CLIP image-to-synset-text similarity per image, LAIONet and
 * ImageNet; (b) per-class difference of the means, LAIONet - ImageNet, sorted, with intervals (LAIONet is
 * not lower: significantly higher in 43.5% of classes in the paper).
 * @param input histograms, per-test differences and the tier.
 * @returns a plotly spec.
 * @example appDCrossModal({ tier: 'fixture', histograms: [{ name: 'LAIONet', values: [0.3] }], differences: [] })
 */
export function appDCrossModal(input: AppDCrossModalInput, { title = 'Appendix D: image-to-synset similarity is not lower on LAIONet', width, height = 500 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('appD-cross-modal', input?.tier)
  return differenceFigure({
    id: 'appD-cross-modal', title, tier, note: input.note, width, height,
    histograms: input.histograms, histogramTitle: 'image-to-synset similarity', histogramAxis: 'CLIP similarity of image and synset text',
    differences: input.differences, ...LAIONET_MINUS_IMAGENET,
  })
}
