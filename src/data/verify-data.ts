import { stat } from 'node:fs/promises'
import { dataContext } from './ensure-file.js'
import { sha256File } from './hash-file.js'
import { manifestEntry, resolveManifest } from './manifest.js'
import { mapPool } from './pool.js'
import { cachePath, removeStamp, writeStamp } from './stamp.js'
import type { DataOptions, VerifyReport } from './types.js'

/**
 * Rehashes cached files against the manifest (ignoring stamps) without fetching or deleting any data file. A missing
 * or corrupt file loses its stamp, so the next fetch (`laionet data fetch`) replaces it.
 * @param names manifest names, or 'all'
 * @param options cache, manifest, concurrency, onProgress
 * @returns one report per file: ok, missing or corrupt, with expected and actual sha256
 * @example (await verifyData('all')).filter((r) => r.status !== 'ok')
 */
export async function verifyData(names: readonly string[] | 'all' = 'all', options: DataOptions = {}): Promise<VerifyReport[]> {
  const manifest = await resolveManifest(options.manifest)
  const entries = names === 'all' ? manifest.files : names.map((n) => manifestEntry(manifest, n))
  const { cache } = dataContext(options)
  const { concurrency = 8, onProgress } = options
  let done = 0
  const results = await mapPool(entries, concurrency, async (entry): Promise<VerifyReport> => {
    const path = cachePath(cache, entry.name)
    const base = { name: entry.name, path, expected: entry.sha256 }
    try {
      const info = await stat(path).catch(() => null)
      if (!info) {
        await removeStamp(cache, entry.name)
        return { ...base, status: 'missing', actual: null }
      }
      if (info.size !== entry.size) {
        await removeStamp(cache, entry.name)
        return { ...base, status: 'corrupt', actual: null }
      }
      const actual = await sha256File(path)
      if (actual !== entry.sha256) {
        await removeStamp(cache, entry.name)
        return { ...base, status: 'corrupt', actual }
      }
      await writeStamp(cache, entry)
      return { ...base, status: 'ok', actual }
    } finally {
      done++
      onProgress?.({ name: entry.name, done, total: entries.length, bytes: 0 })
    }
  })
  return results.map((r) => {
    if (!r.ok) throw r.error
    return r.value
  })
}
