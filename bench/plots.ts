/**
 * Benchmark of the figure pipeline (src/plots) at the paper's sizes: building Fig. 6 from 872 classes and
 * 87,200 pooled pair similarities, the notebook display bundle (first call with plotly.js, later calls
 * without), and the static render in one Chromium: per figure, against an empty figure as the baseline
 * measured in the same run. Run: node --import tsx bench/plots.ts   (writes bench/results/<cpu>/plots.json)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fig6IntraClass } from '../src/index.js'
import { openFigureRenderer } from '../src/plots/render.js'
import type { ClassDifferenceRow } from '../src/index.js'
import { displayFigure, resetFigureDisplay } from '../src/plots/show-figure.js'
import { writeResults } from './best-of.js'

const round = (x: number) => Number(x.toFixed(3))

// Paper-sized inputs from a closed-form sequence (the benchmark times the pipeline, not the numbers).
const frac = (i: number, a: number) => ((i + 1) * a) % 1
const pooled = (n: number, c: number) => Float32Array.from({ length: n }, (_, i) => c + 0.3 * (frac(i, 0.618034) + frac(i, 0.754878) - 1))
const rows: ClassDifferenceRow[] = Array.from({ length: 872 }, (_, i) => {
  const delta = 0.1 * (frac(i, 0.618034) - 0.7)
  return { wnid: `n${String(i).padStart(8, '0')}`, delta, low: delta - 0.02, high: delta + 0.02 }
})
const input = { tier: 'simulated' as const, histograms: [{ name: 'LAIONet', values: pooled(87_200, 0.6) }, { name: 'ImageNet', values: pooled(87_200, 0.7) }], differences: [{ name: 'paper test', rows }, { name: 'corrected test', rows }] }

let t = performance.now()
const reps = 20
let fig = fig6IntraClass(input)
for (let i = 1; i < reps; i++) fig = fig6IntraClass(input)
const buildMs = (performance.now() - t) / reps
const specBytes = JSON.stringify(fig).length

resetFigureDisplay()
t = performance.now()
const first = displayFigure(fig, () => {})
const firstMs = performance.now() - t
t = performance.now()
const later = displayFigure(fig, () => {})
const laterMs = performance.now() - t

const dir = mkdtempSync(join(tmpdir(), 'laionet-bench-plots-'))
t = performance.now()
const renderer = await openFigureRenderer()
const launchMs = performance.now() - t
const time = async (id: string, spec: typeof fig, n = 3) => {
  const start = performance.now()
  for (let i = 0; i < n; i++) await renderer.render(id, spec, dir)
  return (performance.now() - start) / n
}
const emptyMs = await time('empty', { data: [], layout: { width: 1100, height: 500 } })
const fig6Ms = await time('fig6-intra-class', fig)
await renderer.close()
rmSync(dir, { recursive: true, force: true })

const results = {
  node: process.version,
  fig6Build: { classes: rows.length, pooledValues: 2 * 87_200, ms: round(buildMs), specKB: round(specBytes / 1024) },
  display: { firstCallMs: round(firstMs), firstHtmlMB: round((first['text/html'] as string).length / 1e6), laterCallMs: round(laterMs), laterHtmlKB: round((later['text/html'] as string).length / 1024) },
  render: { chromiumLaunchMs: round(launchMs), emptyFigureMs: round(emptyMs), fig6Ms: round(fig6Ms), fig6OverEmpty: round(fig6Ms / emptyMs) },
}
writeResults('plots', results)
console.log(JSON.stringify(results, null, 2))
