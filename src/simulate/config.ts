import type { DialRange, SimulationConfig } from './types.js'

/** The default world: a few hundred classes, about 100k candidates, runs in seconds. */
export const DEFAULT_SIMULATION_CONFIG: Readonly<SimulationConfig> = Object.freeze({
  classes: 300,
  candidates: 100_000,
  dim: 48,
  classOverlap: 0.7,
  atypicalModes: 4,
  coreWeight: 0.4,
  coreSpread: 0.4,
  atypicalSpread: 0.8,
  modeDistance: 0.8,
  styleShare: 0.9,
  lemmaRate: 0.6,
  homonymRate: 0.03,
  captionDescribesImage: 0.2,
  captionDetailSpread: 1.5,
  textNoise: 0.6,
  textThreshold: 0.82,
  annotators: 10,
  annotatorCenter: 0.6,
  annotatorSharpness: 8,
  selectionFrequency: 0.7,
  selectionFrequencySweep: [0.5, 0.73, 0.85, 0.93],
  frontierTextThresholds: [0.81, 0.79, 0.76, 0.72],
  frontierShare: 0.9,
  labelNoise: 0,
  clipPrefilterDrop: 0,
  maxPerClass: 100,
  trainShare: 0.5,
})

/** The allowed range of every dial; list dials give the range of each element. */
export const SIMULATION_CONFIG_RANGES: Readonly<Record<keyof SimulationConfig, DialRange>> = Object.freeze({
  classes: { min: 2, max: 2000, integer: true },
  candidates: { min: 100, max: 1_000_000, integer: true },
  dim: { min: 4, max: 512, integer: true },
  classOverlap: { min: 0, max: 0.95 },
  atypicalModes: { min: 0, max: 16, integer: true },
  coreWeight: { min: 0, max: 1 },
  coreSpread: { min: 0, max: 5 },
  atypicalSpread: { min: 0, max: 5 },
  modeDistance: { min: 0, max: 5 },
  styleShare: { min: 0, max: 1 },
  lemmaRate: { min: 0, max: 1 },
  homonymRate: { min: 0, max: 1 },
  captionDescribesImage: { min: 0, max: 1 },
  captionDetailSpread: { min: 0, max: 3 },
  textNoise: { min: 0, max: 5 },
  textThreshold: { min: -1, max: 1 },
  annotators: { min: 1, max: 100, integer: true },
  annotatorCenter: { min: -1, max: 1 },
  annotatorSharpness: { min: 0, max: 100 },
  selectionFrequency: { min: 0, max: 1 },
  selectionFrequencySweep: { min: 0, max: 1 },
  frontierTextThresholds: { min: -1, max: 1 },
  frontierShare: { min: 0.01, max: 1 },
  labelNoise: { min: 0, max: 0.9 },
  clipPrefilterDrop: { min: 0, max: 0.95 },
  maxPerClass: { min: 2, max: 10_000, integer: true },
  trainShare: { min: 0.05, max: 0.95 },
})

/** The dials that hold a list of numbers rather than one. */
export const LIST_DIALS: ReadonlySet<string> = new Set<keyof SimulationConfig>(['selectionFrequencySweep', 'frontierTextThresholds'])
const MAX_LIST = 20

/**
 * Returns a complete, validated configuration: the defaults overridden by `overrides`.
 * @param overrides a partial configuration, e.g. parsed from a JSON file; unknown keys are errors.
 * @param options.source names the input in error messages (e.g. the file path). Default: `config`.
 * @returns a fresh SimulationConfig (the inputs are not modified).
 * @throws when a key is unknown, a value is not a number, or a dial is outside its range; the message names
 *   the field and its allowed range.
 * @example resolveSimulationConfig({ captionDescribesImage: 1 }).textThreshold // 0.82
 */
export function resolveSimulationConfig(overrides: unknown = {}, { source = 'config' } = {}): SimulationConfig {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error(`simulate: ${source} must be a JSON object of dials, got ${Array.isArray(overrides) ? 'an array' : String(overrides === null ? 'null' : typeof overrides)}`)
  }
  const out: Record<string, unknown> = structuredClone({ ...DEFAULT_SIMULATION_CONFIG })
  const allowed = Object.keys(DEFAULT_SIMULATION_CONFIG) as (keyof SimulationConfig)[]
  for (const [key, value] of Object.entries(overrides)) {
    if (!(allowed as string[]).includes(key)) {
      throw new Error(`simulate: unknown key "${key}" in ${source} (allowed: ${allowed.join(', ')})`)
    }
    const field = key as keyof SimulationConfig
    const range = SIMULATION_CONFIG_RANGES[field]
    if (LIST_DIALS.has(field)) {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) {
        throw new Error(`simulate: ${source} field "${key}" must be a list of 1 to ${MAX_LIST} values, each ${describe(range)}, got ${JSON.stringify(value)}`)
      }
      value.forEach((v, i) => checkNumber(`${key}[${i}]`, v, range, source))
      out[key] = [...value]
    } else {
      checkNumber(key, value, range, source)
      out[key] = value
    }
  }
  return out as unknown as SimulationConfig
}

function checkNumber(field: string, value: unknown, range: DialRange, source: string): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max
    && (!range.integer || Number.isInteger(value))
  if (!ok) {
    throw new Error(`simulate: ${source} field "${field}" must be ${describe(range)}, got ${JSON.stringify(value)}`)
  }
}

function describe(range: DialRange): string {
  return `${range.integer ? 'an integer' : 'a number'} in [${range.min}, ${range.max}]`
}
