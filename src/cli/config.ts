import { loadConfig } from '../config/load-config.js'
import { describeTiers, formatTiers } from '../config/describe-tiers.js'
import { resolveClip } from '../config/resolve-clip.js'
import { checkImageEncoders } from '../config/resolve-encoders.js'
import { parseCommandArgs, printJson, UsageError } from './args.js'
import type { Command } from './types.js'

const usage = `Usage: laionet config [--config <laionet.config.json>] [--no-check] [--json]

Prints the resolved configuration (--config, or LAIONET_CONFIG, or laionet.config.json at the project root; the
built-in defaults when there is none) and, for every experiment of the paper, which tier its results will come
from: real, released, simulated, fixture or quoted. The configured CLIP's weights are checked against ViT-B/32's
released image embeddings (7 images, cosine >= 0.99; the verdict is cached by the files' hashes): only verified
weights make CLIP-derived numbers \`real\`. The image encoders of models.imageEncoders are checked likewise: their
features must separate 20 dog from 20 other ImageNet samples (AUC >= 0.75); random weights do not.

Options:
  --config <path> configuration file to read (as every command that reads it; --file is the same)
  --no-check      do not fail on configured paths that do not exist
  --json          print { config, clip, tiers } as JSON
`

const command: Command = {
  summary: 'show the resolved configuration and the tier every experiment\'s results will come from',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' }, file: { type: 'string' }, 'no-check': { type: 'boolean' } })
    if (values.config !== undefined && values.file !== undefined && values.config !== values.file) {
      throw new UsageError(`--config: give the configuration once (--config ${values.config} and --file ${values.file} differ)`)
    }
    const config = await loadConfig(values.config ?? values.file, { checkPaths: !values['no-check'] })
    const clip = await resolveClip(config)
    const encoders = await checkImageEncoders(config)
    const tiers = describeTiers(config)
    if (values.json) {
      printJson(io.stdout, { config, clip, encoders, tiers }, true)
      return 0
    }
    io.stdout.write(`Configuration: ${config.file ?? 'built-in defaults (no laionet.config.json)'}\n`)
    io.stdout.write(`Output: ${config.outDir}   Cache: ${config.cacheDir}   Data mirror: ${config.dataMirror ?? 'none (download by URL)'}\n`)
    io.stdout.write(`Model hub: ${config.models.remoteHost}${config.models.allowRemoteModels ? '' : ' (not contacted: models.allowRemoteModels is false)'}\n`)
    io.stdout.write(`CLIP: ${clip.spec}: ${clip.tier} (${clip.reason})\n`)
    for (const line of encoders) io.stdout.write(`Image encoder ${line}\n`)
    io.stdout.write('\n')
    io.stdout.write(formatTiers(tiers))
    return 0
  },
}

export default command
