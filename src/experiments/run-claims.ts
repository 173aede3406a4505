import { EXPERIMENT_NAMES, resolveSources } from '../config/resolve-sources.js'
import { scoreboard } from '../claims/scoreboard.js'
import type { ClaimEntry } from '../claims/types.js'
import type { ExperimentRecord } from '../record.js'
import { runExperiment } from './run.js'
import type { ExperimentContext } from './types.js'

/** The scoreboard of a configuration, with the records it was judged from. */
export interface ClaimsRun {
  entries: ClaimEntry[]
  records: ExperimentRecord[]
}

/**
 * Runs every experiment under the context's configuration and judges every numbered claim of the paper from their
 * records (the same records `laionet experiment --all` prints): `laionet claims`.
 * @example const { entries } = await runClaims({ config: await loadConfig() })
 */
export async function runClaims(context: ExperimentContext): Promise<ClaimsRun> {
  const records: ExperimentRecord[] = []
  for (const name of EXPERIMENT_NAMES) {
    context.onProgress?.(`claims: experiment ${name} ...`)
    records.push(...(await runExperiment(name, context)).records)
  }
  return { entries: scoreboard(records, resolveSources(context.config)), records }
}
