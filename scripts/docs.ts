// Renders the README's key figures to PNG in docs/figures/ (tracked), with the static renderer of src/plots/render.ts:
// Fig. 1 (notebook 04), Fig. 6 (notebook 05) and one dial sweep of the simulated world (notebook 06).
// The figure specs come from the notebooks themselves: those saved under <LAIONET_OUT>/figures by `npm run reproduce`
// are used when present; otherwise the notebooks that make them run headless first, into a temporary folder.
//
//   npm run docs [-- --fresh]   (--fresh: always rerun the notebooks)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderFigures } from '../src/plots/render.js'
import type { PlotlyFigure } from '../src/plots/types.js'
import { describeFailure, root, runNotebook } from './notebooks.js'
import { useEnvironmentContext } from '../src/config/context.js'

// The environment (LAIONET_DATA_MIRROR, LAIONET_CACHE, ...) becomes the default context once, as for `import 'laionet'`.
useEnvironmentContext()

/** One README figure: the file it becomes, the notebook that makes it, and the spec ids it may carry (first found wins). */
export interface DocsFigure {
  file: string
  notebook: string
  ids: string[]
}

/** The README's figures, in README order. */
export const DOCS_FIGURES: DocsFigure[] = [
  { file: 'fig1-accuracy', notebook: '04_accuracy', ids: ['fig1-accuracy', 'fig1-accuracy-imagenet-side'] },
  { file: 'fig6-intra-class', notebook: '05_intra_class', ids: ['fig6-intra-class'] },
  { file: 'dial-caption-detail', notebook: '06_causal_story', ids: ['sim-dial-caption-detail'] },
]

/** The folder the PNGs go to. */
export const DOCS_DIR = join(root, 'docs', 'figures')

/** Returns the first spec file of `figure` that exists in `<outDir>/figures`, or null. */
export function findSpec(outDir: string, figure: DocsFigure): string | null {
  for (const id of figure.ids) {
    const file = join(outDir, 'figures', `${id}.json`)
    if (existsSync(file)) return file
  }
  return null
}

/**
 * Renders the README's figures into `dir` as `<file>.png` (PNG only: the SVGs stay in the temporary render folder).
 * @returns the PNG paths written, in README order.
 */
export async function renderDocsFigures(outDir: string, dir = DOCS_DIR): Promise<string[]> {
  const specs = DOCS_FIGURES.map((f) => {
    const file = findSpec(outDir, f)
    if (file == null) throw new Error(`docs: no spec ${f.ids.join(' or ')} in ${join(outDir, 'figures')}: run notebooks/${f.notebook}.ipynb (npm run docs -- --fresh does)`)
    return { id: f.file, figure: JSON.parse(readFileSync(file, 'utf8')) as PlotlyFigure }
  })
  const scratch = mkdtempSync(join(tmpdir(), 'laionet-docs-'))
  try {
    const rendered = await renderFigures(specs, scratch, { scale: 1.5 })
    mkdirSync(dir, { recursive: true })
    return rendered.map((r) => {
      const png = join(dir, `${r.id}.png`)
      copyFileSync(r.png, png)
      return png
    })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function cli(): Promise<void> {
  const fresh = process.argv.includes('--fresh')
  let outDir = resolve(process.env.LAIONET_OUT ?? join(root, 'out'))
  let scratch: string | undefined
  const missing = DOCS_FIGURES.filter((f) => fresh || findSpec(outDir, f) == null)
  try {
    if (missing.length) {
      scratch = mkdtempSync(join(tmpdir(), 'laionet-docs-out-'))
      outDir = scratch
      for (const f of DOCS_FIGURES) {
        const run = await runNotebook(join(root, 'notebooks', `${f.notebook}.ipynb`), { outDir })
        if (run.status === 'failed') throw new Error(`docs: ${describeFailure(run)}`)
        process.stderr.write(`ran     ${run.name} (${run.seconds.toFixed(1)} s)\n`)
      }
    }
    for (const png of await renderDocsFigures(outDir)) process.stderr.write(`wrote   ${png}\n`)
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await cli().catch((err: Error) => {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  })
}
