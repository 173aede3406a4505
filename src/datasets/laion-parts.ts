import { expandGlob } from '../util/paths.js'
import { laionPart, rowBase } from '../laionet/match-row-group.js'
import { LaionetError } from '../util/errors.js'
import { checkParquet } from './parquet-source.js'
import type { LaionPartFile, LaionPartsOptions } from './types.js'

const WHERE = 'laion parts'
const KEY = 'sources.laionParquet'

/**
 * Resolves `sources.laionParquet` (paths or globs) into the LAION metadata parquet files, each checked from its
 * footer: it exists, is a readable non-empty parquet and has the caption column (and URL). LAION's Spark part names
 * (`part-00017-<uuid>-c000.snappy.parquet`) give the part number and the global index base `part * 1e8`
 * (`laionPart` / `rowBase`); other names count by their position in the sorted list. Two files of the same part are
 * an error (their global indices would collide).
 * @param patterns paths or globs (`*`, `?`, `**`)
 * @param options baseDir (relative patterns; default the working directory), column (default 'TEXT')
 * @returns the files in sorted order with their part, index base, rows and columns
 * @throws when a pattern matches no file, a file is empty or not a parquet, or lacks TEXT or URL
 * @example const parts = await laionParts(['laion/part-*.snappy.parquet'], { baseDir: '/data' }); parts[0].rowBase
 */
export async function laionParts(patterns: readonly string[], { baseDir = process.cwd(), column = 'TEXT' }: LaionPartsOptions = {}): Promise<LaionPartFile[]> {
  const files: string[] = []
  for (const pattern of patterns) {
    const found = await expandGlob(pattern, baseDir)
    if (found.length === 0) {
      throw new LaionetError(WHERE, `${KEY} entry ${JSON.stringify(pattern)} matches no file (relative to ${baseDir})`,
        { code: 'not-found', value: pattern, fix: `Set ${KEY} to the LAION-400M metadata parts, e.g. "laion400m-meta/part-*.snappy.parquet"` })
    }
    for (const f of found) if (!files.includes(f)) files.push(f)
  }
  files.sort()
  const out: LaionPartFile[] = []
  const seen = new Map<number, string>()
  for (let i = 0; i < files.length; i++) {
    const { file, plan } = await checkParquet(files[i], [column, 'URL'], WHERE, KEY)
    const part = laionPart(file)
    const base = rowBase(file, i)
    const clash = seen.get(base)
    if (clash) {
      throw new LaionetError(WHERE, `${file} and ${clash} both give global indices from ${base} (part ${part ?? i})`,
        { code: 'invalid-input', fix: `List each LAION part once in ${KEY}` })
    }
    seen.set(base, file)
    out.push({ file, part, rowBase: base, rows: plan.rows, columns: plan.columns })
  }
  return out
}
