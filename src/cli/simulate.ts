import { RANGES } from '../util/number-ranges.js'
import { loadSimulationConfig } from '../simulate/load-config.js'
import { runSimulation } from '../simulate/report.js'
import { DEFAULT_SIMULATION_CONFIG } from '../simulate/config.js'
import { numberFlag, parseCommandArgs, printJson } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet simulate [--seed N] [--config <file.json>] [--json]

Runs the simulated world (a causal model of classes, images and captions) and every experiment of the paper in
it: text-only (LAIONet) vs image-aware (ImageNet) selection, per-class intra-class similarity tests (Fig. 6),
classifier accuracy (Fig. 1), the selection-frequency sweep (Fig. 7), the equal-size frontier A..D (Section 4.2),
caption-to-synset similarity (Fig. 8) and label noise without selection. Fully offline; the same seed and config
give byte-identical output.
  --seed N              integer seed of every random step (default 1)
  --config <file.json>  a JSON object of dials overriding the defaults, e.g. {"captionDescribesImage": 1};
                        unknown keys and out-of-range values are errors naming the field and its range
  --json                print one JSON object (seed, config, textOnly, imageAware, shareTextLower, ...; camelCase
                        keys like the --config dials; an undefined share is null)
Without --json: a short readable summary.
`

const command: Command = {
  summary: 'the simulated world: text-only vs image-aware selection and every experiment, offline',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { seed: { type: 'string' }, config: { type: 'string' } })
    const seed = numberFlag('seed', values.seed, 1, RANGES.seed)
    const config = values.config === undefined ? { ...DEFAULT_SIMULATION_CONFIG } : loadSimulationConfig(values.config)
    const report = runSimulation(config, { seed })
    if (values.json) {
      printJson(io.stdout, report)
      return 0
    }
    const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`)
    const f = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3))
    io.stdout.write([
      `simulated world, seed ${report.seed}: ${report.config.classes} classes, ${report.config.candidates} candidates`,
      `text-only (LAIONet):    ${report.textOnly.size} samples, mean intra-class similarity ${f(report.textOnly.intraMean)}`,
      `image-aware (ImageNet): ${report.imageAware.size} samples, mean intra-class similarity ${f(report.imageAware.intraMean)}`,
      `text-only significantly lower in ${pct(report.shareTextLower)}, higher in ${pct(report.shareTextHigher)} of ${report.compared} classes (paper's test; paper: 57.6% / 27.9%)`,
      `  corrected test: lower ${pct(report.corrected.shareTextLower)}, higher ${pct(report.corrected.shareTextHigher)}`,
      `classifier fitted on image-aware: accuracy ${f(report.accuracy.imageAware)} held-out image-aware, ${f(report.accuracy.textOnly)} text-only`,
      `selection frequency: ${report.selectionFrequency.map((s) => `${s.threshold} -> ${f(s.intraMean)}`).join(', ')}`,
      `frontier: ${report.frontier.map((p) => `${p.name} (${p.textThreshold}, ${f(p.imageThreshold)}) -> ${f(p.intraMean)}`).join(', ')}`,
      '',
    ].join('\n'))
    return 0
  },
}

export default command
