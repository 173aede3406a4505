import { join } from 'node:path'
import { outDir } from '../util/paths.js'
import type { PlotlyFigure } from './types.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/** Ids become file names under out/figures/, so they are restricted to a safe, readable alphabet. */
const FIGURE_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/i

/** Throws unless `id` is a plain figure id such as `fig6-intra-class`. */
export function checkFigureId(id: string): string {
  if (typeof id !== 'string' || !FIGURE_ID.test(id) || id.includes('..')) {
    throw new Error(`plots: figure id ${JSON.stringify(id)} is not a plain name (expected letters, digits, '.', '_' or '-', at most 80, e.g. "fig1-accuracy")`)
  }
  return id
}

/** Throws unless `figure` looks like a plotly `{ data: [], layout: {} }` spec; names `where` in the message. */
export function checkFigure(figure: unknown, where: string): PlotlyFigure {
  const f = figure as PlotlyFigure | null
  if (f == null || typeof f !== 'object' || !Array.isArray(f.data) || f.layout == null || typeof f.layout !== 'object') {
    throw new Error(`plots: ${where} is not a plotly figure (expected { data: [...], layout: {...} }, got ${f === null ? 'null' : typeof f === 'object' ? `keys ${Object.keys(f).join(', ') || 'none'}` : typeof f}). Build it with one of the fig* builders`)
  }
  return f
}

/**
 * Writes a figure spec to `<dir>/<id>.json` (default `<outDir()>/figures/`), atomically, for the static
 * PNG/SVG render that runs after the notebooks.
 * @param id the figure id, e.g. `fig1-accuracy`; becomes the file name.
 * @param figure the plotly spec.
 * @param dir the folder. Default: `<outDir()>/figures`.
 * @returns the absolute path written.
 * @example saveFigure('fig4-class-frequency', fig4ClassFrequency(table)) // '/…/out/figures/fig4-class-frequency.json'
 */
export function saveFigure(id: string, figure: PlotlyFigure, dir = join(outDir(), 'figures')): string {
  checkFigureId(id)
  checkFigure(figure, `figure "${id}"`)
  const file = join(dir, `${id}.json`)
  writeFileAtomicSync(file, JSON.stringify(figure, null, 1) + '\n')
  return file
}
