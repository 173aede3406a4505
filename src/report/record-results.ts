import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { outDir } from '../util/paths.js'
import type { ResultRecord } from './types.js'
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
 * Records reproduced numbers for the report. A record replaces an earlier one with the same
 * experiment and quantity, so rerunning a cell never duplicates a line. Writes atomically.
 * @returns the notebook's records after the update.
 * @example recordResults('04_accuracy', [{ experiment: 'Fig. 1', quantity: 'ResNet-50 top-1', ours: 76.1, paper: 76.1, unit: '%', tier: 'released' }])
 */
export function recordResults(notebook: string, records: Omit<ResultRecord, 'notebook'>[], dir = outDir()): ResultRecord[] {
  const key = (r: Pick<ResultRecord, 'experiment' | 'quantity'>) => `${r.experiment}\u0000${r.quantity}`
  const merged = new Map(readResults(notebook, dir).map((r) => [key(r), r]))
  for (const r of records) merged.set(key(r), { notebook, ...r })
  const file = resultsFile(notebook, dir)
  writeFileAtomicSync(file, JSON.stringify([...merged.values()], null, 2) + '\n')
  return [...merged.values()]
}
