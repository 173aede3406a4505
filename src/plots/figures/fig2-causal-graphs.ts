import { axisIds, panelLayout } from '../figure-parts.js'
import type { FigureOptions, PlotlyFigure, PlotlyTrace } from '../types.js'

/** Node positions shared by both graphs: the class on top, image and text below, selection at the bottom. */
const NODES: Record<string, [number, number]> = { Y: [0.5, 1], X: [0, 0.45], T: [1, 0.45], S: [0.5, -0.1] }

/** The two graphs of Fig. 2: edges (from, to) and the name of the selection variable. */
const CAUSAL_GRAPHS = [
  { title: '(a) LAIONet: selection sees only the text', selection: 'S', edges: [['Y', 'X'], ['Y', 'T'], ['T', 'S']] },
  { title: "(b) ImageNet: selection also sees the image", selection: "S'", edges: [['Y', 'X'], ['Y', 'T'], ['T', 'S'], ['X', 'S']] },
] as const

const NAMES: Record<string, string> = { Y: 'Y: class', X: 'X: image', T: 'T: text', S: 'selected' }

/**
 * Fig. 2: the causal graphs of LAIONet (Y -> X, Y -> T, T -> S) and ImageNet (Y -> X, Y -> T, T -> S',
 * X -> S'), drawn with plotly markers and arrow annotations. The graphs are the paper's argument, not
 * data, so the tier is `quoted`.
 * @returns a plotly spec: one node trace per graph.
 * @example fig2CausalGraphs()
 */
export function fig2CausalGraphs({ title = 'Fig. 2: causal graphs of the two selections', width, height = 480 }: FigureOptions = {}): PlotlyFigure {
  const data: PlotlyTrace[] = []
  const arrows: Record<string, unknown>[] = []
  const hidden = { title: '', range: [-0.35, 1.35], visible: false, fixedrange: true }
  const panels = CAUSAL_GRAPHS.map((g, i) => {
    const a = axisIds(i)
    const ids = Object.keys(NODES)
    const text = ids.map((id) => (id === 'S' ? g.selection : id))
    data.push({
      type: 'scatter', mode: 'markers+text', name: g.selection === 'S' ? 'LAIONet graph' : 'ImageNet graph', showlegend: false,
      x: ids.map((id) => NODES[id][0]), y: ids.map((id) => NODES[id][1]), text,
      textfont: { size: 18, color: '#ffffff' }, textposition: 'middle center',
      hovertext: ids.map((id) => (id === 'S' ? `${g.selection}: ${NAMES.S}` : NAMES[id])), hoverinfo: 'text',
      marker: { size: 44, color: ids.map((id) => (id === 'S' ? '#D55E00' : '#0072B2')), line: { color: '#333333', width: 1 } },
      xaxis: a.x, yaxis: a.y,
    })
    for (const [from, to] of g.edges) {
      arrows.push({
        xref: a.x, yref: a.y, axref: a.x, ayref: a.y, x: NODES[to][0], y: NODES[to][1], ax: NODES[from][0], ay: NODES[from][1],
        text: '', showarrow: true, arrowhead: 2, arrowsize: 1.4, arrowwidth: 2, arrowcolor: from === 'X' && to === 'S' ? '#D55E00' : '#333333',
        standoff: 24, startstandoff: 24,
      })
    }
    return { title: g.title, x: hidden, y: { ...hidden, range: [-0.35, 1.25] } }
  })
  return { data, layout: panelLayout({ title, tier: 'quoted', note: 'from the paper', panels, width, height, extra: { annotations: arrows, showlegend: false } }) }
}
