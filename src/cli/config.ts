import { loadConfig } from '../config/load-config.js'
import { describeTiers, formatTiers } from '../config/describe-tiers.js'
import { resolveClip } from '../config/resolve-clip.js'
import { parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'

const usage = `Usage: laionet config [--file <laionet.config.json>] [--no-check] [--json]

Prints the resolved configuration (laionet.config.json at the project root, or LAIONET_CONFIG, or --file; the
built-in defaults when there is none) and, for every experiment of the paper, which tier its results will come
from: real, released, simulated, fixture or quoted. The configured CLIP's weights are checked against ViT-B/32's
released image embeddings (7 images, cosine >= 0.99; the verdict is cached by the files' hashes): only verified
weights make CLIP-derived numbers \`real\`.

Options:
  --file <path>   configuration file to read
  --no-check      do not fail on configured paths that do not exist
  --json          print { config, clip, tiers } as JSON
`

const command: Command = {
  summary: 'show the resolved configuration and the tier every experiment\'s results will come from',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { file: { type: 'string' }, 'no-check': { type: 'boolean' } })
    const config = await loadConfig(values.file, { checkPaths: !values['no-check'] })
    const clip = await resolveClip(config)
    const tiers = describeTiers(config)
    if (values.json) {
      printJson(io.stdout, { config, clip, tiers }, true)
      return 0
    }
    io.stdout.write(`Configuration: ${config.file ?? 'built-in defaults (no laionet.config.json)'}\n`)
    io.stdout.write(`Output: ${config.outDir}   Cache: ${config.cacheDir}   Data mirror: ${config.dataMirror ?? 'none (download by URL)'}\n`)
    io.stdout.write(`Model hub: ${config.models.remoteHost}${config.models.allowRemoteModels ? '' : ' (not contacted: models.allowRemoteModels is false)'}\n`)
    io.stdout.write(`CLIP: ${clip.spec}: ${clip.tier} (${clip.reason})\n\n`)
    io.stdout.write(formatTiers(tiers))
    return 0
  },
}

export default command
