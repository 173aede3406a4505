import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { planParquet, type ParquetPlan } from '../laionet/read-captions.js'
import { LaionetError } from '../util/errors.js'

/** A configured parquet file, checked before any row is read. */
export interface CheckedParquet {
  /** Absolute path. */
  file: string
  /** The footer's plan (columns, row groups, rows). */
  plan: ParquetPlan
  /** The pandas index column stored in the file (`__index_level_0__` or a named index), or null (a RangeIndex or none). */
  indexColumn: string | null
}

/** The pandas index column named by a parquet's `pandas` key-value metadata, or null (RangeIndex, no metadata). */
function pandasIndexColumn(plan: ParquetPlan): string | null {
  const raw = plan.metadata.key_value_metadata?.find((kv) => kv.key === 'pandas')?.value
  if (raw) {
    try {
      const first = (JSON.parse(raw) as { index_columns?: unknown[] }).index_columns?.[0]
      if (typeof first === 'string' && plan.columns.includes(first)) return first
    } catch {
      // a malformed pandas blob is not ours to judge; fall back to the conventional name
    }
  }
  return plan.columns.includes('__index_level_0__') ? '__index_level_0__' : null
}

/**
 * Opens a configured parquet file and checks it: it exists, is not empty, has a readable footer, holds at least one
 * row and has the required columns. Each failure names the file and the configuration key to fix.
 * @param file the parquet file
 * @param required columns that must be present
 * @param where the module prefix of errors, e.g. 'released LAIONet'
 * @param key the configuration key that names the file, e.g. 'sources.laionetReleased'
 * @returns the file, its footer plan and its pandas index column
 * @example const { plan } = await checkParquet('/data/laionet.parquet', ['URL', 'TEXT'], 'released LAIONet', 'sources.laionetReleased')
 */
export async function checkParquet(file: string, required: readonly string[], where: string, key: string): Promise<CheckedParquet> {
  const path = resolve(file)
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new LaionetError(where, `${path} does not exist (${err.code})`, { code: 'not-found', value: path, fix: `Set ${key} to an existing parquet file`, cause: err })
  })
  if (!info.isFile()) throw new LaionetError(where, `${path} is not a file`, { code: 'invalid-input', value: path, fix: `Set ${key} to a parquet file, not a folder` })
  if (info.size === 0) throw new LaionetError(where, `${path} is empty (0 bytes)`, { code: 'invalid-input', value: path, fix: `Fetch the file again or set ${key} to the complete parquet` })
  const plan = await planParquet(path, where)
  const missing = required.filter((c) => !plan.columns.includes(c))
  if (missing.length) {
    throw new LaionetError(where, `${path} has no column ${missing.join(', ')} (columns: ${plan.columns.slice(0, 12).join(', ')}${plan.columns.length > 12 ? ', ...' : ''})`,
      { code: 'invalid-input', value: missing, fix: `Is it the right file? Set ${key} to a parquet with columns ${required.join(', ')}` })
  }
  if (plan.rows === 0) throw new LaionetError(where, `${path} holds no rows`, { code: 'invalid-input', value: path, fix: `Set ${key} to a parquet with data` })
  return { file: path, plan, indexColumn: pandasIndexColumn(plan) }
}

/** A parquet integer (number or bigint) as a number; anything else as null. */
export function asInteger(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'number' && Number.isInteger(value)) return value
  return null
}
