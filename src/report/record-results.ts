import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { outDir } from '../util/paths.js'
import type { ResultRecord } from './types.js'
import type { ExperimentRecord } from '../record.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/** Returns the path of a notebook's results file under `<out>/results/`. */
export function resultsFile(notebook: string, dir = outDir()): string {
  if (!/^[\w.-]+$/.test(notebook)) throw new Error(`results: notebook name must be a plain file name, got "${notebook}"`)
  return join(dir, 'results', `${notebook}.json`)
}

/** Returns the records written so far for `notebook` (empty when none). */
export function readResults(notebook: string, dir = outDir()): ResultRecord[] {
  const file = resultsFile(notebook, dir)
  if (!existsSync(file)) return []
  return JSON.parse(readFileSync(file, 'utf8')) as ResultRecord[]
}

/**
 * Records a notebook's numbers for the report and the scoreboard. A record replaces an earlier one with the same id,
 * so rerunning a cell never duplicates a line. Writes atomically.
 * @returns the notebook's records after the update.
 * @example recordResults('04_accuracy', result.records)
 */
export function recordResults(notebook: string, records: readonly ExperimentRecord[], dir = outDir()): ResultRecord[] {
  const merged = new Map(readResults(notebook, dir).map((r) => [r.id, r]))
  for (const r of records) {
    if (typeof r.id !== 'string' || r.id === '') throw new Error(`results: a record of ${notebook} has no id (${JSON.stringify(r).slice(0, 120)}); every record carries a stable id`)
    merged.set(r.id, { ...r, notebook })
  }
  const file = resultsFile(notebook, dir)
  writeFileAtomicSync(file, JSON.stringify([...merged.values()], null, 2) + '\n')
  return [...merged.values()]
}
