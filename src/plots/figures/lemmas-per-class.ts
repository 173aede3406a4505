import { lemmaStatistics } from '../../imagenet/lemma-statistics.js'
import type { ImageNetClass, LemmaStatisticsOptions } from '../../imagenet/types.js'
import { label } from '../figure-parts.js'
import type { PlotlyFigure } from '../types.js'

const HOVER_NAMES = 12

/**
 * Builds an interactive bar chart of lemmas per class: all of WordNet's lemmas, and only the lemmas the paper keeps
 * (those in exactly one class). Hovering a bar lists the classes in it.
 * @param classes the ImageNet classes.
 * @param options `exclude`: wnids left out first (e.g. PAPER_EXCLUDED_WNIDS).
 * @returns a plotly `{ data, layout }` spec for `showFigure`, tier `real`.
 * @example showFigure(lemmasPerClassFigure(classes), { id: 'classes-lemmas-per-class' })
 */
export function lemmasPerClassFigure(classes: readonly ImageNetClass[], { exclude = [] }: LemmaStatisticsOptions = {}): PlotlyFigure {
  const skip = new Set(exclude)
  const kept = classes.filter((c) => !skip.has(c.wnid))
  const { shared } = lemmaStatistics(kept)
  const sharedSet = new Set(shared.map((s) => s.lemma))
  const series = [
    { name: 'all WordNet lemmas', count: (c: ImageNetClass) => c.lemmas.length, color: '#4c78a8' },
    { name: 'lemmas unique to the class (kept by the paper)', count: (c: ImageNetClass) => c.lemmas.filter((l) => !sharedSet.has(l)).length, color: '#f58518' },
  ]
  const data = series.map(({ name, count, color }) => {
    const bins = new Map<number, string[]>()
    for (const c of kept) {
      const k = count(c)
      bins.set(k, [...(bins.get(k) ?? []), c.lemmas[0] ?? c.wnid])
    }
    const x = [...bins.keys()].sort((a, b) => a - b)
    return {
      type: 'bar',
      name,
      x,
      y: x.map((k) => (bins.get(k) as string[]).length),
      hovertext: x.map((k) => {
        const names = bins.get(k) as string[]
        const more = names.length > HOVER_NAMES ? `<br>… and ${names.length - HOVER_NAMES} more` : ''
        return `${names.length} classes with ${k} lemma(s):<br>${names.slice(0, HOVER_NAMES).map(label).join(', ')}${more}`
      }),
      hoverinfo: 'text',
      marker: { color },
    }
  })
  return {
    data,
    layout: {
      title: { text: `Lemmas per ImageNet class (WordNet 3.0, ${kept.length} classes)` },
      barmode: 'group',
      xaxis: { title: { text: 'lemmas in the class' }, dtick: 1 },
      yaxis: { title: { text: 'classes' } },
      autosize: true,
      height: 420,
      meta: { tier: 'real' },
    },
  }
}
