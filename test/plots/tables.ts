import { appDCrossModal, appF, fig1Accuracy, fig2CausalGraphs, fig3Threshold, fig4ClassFrequency, fig5LaionWeighted, fig6IntraClass, fig7ImageNetV2, fig8TextSynset, fig9ImageNetTextSelection, frontier42 } from '../../src/index.js'
import type { ClassDifferenceRow, PlotlyFigure } from '../../src/index.js'

// Small hand-made tables, one per figure, shaped like the paper's (numbers from PAPER.md where it gives them).
// Larger value lists come from closed-form sequences, so the snapshots never depend on a random generator.

/** n values spread deterministically around `centre` (a golden-ratio sequence through a triangle kernel). */
export function spread(n: number, centre: number, scale: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const u = ((i + 1) * 0.6180339887) % 1
    const v = ((i + 1) * 0.7548776662) % 1
    return Number((centre + scale * (u + v - 1)).toFixed(4))
  })
}

/** Per-class rows with a chosen number significantly lower, higher and neither. */
export function differenceRows(lower: number, higher: number, none: number): ClassDifferenceRow[] {
  const rows: ClassDifferenceRow[] = []
  for (let i = 0; i < lower; i++) rows.push({ wnid: `n0${1000000 + i}`, name: `low ${i}`, delta: -0.02 - 0.01 * i, low: -0.03 - 0.015 * i, high: -0.005 })
  for (let i = 0; i < higher; i++) rows.push({ wnid: `n0${2000000 + i}`, name: `high ${i}`, delta: 0.03 + 0.01 * i, low: 0.01, high: 0.05 + 0.01 * i })
  for (let i = 0; i < none; i++) rows.push({ wnid: `n0${3000000 + i}`, name: `none ${i}`, delta: 0.004 * (i - none / 2), low: -0.02, high: 0.02 })
  return rows
}

const MODELS = [
  { model: 'ResNet-50', group: 'ImageNet-1k', top1: [0.761, 0.652], top5: [0.929, 0.851] },
  { model: 'ConvNeXt-B', group: 'ImageNet-1k', top1: [0.838, 0.717], top5: [0.967, 0.889] },
  { model: 'BEiT-L', group: 'ImageNet-22k pre-trained', top1: [0.874, 0.771], top5: [0.982, 0.921] },
  { model: 'CLIP ViT-B/32', group: 'CLIP zero-shot', top1: [0.633, 0.612], top5: [0.887, 0.869] },
]

/** Each figure's id, its spec from the hand-made table, and the number of traces it must draw. */
export const FIGURES: { id: string, figure: () => PlotlyFigure, traces: number }[] = [
  {
    id: 'fig1-accuracy', traces: 6,
    figure: () => fig1Accuracy({
      tier: 'released',
      rows: MODELS.flatMap((m) => ([1, 5] as const).map((k) => {
        const [imagenet, laionet] = k === 1 ? m.top1 : m.top5
        return { model: m.model, group: m.group, k, imagenet, laionet, imagenetHalfWidth: 0.012, laionetHalfWidth: 0.015 }
      })),
    }),
  },
  { id: 'fig2-causal-graphs', traces: 2, figure: () => fig2CausalGraphs() },
  {
    id: 'fig3-threshold', traces: 4,
    figure: () => fig3Threshold({
      tier: 'quoted', note: 'sweep as read from the paper',
      rows: [
        { threshold: 0.5, classes: 947, samples: 12_500_000 }, { threshold: 0.6, classes: 940, samples: 7_000_000 },
        { threshold: 0.7, classes: 930, samples: 3_500_000 }, { threshold: 0.82, classes: 910, samples: 1_000_000 },
        { threshold: 0.9, classes: 700, samples: 60_000 },
      ],
      perClass: [{ threshold: 0.7, counts: [500, 120, 40, 9, 3, 1] }, { threshold: 0.82, counts: [200, 60, 15, 4, 0, 1] }],
    }),
  },
  {
    id: 'fig4-class-frequency', traces: 1,
    figure: () => fig4ClassFrequency({
      tier: 'fixture', labelTop: 3,
      rows: [
        { wnid: 'n06359193', name: 'web site', count: 4100 }, { wnid: 'n04254680', name: 'soccer ball', count: 900 },
        { wnid: 'n03000134', name: 'chainlink fence', count: 300 }, { wnid: 'n01440764', name: 'tench', count: 40 },
        { wnid: 'n01443537', name: 'goldfish', count: 7 }, { wnid: 'n01484850', name: 'great white shark', count: 0 },
      ],
    }),
  },
  {
    id: 'fig5-laion-weighted', traces: 4,
    figure: () => fig5LaionWeighted({
      tier: 'released',
      rows: MODELS.flatMap((m) => ([1, 5] as const).map((k) => {
        const [imagenet, equiWeighted] = k === 1 ? m.top1 : m.top5
        return { model: m.model, group: m.group, k, imagenet, equiWeighted, laionWeighted: equiWeighted - 0.07 }
      })),
    }),
  },
  {
    id: 'fig6-intra-class', traces: 8,
    figure: () => fig6IntraClass({
      tier: 'simulated',
      histograms: [{ name: 'LAIONet', values: spread(400, 0.6, 0.3) }, { name: 'ImageNet', values: spread(300, 0.72, 0.25) }],
      differences: [{ name: 'paper test', rows: differenceRows(6, 3, 3) }, { name: 'corrected test', rows: differenceRows(4, 1, 7) }],
    }),
  },
  {
    id: 'fig7-imagenetv2', traces: 5,
    figure: () => fig7ImageNetV2({
      tier: 'released',
      versions: [
        { name: 'TopImages', selectionFrequency: 0.93, lower: 0.58, higher: 0.2, meanIntraClass: 0.71 },
        { name: 'MatchedFrequency', selectionFrequency: 0.73, lower: 0.32, higher: 0.383, meanIntraClass: 0.66 },
        { name: 'Threshold0.7', selectionFrequency: 0.85, lower: 0.45, higher: 0.3, meanIntraClass: 0.69 },
      ],
      accuracy: [
        { model: 'resnet50', dataset: 'MatchedFrequency', accuracy: 0.63 }, { model: 'resnet50', dataset: 'Threshold0.7', accuracy: 0.72 },
        { model: 'resnet50', dataset: 'TopImages', accuracy: 0.78 }, { model: 'vgg16', dataset: 'MatchedFrequency', accuracy: 0.58 },
        { model: 'vgg16', dataset: 'TopImages', accuracy: 0.72 },
      ],
    }),
  },
  {
    id: 'fig8-text-synset', traces: 2,
    figure: () => fig8TextSynset({ tier: 'fixture', similarities: spread(300, 0.62, 0.4), closerShares: [...Array(19).fill(0), 0.01, 0.02, 0.3, 0.6] }),
  },
  {
    id: 'fig9', traces: 4,
    figure: () => fig9ImageNetTextSelection({ tier: 'simulated', nearestSimilarities: spread(200, 0.75, 0.3), differences: [{ name: 'paper test', rows: differenceRows(7, 1, 2) }] }),
  },
  {
    id: 'frontier-4-2', traces: 3,
    figure: () => frontier42({
      tier: 'quoted',
      points: [
        { name: 'A', textThreshold: 0.81, imageThreshold: 0.2579, meanIntraClass: 0.696, size: 535_000 },
        { name: 'B', textThreshold: 0.79, imageThreshold: 0.2828, meanIntraClass: 0.715 },
        { name: 'C', textThreshold: 0.76, imageThreshold: 0.2959, meanIntraClass: 0.728 },
        { name: 'D', textThreshold: 0.72, imageThreshold: 0.3037, meanIntraClass: 0.736 },
      ],
      frontier: [{ textThreshold: 0.82, imageThreshold: 0.2 }, { textThreshold: 0.81, imageThreshold: 0.2579 }, { textThreshold: 0.79, imageThreshold: 0.2828 }, { textThreshold: 0.76, imageThreshold: 0.2959 }, { textThreshold: 0.72, imageThreshold: 0.3037 }],
    }),
  },
  {
    id: 'appD-cross-modal', traces: 5,
    figure: () => appDCrossModal({
      tier: 'fixture',
      histograms: [{ name: 'LAIONet', values: spread(200, 0.3, 0.08) }, { name: 'ImageNet', values: spread(150, 0.29, 0.07) }],
      differences: [{ name: 'paper test', rows: differenceRows(2, 5, 4) }],
    }),
  },
  {
    id: 'appF', traces: 4,
    figure: () => appF({
      tier: 'simulated', bins: 3,
      recallFrequency: [10, 30, 100, 300, 1000, 3000].map((f, i) => ({ wnid: `n0${i}`, frequency: f, recall: 0.8 - 0.05 * i })),
      dropGap: [0, 0.02, 0.04, 0.06, 0.08, 0.1].map((g, i) => ({ wnid: `n0${i}`, gap: g, drop: 0.02 + 0.9 * g })),
    }),
  },
]
