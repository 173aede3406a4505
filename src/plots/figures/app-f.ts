import { binnedMeans, checkTier, COLORS, label, logAxis, need, panelLayout, pct, round } from '../figure-parts.js'
import type { AppFInput, FigureOptions, PlotlyFigure } from '../types.js'

/**
 * Appendix F. (F.1) per-class recall on LAIONet against the class's LAIONet frequency (log scale): recall
 * falls for more frequent classes; (F.2) per-class accuracy drop (ImageNet - LAIONet) against the
 * intra-class similarity gap (ImageNet - LAIONet): larger gaps, larger drops; or, given `recallGap`, the authors' F.2:
 * per-class LAIONet recall against the gap LAIONet - ImageNet-Captions. Each with quantile-binned means.
 * @param input per-class rows for both panels and the tier.
 * @returns a plotly spec: a scatter and a binned-mean line per panel.
 * @example appF({ tier: 'simulated', recallFrequency: [{ wnid: 'n01', frequency: 120, recall: 0.6 }], dropGap: [{ wnid: 'n01', gap: 0.05, drop: 0.1 }] })
 */
export function appF(input: AppFInput, { title = 'Appendix F: where models struggle on LAIONet', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('appF', input?.tier)
  need('appF', Array.isArray(input.recallFrequency) && Array.isArray(input.dropGap), 'needs recallFrequency: RecallFrequencyRow[] and dropGap: DropGapRow[]')
  const bins = input.bins ?? 10
  const rf = input.recallFrequency.filter((r) => r.frequency > 0 && Number.isFinite(r.recall))
  need('appF', input.recallGap === undefined || Array.isArray(input.recallGap), 'recallGap, when given, is a RecallGapRow[]')
  // The authors' F.2 (recall against the LAIONet - ImageNet-Captions gap) takes the panel when given.
  const authorsF2 = input.recallGap !== undefined
  const dg = authorsF2
    ? input.recallGap!.map((r) => ({ wnid: r.wnid, name: r.name, gap: r.gap, drop: r.recall }))
    : input.dropGap
  const dgShown = dg.filter((r) => Number.isFinite(r.gap) && Number.isFinite(r.drop))
  // Frequencies span orders of magnitude, so F.1 bins on log10(frequency) and maps the means back.
  const f1 = binnedMeans(rf.map((r) => Math.log10(r.frequency)), rf.map((r) => 100 * r.recall), bins)
  const f2 = binnedMeans(dgShown.map((r) => r.gap), dgShown.map((r) => 100 * r.drop), bins)
  const dot = { size: 4, color: COLORS[0], opacity: 0.45 }
  return {
    data: [
      { type: 'scatter', mode: 'markers', name: 'class', x: rf.map((r) => round(r.frequency)), y: rf.map((r) => pct(r.recall)), text: rf.map((r) => label(r.name ?? r.wnid)), hovertemplate: '%{text}<extra></extra>', marker: dot, xaxis: 'x', yaxis: 'y' },
      { type: 'scatter', mode: 'lines+markers', name: `binned mean (${bins} quantile bins)`, x: f1.x.map((v) => round(10 ** v)), y: f1.y, line: { color: COLORS[5], width: 2 }, xaxis: 'x', yaxis: 'y' },
      { type: 'scatter', mode: 'markers', name: 'class', showlegend: false, x: dgShown.map((r) => round(r.gap)), y: dgShown.map((r) => pct(r.drop)), text: dgShown.map((r) => label(r.name ?? r.wnid)), hovertemplate: '%{text}<extra></extra>', marker: dot, xaxis: 'x2', yaxis: 'y2' },
      { type: 'scatter', mode: 'lines+markers', name: 'binned mean', showlegend: false, x: f2.x, y: f2.y, line: { color: COLORS[5], width: 2 }, xaxis: 'x2', yaxis: 'y2' },
    ],
    layout: panelLayout({
      title, tier, note: input.note, width, height,
      panels: [
        { title: '(F.1) recall vs class frequency', x: { title: 'class frequency in LAIONet (samples)', ...logAxis(Math.min(...rf.map((r) => r.frequency)), Math.max(...rf.map((r) => r.frequency))) }, y: { title: 'recall on LAIONet (%)' } },
        authorsF2
          ? { title: '(F.2) recall vs intra-class gap', x: { title: 'Δ intra-class similarity, LAIONet − ImageNet-Captions' }, y: { title: 'recall@1 on LAIONet (%)' } }
          : { title: '(F.2) accuracy drop vs intra-class gap', x: { title: 'intra-class similarity, ImageNet − LAIONet' }, y: { title: 'accuracy drop (points)' } },
      ],
    }),
  }
}
