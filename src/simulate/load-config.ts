import { readFileSync, statSync } from 'node:fs'
import { resolveSimulationConfig } from './config.js'
import type { SimulationConfig } from './types.js'

/** Largest configuration file read, in bytes: a dial file is a few hundred bytes. */
const MAX_CONFIG_BYTES = 1 << 20

/**
 * Reads a JSON file of dials and returns the complete, validated configuration (defaults fill the rest).
 * @param file path of a JSON object such as `{ "captionDescribesImage": 1 }`
 * @returns the resolved {@link SimulationConfig}
 * @throws naming the file when it cannot be read, is not JSON, or holds an unknown or out-of-range dial
 * @example loadSimulationConfig('dials.json').classes // 300 unless the file sets it
 */
export function loadSimulationConfig(file: string): SimulationConfig {
  let text: string
  try {
    if (statSync(file).size > MAX_CONFIG_BYTES) throw new Error('larger than 1 MiB; it should hold a small JSON object of dials')
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(`simulate: cannot read the config file ${file}: ${(err as Error).message}`, { cause: err })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new Error(`simulate: the config file ${file} is not valid JSON (${(err as Error).message}). Write a JSON object of dials, e.g. {"captionDescribesImage": 1}`, { cause: err })
  }
  return resolveSimulationConfig(parsed, { source: file })
}
