// The main job: executes every notebook headless in order, renders every saved figure to PNG and SVG
// in one Chromium, and writes out/report.md and out/report.html. Run through `npm run reproduce`,
// whose preflight installs what is missing, builds, and registers the kernel.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, join, relative, resolve } from 'node:path'
import { describeFailure, listNotebooks, root, runInLanes, runNotebook, type NotebookRun } from './notebooks.js'
import { configFile, describeTiers, fetchData, formatTiers, loadConfig, readResults, renderFigures, scoreboard, verdictSummary } from '../src/index.js'
import { resolveSources } from '../src/config/resolve-sources.js'
import { useEnvironmentContext } from '../src/config/context.js'
import { reportMarkdown } from '../src/report/report-markdown.js'
import { writeDialsHtml } from '../src/plots/dials-html.js'
import { writeReportHtml } from '../src/report/report-html.js'
import type { NotebookStatus } from '../src/report/types.js'

// `--config <file>` (or LAIONET_CONFIG) names the configuration every notebook and experiment reads; without either,
// laionet.config.json at the project root when present. It names the mirror, cache and output folders; explicit
// environment variables win, and the kernels inherit the result (LAIONET_CONFIG, made absolute).
const args = process.argv.slice(2)
const configAt = args.indexOf('--config')
if (configAt >= 0) {
  const file = args[configAt + 1]
  if (!file || file.startsWith('--')) {
    process.stderr.write('reproduce: --config needs a file, e.g. npm run reproduce -- --config out/rehearsal/laionet.config.json\n')
    process.exit(2)
  }
  process.env.LAIONET_CONFIG = resolve(file)
  args.splice(configAt, 2)
}
const config = await loadConfig()
// The kernels are child processes: the configuration's folders reach them through their environment (explicit
// variables win). Within src/ nothing reads these back but `import 'laionet'`, once.
for (const [name, value] of [['LAIONET_DATA_MIRROR', config.dataMirror], ['LAIONET_CACHE', config.cacheDir], ['LAIONET_OUT', config.outDir]] as const) {
  if (value !== null && process.env[name] === undefined) process.env[name] = value
}
// This process read its environment when it imported laionet, before the lines above: read it again, once.
useEnvironmentContext()
const outDir = resolve(process.env.LAIONET_OUT ?? join(root, 'out'))
process.env.LAIONET_OUT = outDir

function say(message: string): void {
  process.stderr.write(`reproduce: ${message}\n`)
}

async function main(): Promise<number> {
  const only = args.filter((a) => !a.startsWith('--'))
  const notebooks = only.length ? only.map((f) => resolve(f)) : listNotebooks()
  mkdirSync(outDir, { recursive: true })
  if (!process.env.LAIONET_DATA_MIRROR) say('LAIONET_DATA_MIRROR is not set: data files are downloaded from their public URLs')
  else say(`data mirror: ${process.env.LAIONET_DATA_MIRROR}`)
  say(`configuration: ${configFile() ?? 'none, built-in defaults'}; where each experiment's results come from:`)
  process.stderr.write(formatTiers(describeTiers(config)).replace(/^/gm, '    '))

  // Every data file first, once, with progress: a missing mirror or network then fails here with one clear
  // message instead of in every notebook.
  say('data: checking every file of data/manifest.json (sha256) ...')
  try {
    let last = 0
    const reports = await fetchData('all', {
      onProgress: ({ done, total }) => {
        if (Date.now() - last > 2000 || done === total) { last = Date.now(); say(`data: ${done}/${total} files`) }
      },
    })
    say(`data: ${reports.length} files ready`)
  } catch (err) {
    say(`FAILED: ${(err as Error).message}`)
    return 1
  }

  // Two kernels at a time on two cores (SELF_CONTAINED in scripts/notebooks.ts beside the others' ordered chain).
  const lanes = Number(process.env.LAIONET_NOTEBOOK_LANES ?? Math.min(2, availableParallelism()))
  const runs: NotebookRun[] = await runInLanes(notebooks, async (file, i) => {
    const name = basename(file, '.ipynb')
    // A notebook's numbers are recomputed from scratch: stale ones from an earlier run must not survive.
    rmSync(join(outDir, 'results', `${name}.json`), { force: true })
    say(`[${i + 1}/${notebooks.length}] ${name} ...`)
    const run = await runNotebook(file, { outDir })
    say(run.status === 'ok' ? `[${i + 1}/${notebooks.length}] ${name} ok (${run.seconds.toFixed(1)} s)` : describeFailure(run))
    return run
  }, { lanes })

  const figureDir = join(outDir, 'figures')
  const specs = existsSync(figureDir) ? readdirSync(figureDir).filter((f) => f.endsWith('.json')) : []
  let figures: { id: string; png: string; svg: string }[] = []
  if (specs.length) {
    say(`rendering ${specs.length} figures in Chromium ...`)
    figures = (await renderFigures(figureDir, figureDir)).map((f) => ({
      id: f.id, png: relative(outDir, f.png), svg: relative(outDir, f.svg),
    }))
  }

  const statuses: NotebookStatus[] = runs.map((r) => ({
    name: r.name, status: r.status, seconds: r.seconds, file: relative(outDir, r.executed), error: r.failure?.error,
  }))
  const results = runs.flatMap((r) => readResults(r.name, outDir))
  // The scoreboard judges every claim of the paper from what the notebooks recorded (the same records, by id, that
  // `laionet claims` judges from the experiments directly).
  const claims = scoreboard(results, resolveSources(config))
  writeFileSync(join(outDir, 'claims.json'), JSON.stringify(claims, null, 1) + '\n')
  writeFileSync(join(outDir, 'report.md'), reportMarkdown(statuses, results, { scoreboard: claims }))
  // The slider cards of report.html link to dials.html only when this run wrote it: never to a stale one.
  rmSync(join(outDir, 'dials.html'), { force: true })
  writeDialsHtml(figures, outDir)
  writeReportHtml({ results, notebooks: statuses, figures, scoreboard: claims }, join(outDir, 'report.html'))

  const failed = runs.filter((r) => r.status === 'failed')
  say(`${runs.length - failed.length}/${runs.length} notebooks ok, ${results.length} numbers, ${figures.length} figures`)
  say(`scoreboard: ${verdictSummary(claims)} (${join(outDir, 'claims.json')})`)
  say(`report: ${join(outDir, 'report.md')} and ${join(outDir, 'report.html')}`)
  if (failed.length) say(`FAILED: ${failed.map((r) => r.name).join(', ')}`)
  return failed.length ? 1 : 0
}

process.exitCode = await main()
