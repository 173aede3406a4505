/**
 * The figure ids of the paper, in its order: file names under out/figures/ and the `id` notebooks pass to
 * `showFigure`. One builder per id in src/plots/figures/.
 */
export const FIGURE_IDS = [
  'fig1-accuracy', 'fig2-causal-graphs', 'fig3-threshold', 'fig4-class-frequency', 'fig5-laion-weighted',
  'fig6-intra-class', 'fig7-imagenetv2', 'fig8-text-synset', 'fig9', 'frontier-4-2', 'appD-cross-modal', 'appF',
] as const

/** One of the paper's figure ids. */
export type FigureId = typeof FIGURE_IDS[number]
