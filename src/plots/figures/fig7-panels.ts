import { paperShare } from '../../paper/registry.js'
import { checkTier, label, need, panelLayout, pct } from '../figure-parts.js'
import type { FigureOptions, PlotlyFigure, PlotlyTrace, TieredInput } from '../types.js'

/** Shares of classes significantly lower / higher, fractions. */
export interface LowerHigher {
  lower: number
  higher: number
}

/** One ImageNetV2 version of Fig. 7's panels. */
export interface Fig7PanelVersion {
  /** Version name, e.g. `MatchedFrequency` or `>= 0.73`. */
  name: string
  /** Its mean (or threshold) MTurk selection frequency: orders the versions. */
  selectionFrequency: number
  /** LAIONet vs the version: `lower` = LAIONet significantly less similar in that share of classes. */
  laionet: LowerHigher
  /** ImageNet vs the version: `lower` = ImageNet significantly less similar. Default: panel (b) left empty. */
  imagenet?: LowerHigher
}

/** Input of {@link fig7Panels}. */
export interface Fig7PanelsInput extends TieredInput {
  versions: Fig7PanelVersion[]
  /**
   * The version that plays ImageNetV2 MatchedFrequency: the paper's shares for it (32.0% lower, 38.3% higher, from
   * the registry) are drawn on panel (a) as diamonds. Default: none drawn.
   */
  matchedFrequency?: string
  /** Name of the test the shares come from, shown on the y axis. Default: `paper's test`. */
  test?: string
}

/**
 * Fig. 7's two panels (ICLR): for each ImageNetV2 version, the share of classes where (a) LAIONet and (b) ImageNet
 * is significantly less / more similar than the version. LAIONet vs MatchedFrequency is about even; the versions
 * with a higher selection frequency look more like ImageNet.
 * @param input versions (fractions), the tier, the MatchedFrequency-like version
 * @returns a plotly spec: grouped bars, lower and higher, per panel
 * @example fig7Panels({ tier: 'simulated', versions: [{ name: '>= 0.73', selectionFrequency: 0.73, laionet: { lower: 0.4, higher: 0.3 } }] })
 */
export function fig7Panels(input: Fig7PanelsInput, { title = 'Fig. 7: LAIONet and ImageNet against each ImageNetV2 version', width, height = 460 }: FigureOptions = {}): PlotlyFigure {
  const tier = checkTier('fig7-panels', input?.tier)
  need('fig7-panels', Array.isArray(input.versions) && input.versions.length > 0, 'needs versions: Fig7PanelVersion[]')
  const ok = (s: LowerHigher | undefined) => s === undefined || (Number.isFinite(s.lower) && Number.isFinite(s.higher))
  for (const v of input.versions) need('fig7-panels', Number.isFinite(v.selectionFrequency) && ok(v.laionet) && v.laionet !== undefined && ok(v.imagenet), `version ${JSON.stringify(v.name)} needs a finite selectionFrequency and laionet (and imagenet) lower/higher shares`)
  const versions = [...input.versions].sort((a, b) => a.selectionFrequency - b.selectionFrequency)
  const x = versions.map((v) => `${label(v.name)} (${v.selectionFrequency})`)
  const data: PlotlyTrace[] = []
  const sides = [{ key: 'laionet' as const, axes: { xaxis: 'x', yaxis: 'y' } }, { key: 'imagenet' as const, axes: { xaxis: 'x2', yaxis: 'y2' } }]
  for (const [i, side] of sides.entries()) {
    const rows = versions.map((v) => v[side.key])
    if (rows.every((r) => r === undefined)) continue
    data.push({ type: 'bar', name: 'significantly lower', showlegend: i === 0, x, y: rows.map((r) => (r ? pct(r.lower) : null)), marker: { color: '#0072B2' }, ...side.axes })
    data.push({ type: 'bar', name: 'significantly higher', showlegend: i === 0, x, y: rows.map((r) => (r ? pct(r.higher) : null)), marker: { color: '#D55E00' }, ...side.axes })
  }
  if (input.matchedFrequency !== undefined) {
    const at = versions.find((v) => v.name === input.matchedFrequency)
    need('fig7-panels', at !== undefined, `matchedFrequency ${JSON.stringify(input.matchedFrequency)} names no version (${versions.map((v) => v.name).join(', ')})`)
    const xm = `${label(at!.name)} (${at!.selectionFrequency})`
    data.push({
      type: 'scatter', mode: 'markers', name: 'paper, LAIONet vs MatchedFrequency (lower, higher)', x: [xm, xm],
      y: [pct(paperShare('fig7.matchedLowerShare')), pct(paperShare('fig7.matchedHigherShare'))],
      marker: { symbol: 'diamond', size: 11, color: ['#0072B2', '#D55E00'], line: { color: '#000000', width: 1 } }, xaxis: 'x', yaxis: 'y',
    })
  }
  const y = { title: `classes (%), ${input.test ?? "paper's test"}`, rangemode: 'tozero' }
  const panels = [
    { title: '(a) LAIONet vs version', x: { title: 'ImageNetV2 version (selection frequency)' }, y },
    { title: '(b) ImageNet vs version', x: { title: 'ImageNetV2 version (selection frequency)' }, y },
  ]
  return { data, layout: panelLayout({ title, tier, note: input.note, panels, width, height, extra: { barmode: 'group' } }) }
}
