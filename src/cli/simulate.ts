import { existsSync } from 'node:fs'
import { paperValue } from '../paper/registry.js'
import { loadSimulationConfig } from '../simulate/load-config.js'
import { runSimulation } from '../simulate/report.js'
import { DEFAULT_SIMULATION_CONFIG, LIST_DIALS, resolveSimulationConfig, SIMULATION_CONFIG_RANGES } from '../simulate/config.js'
import type { SimulationConfig } from '../simulate/types.js'
import { LaionetError } from '../util/errors.js'
import { numberFlag, parseCommandArgs, printJson, UsageError } from './args.js'
import { RANGES } from '../util/number-ranges.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet simulate [--seed N] [--dial name=value]... [--dials-file <file.json>] [--json]

Runs the simulated world (a causal model of classes, images and captions) and every experiment of the paper in
it: text-only (LAIONet) vs image-aware (ImageNet) selection, per-class intra-class similarity tests (Fig. 6),
classifier accuracy (Fig. 1), the selection-frequency sweep (Fig. 7), the equal-size frontier A..D (Section 4.2),
caption-to-synset similarity (Fig. 8) and label noise without selection. Fully offline; the same seed and dials
give byte-identical output.
  --seed N                  integer seed of every random step (default 1)
  --dial name=value         set one dial, e.g. --dial captionDescribesImage=1 (repeatable; a list dial takes
                            comma-separated values, e.g. --dial selectionFrequencySweep=0.5,0.73)
  --dials-file <file.json>  a JSON object of dials, e.g. a file holding {"captionDescribesImage": 1};
                            --dial values override it
  --json                    print one JSON object (seed, config, textOnly, imageAware, shareTextLower, ...;
                            camelCase keys like the dials; an undefined share is null)
Without --json: a short readable summary. An unknown dial or a value outside its range is a usage error (exit 2)
naming the dial and its range. The simulation reads no laionet.config.json.
`

/** Most --dial flags read: there are fewer than 30 dials. */
const MAX_DIAL_FLAGS = 64

/** Describes a dial's range as the errors and the help say it. */
function rangeText(name: keyof SimulationConfig): string {
  const r = SIMULATION_CONFIG_RANGES[name]
  return `${r.integer ? 'an integer' : 'a number'} in [${r.min}, ${r.max}]${LIST_DIALS.has(name) ? ' (each, comma-separated)' : ''}`
}

/** Parses the --dial flags into dial values, checking each name and range; errors are usage errors naming the dial. */
function parseDials(flags: readonly string[]): Partial<Record<keyof SimulationConfig, number | number[]>> {
  if (flags.length > MAX_DIAL_FLAGS) throw new UsageError(`--dial: at most ${MAX_DIAL_FLAGS} dials, got ${flags.length}`)
  const names = Object.keys(SIMULATION_CONFIG_RANGES) as (keyof SimulationConfig)[]
  const out: Partial<Record<keyof SimulationConfig, number | number[]>> = {}
  for (const flag of flags) {
    const eq = flag.indexOf('=')
    const name = (eq < 0 ? flag : flag.slice(0, eq)).trim() as keyof SimulationConfig
    if (!names.includes(name)) throw new UsageError(`--dial: unknown dial "${name}" (expected name=value with one of: ${names.join(', ')})`)
    const text = eq < 0 ? '' : flag.slice(eq + 1).trim()
    const r = SIMULATION_CONFIG_RANGES[name]
    const values = (LIST_DIALS.has(name) ? text.split(',') : [text]).map((v) => (v.trim() === '' ? NaN : Number(v)))
    const ok = values.length <= 20 && values.every((v) => Number.isFinite(v) && v >= r.min && v <= r.max && (!r.integer || Number.isInteger(v)))
    if (!ok) throw new UsageError(`--dial ${name}: expected ${rangeText(name)}, got "${text}"`)
    out[name] = LIST_DIALS.has(name) ? values : values[0]
  }
  return out
}

/** Returns the configuration of this run: defaults, then the dials file, then the --dial flags. */
function simulationConfig(file: string | undefined, flags: readonly string[]): SimulationConfig {
  const dials = parseDials(flags)
  // A missing file is missing input (exit 1), named before anything else is printed.
  if (file !== undefined && !existsSync(file)) {
    throw new LaionetError('simulate', `the dials file ${file} does not exist. Write a JSON object of dials there, e.g. {"captionDescribesImage": 1}, or give --dial name=value`, { code: 'not-found', value: file })
  }
  let base: SimulationConfig = { ...DEFAULT_SIMULATION_CONFIG }
  try {
    if (file !== undefined) base = loadSimulationConfig(file)
  } catch (err) {
    // Unreadable or not JSON: the file is the problem (exit 1). A bad dial in it: a usage error (exit 2), as for --dial.
    const message = (err as Error).message.replace(/^simulate: /, '')
    if (/ field "|^unknown key /.test(message)) throw new UsageError(`--dials-file: ${message}`, { cause: err })
    throw err
  }
  return resolveSimulationConfig({ ...base, ...dials }, { source: '--dial' })
}

const command: Command = {
  summary: 'the simulated world: text-only vs image-aware selection and every experiment, offline',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      seed: { type: 'string' }, dial: { type: 'string', multiple: true }, 'dials-file': { type: 'string' }, config: { type: 'string' },
    })
    if (values.config !== undefined) {
      throw new UsageError(`--config: simulate reads no laionet.config.json; give dial values with --dials-file ${values.config} or --dial name=value`)
    }
    const seed = numberFlag('seed', values.seed, 1, RANGES.seed)
    const config = simulationConfig(values['dials-file'], values.dial ?? [])
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
      `text-only significantly lower in ${pct(report.shareTextLower)}, higher in ${pct(report.shareTextHigher)} of ${report.compared} classes (paper's test; paper: ${paperValue('fig6.lowerShare')}% / ${paperValue('fig6.higherShare')}%)`,
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
