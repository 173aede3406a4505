import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { LaionetError } from '../util/errors.js'
import { basename, join, resolve } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { parquetMetadata } from '../io/parquet-metadata.js'
import { parquetRowGroups } from '../io/parquet-row-groups.js'
import { writeFileAtomicSync as writeAtomic } from '../io/write-atomic.js'

/** The LAION columns the build reads (the rest of the 8 LAION-400M columns are not needed to build). */
const BUILD_COLUMNS = ['TEXT', 'URL', 'NSFW'] as const

/**
 * Applies `limits.maxLaionRows` to the LAION parts `laionParts` (src/datasets) resolved from `sources.laionParquet`: files are kept whole while the running row count stays
 * within the cap; the file that crosses it is replaced by a copy of its first rows (the build's columns only) under
 * `<cacheDir>/laion-trial/<cap>/<key of the source's path, size and time>/` with the same file name, so its part number (and the global index part*1e8+row)
 * is unchanged; later files are dropped. Without a cap the files are returned as they are.
 * @returns the files to build from and the rows they hold
 * @example await capLaionRows(files, 100000, '/cache')
 */
export async function capLaionRows(files: readonly string[], maxRows: number | null, cacheDir: string): Promise<{ files: string[], rows: number }> {
  let rows = 0
  const out: string[] = []
  for (const file of files) {
    const meta = await parquetMetadata(file)
    if (maxRows === null || rows + meta.rows <= maxRows) {
      out.push(file)
      rows += meta.rows
      if (rows === maxRows) break
      continue
    }
    const keep = maxRows - rows
    // Keyed by the source file's path, size and time too: a part rewritten under the same name gets a new copy.
    const { size, mtimeMs } = statSync(file)
    const key = createHash('sha256').update(`${resolve(file)}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 16)
    const dir = join(cacheDir, 'laion-trial', String(maxRows), key)
    const copy = join(dir, basename(file))
    if (!existsSync(copy)) {
      const names = meta.columns.map((c) => c.name)
      if (!names.includes('TEXT')) throw new LaionetError('construction', `${file} has no TEXT column (has ${names.join(', ')}); sources.laionParquet must name LAION-400M metadata parts`, { code: 'invalid-input' })
      const columns = BUILD_COLUMNS.filter((c) => names.includes(c))
      const data: Record<string, unknown[]> = Object.fromEntries(columns.map((c) => [c, []]))
      let read = 0
      for await (const batch of parquetRowGroups(file, { columns: [...columns] })) {
        const take = Math.min(batch.rows, keep - read)
        for (const c of columns) for (const v of batch.columns[c].slice(0, take)) data[c].push(v)
        read += take
        if (read >= keep) break
      }
      mkdirSync(dir, { recursive: true })
      writeAtomic(copy, new Uint8Array(parquetWriteBuffer({ columnData: columns.map((c) => ({ name: c, data: data[c], type: 'STRING' as const })) })))
    }
    out.push(copy)
    rows += keep
    break
  }
  return { files: out, rows }
}
