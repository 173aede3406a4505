import { loadConfig } from '../config/load-config.js'
import { EXPERIMENT_NAMES } from '../config/resolve-sources.js'
import { isExperimentName, runExperiment } from '../experiments/run.js'
import type { ExperimentRecord } from '../experiments/types.js'
import { parseCommandArgs, UsageError } from './args.js'
import type { Command } from './types.js'
import { formatValue } from '../util/format.js'

const usage = `Usage: laionet experiment <name...> [--config <laionet.config.json>] [--all] [--json]

Runs experiments of the paper without Jupyter, each on what the configuration names (real data, the authors'
released results, the simulated world, fixture models or the paper's quoted numbers: see \`laionet config\`),
and prints every number it computed with its tier and the files and models it came from.

Experiments, in paper order:
  ${EXPERIMENT_NAMES.join(', ')}

Options:
  --config <path>  configuration file (default: LAIONET_CONFIG, else laionet.config.json at the project root,
                   else the built-in defaults)
  --all            run every experiment, in paper order
  --json           one JSON line per record: {"id", "experiment", "section", "claim", "value", "unit", "tier",
                   "source", "paper", "note"} (values at full precision; ids of the paper's numbers are the
                   registry's, as in \`laionet claims\`)
Progress goes to stderr.
`


const command: Command = {
  summary: 'run experiments of the paper on what the configuration names and print their numbers, tiers and sources',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string' }, all: { type: 'boolean' } }, { positionals: true })
    const names = values.all ? [...EXPERIMENT_NAMES] : positionals
    if (names.length === 0) throw new UsageError(`name an experiment (${EXPERIMENT_NAMES.join(', ')}) or give --all`)
    const unknown = names.filter((n) => !isExperimentName(n))
    if (unknown.length) throw new UsageError(`unknown experiment ${unknown.map((n) => `"${n}"`).join(', ')} (expected ${EXPERIMENT_NAMES.join(', ')})`)
    const config = await loadConfig(values.config)
    // runExperiment runs each experiment in the configuration's context (folders, model hub): nothing leaks to a later call.
    const progress = (message: string) => { io.stderr.write(`${message}\n`) }
    for (const name of names) {
      progress(`experiment ${name} ...`)
      const started = Date.now()
      const result = await runExperiment(name, { config, onProgress: progress })
      progress(`experiment ${name}: ${result.records.length} records, ${result.figures.length} figures (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      if (values.json) {
        for (const r of result.records) io.stdout.write(JSON.stringify(line(r)) + '\n')
        continue
      }
      io.stdout.write(`\n== ${name}\n`)
      for (const s of result.sources) io.stdout.write(`   ${s.part}: ${s.tier} (${s.branch})${s.source.length ? ` from ${s.source.join(', ')}` : ''}\n`)
      for (const r of result.records) {
        io.stdout.write(`   ${r.section.padEnd(11)} ${r.tier.padEnd(9)} ${r.claim}: ${formatValue(r.value)}${r.unit ? ` ${r.unit}` : ''} (paper: ${formatValue(r.paper)}) [${r.id}]\n`)
      }
    }
    return 0
  },
}

function line(r: ExperimentRecord) {
  return { id: r.id, experiment: r.experiment, section: r.section, claim: r.claim, value: r.value, unit: r.unit, tier: r.tier, source: r.source, paper: r.paper, ...(r.note !== undefined ? { note: r.note } : {}) }
}

export default command
