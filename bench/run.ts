// `npm run bench`: runs every bench/<area>.ts in its own process (so one benchmark's memory does not
// colour the next one's peak), one after another, then prints where each wrote its results.
//   npm run bench [-- match metrics reproduce ...]   (default: all; reproduce runs `npm run reproduce` from a warm cache)
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeCpu } from '../src/util/cpu-features.js'
import { cpuSlug } from './best-of.js'
import { summaryLines } from './summary.js'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const areas = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'best-of.ts', 'summary.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((a) => wanted.length === 0 || wanted.includes(a))
  .sort()

let failed = 0
process.stderr.write(`bench: on ${describeCpu()}; results in bench/results/${cpuSlug()}/\n`)
for (const area of areas) {
  process.stderr.write(`bench: ${area} ...\n`)
  const started = Date.now()
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, `${area}.ts`)], { stdio: 'inherit', cwd: join(here, '..') })
  const file = join(here, 'results', cpuSlug(), `${area}.json`)
  if (result.status !== 0) failed++
  process.stderr.write(`bench: ${area} ${result.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s${existsSync(file) ? ` -> ${file}` : ''}\n`)
}
// Every ratio against its peer, with the CPU and load each was measured on (from the results files, so areas of an
// earlier run show too: the CPU line says which machine).
const summary = summaryLines(join(here, 'results', cpuSlug()))
if (summary.length) process.stderr.write(`bench: ratios against the peers (bench/results/${cpuSlug()}/):\n${summary.map((l) => `  ${l}`).join('\n')}\n`)
process.exitCode = failed ? 1 : 0
