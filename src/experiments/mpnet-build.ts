import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SourceChoice } from '../config/resolve-sources.js'
import type { BuildSummary } from '../laionet/build-outputs.js'
import { paperValue } from '../paper/registry.js'
import { LaionetError } from '../util/errors.js'
import { recorder } from './common.js'
import type { ExperimentRecord } from './types.js'

const rec = recorder('construction')

/**
 * Appendix A from a LAIONet built with the MPNet text encoder (`sources.laionetMpnetBuild`): its samples and classes
 * before the OCR drop, as the paper counts them, at the tier of the MPNet weights it ran (the `laionet-mpnet` part).
 * A build over less than all of LAION-400M keeps the ids with `.subset`; without a build the paper's count is quoted.
 * @example const records = await mpnetBuildRecords(part(sources, 'laionet-mpnet'))
 */
export async function mpnetBuildRecords(choice: SourceChoice): Promise<ExperimentRecord[]> {
  const claim = `samples with MPNet (all-mpnet-base-v2) at threshold ${paperValue('appA.mpnetThreshold')}, before the OCR drop`
  if (choice.branch !== 'build') return [rec('appA.mpnetSamples', 'Appendix A', claim, null, { tier: 'quoted', source: [], note: `${choice.reason}; ${choice.upgrade ?? ''}` })]
  const given = choice.source[0]
  const folder = /\.(parquet|csv|jsonl?)$/i.test(given) ? join(given, '..') : given
  const file = join(folder, 'summary.json')
  let s: BuildSummary
  try {
    s = JSON.parse(await readFile(file, 'utf8')) as BuildSummary
  } catch (err) {
    throw new LaionetError('construction', `cannot read the MPNet build's ${file}: ${(err as Error).message}`, { code: 'not-found', fix: 'Set sources.laionetMpnetBuild to the folder of `laionet build --text-encoder mpnet`', cause: err })
  }
  if (s.textEncoder !== 'mpnet') throw new LaionetError('construction', `${file} is a build with the ${s.textEncoder ?? 'CLIP'} text encoder, not MPNet`, { code: 'mismatch', fix: 'Set sources.laionetMpnetBuild to the folder of `laionet build --text-encoder mpnet`' })
  const full = s.rows === paperValue('construction.laionCaptions')
  const id = (x: string) => (full ? x : `${x}.subset`)
  const note = `${choice.reason}; ${s.rows.toLocaleString('en-US')} LAION rows, threshold ${s.threshold}${full ? '' : ' (the paper: all of LAION-400M)'}`
  const o = { tier: choice.tier, source: [file, s.model] }
  return [
    rec(id('appA.mpnetSamples'), 'Appendix A', claim, s.samples, { ...o, note }),
    rec('appA.mpnetClasses', 'Appendix A', 'LAIONet classes with MPNet, before the OCR drop', s.classes, { ...o, unit: 'classes', paper: null, note }),
    rec('appA.mpnetThresholdApplied', 'Appendix A', 'text filter threshold the MPNet build applied', s.threshold, { ...o, tier: 'real', unit: 'threshold', paper: paperValue('appA.mpnetThreshold'), note: 'read from the build\'s own summary' }),
  ]
}
