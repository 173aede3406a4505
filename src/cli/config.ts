import { loadConfig } from '../config/load-config.js'
import { describeTiers, formatTiers } from '../config/describe-tiers.js'
import { parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'

const usage = `Usage: laionet config [--file <laionet.config.json>] [--no-check] [--json]

Prints the resolved configuration (laionet.config.json at the project root, or LAIONET_CONFIG, or --file; the
built-in defaults when there is none) and, for every experiment of the paper, which tier its results will come
from: real, released, simulated, fixture or quoted.

Options:
  --file <path>   configuration file to read
  --no-check      do not fail on configured paths that do not exist
  --json          print { config, tiers } as JSON
`

const command: Command = {
  summary: 'show the resolved configuration and the tier every experiment\'s results will come from',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { file: { type: 'string' }, 'no-check': { type: 'boolean' } })
    const config = await loadConfig(values.file, { checkPaths: !values['no-check'] })
    const tiers = describeTiers(config)
    if (values.json) {
      printJson(io.stdout, { config, tiers }, true)
      return 0
    }
    io.stdout.write(`Configuration: ${config.file ?? 'built-in defaults (no laionet.config.json)'}\n`)
    io.stdout.write(`Output: ${config.outDir}   Cache: ${config.cacheDir}   Data mirror: ${config.dataMirror ?? 'none (download by URL)'}\n\n`)
    io.stdout.write(formatTiers(tiers))
    return 0
  },
}

export default command
