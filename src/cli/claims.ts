import { loadConfig } from '../config/load-config.js'
import { verdictCounts, verdictSummary } from '../claims/scoreboard.js'
import type { ClaimEntry } from '../claims/types.js'
import { runClaims } from '../experiments/run-claims.js'
import { formatValue } from '../util/format.js'
import { parseCommandArgs } from './args.js'
import type { Command } from './types.js'

const usage = `Usage: laionet claims [--config <laionet.config.json>] [--json]

The scoreboard: every numbered claim of the paper (every entry of src/paper/registry.ts, computed or not),
recomputed on what the configuration names, beside the paper's value, with a verdict:
  reproduced  real or released data, within the claim's tolerance
  differs     real or released data, outside it: a finding, stated with the difference
  direction   the simulated world: the effect has the paper's sign
  opposite    the simulated world: the effect has the other sign
  plumbing    computed through tiny random models: the number means nothing
  quoted      not computed here (\`configure\` says which source or model would compute it)

Options:
  --config <path>  configuration file (default: LAIONET_CONFIG, else laionet.config.json, else the built-in defaults)
  --json           one JSON line per claim: {"id", "section", "claim", "unit", "paper", "value", "tier", "verdict",
                   "difference", "tolerance", "reason", "source", "configure", "setting"}, then
                   {"summary": {verdict: count}}
Progress goes to stderr. It runs every experiment (as \`laionet experiment --all\`).
`

/** One scoreboard row for a terminal. */
function row(e: ClaimEntry): string {
  const value = e.value === null ? '—' : formatValue(e.value)
  const extra = e.verdict === 'quoted' || e.verdict === 'plumbing' ? (e.configure ? ` -> ${e.configure}` : '') : ` (${e.reason})`
  return `${e.verdict.padEnd(10)} ${e.id.padEnd(34)} ours ${value.padStart(11)}  paper ${formatValue(e.paper).padStart(11)} ${e.unit.padEnd(10)} ${e.tier}${extra}\n`
}

const command: Command = {
  summary: 'the scoreboard: every claim of the paper recomputed on the configured data, with a verdict',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' } })
    const config = await loadConfig(values.config)
    // runExperiment runs each experiment in the configuration's context (folders, model hub): nothing leaks.
    const { entries } = await runClaims({ config, onProgress: (m) => { io.stderr.write(`${m}\n`) } })
    if (values.json) {
      for (const e of entries) io.stdout.write(JSON.stringify(e) + '\n')
      io.stdout.write(JSON.stringify({ summary: verdictCounts(entries) }) + '\n')
      return 0
    }
    for (const e of entries) io.stdout.write(row(e))
    io.stdout.write(`\n${verdictSummary(entries)}\n`)
    return 0
  },
}

export default command
