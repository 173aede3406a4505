import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetRows } from '../io/parquet-row-groups.js'
import type { BuildSummary } from './build-outputs.js'
import type { ScoredCaption } from './selection.js'

/** A stored candidate of a build: a single-class caption with its similarity. */
export interface BuildCandidate extends ScoredCaption {
  /** Image URL (null when the input had none). */
  url: string | null
  /** The caption. */
  caption: string
  /** The WordNet lemmas it matched. */
  lemmas: string[]
}

/**
 * Reads what a build stored: its summary and every single-class caption with its similarity, so the
 * threshold sweep and the class frequencies need no re-embedding.
 * @param out the build folder
 * @returns the summary and the candidates in row order
 * @example const { candidates } = await readBuild('out/laionet'); thresholdSweep(candidates)
 */
export async function readBuild(out: string): Promise<{ summary: BuildSummary, candidates: BuildCandidate[] }> {
  const summaryFile = join(out, 'summary.json')
  if (!existsSync(summaryFile)) throw new Error(`build: no finished build in ${out} (expected summary.json). Run "laionet build --out ${out}" first`)
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as BuildSummary
  const candidates: BuildCandidate[] = []
  for await (const r of parquetRows(join(out, 'candidates.parquet'))) {
    candidates.push({
      row: Number(r.row),
      url: r.url as string | null,
      caption: r.caption as string,
      wnid: r.wnid as string,
      similarity: r.similarity as number,
      nsfwOk: r.nsfw_ok as boolean,
      lemmas: r.lemmas as string[],
    })
  }
  return { summary, candidates }
}
