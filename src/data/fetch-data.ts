import { dirname } from 'node:path'
import { isLaionetError } from '../util/errors.js'
import { removeStaleTemps } from './clean-temp.js'
import { dataContext, ensureFile } from './ensure-file.js'
import { manifestEntry, manifestFolder, resolveManifest } from './manifest.js'
import { mapPool } from './pool.js'
import { cachePath, stampPath } from './stamp.js'
import type { DataOptions, FetchReport, ManifestEntry } from './types.js'

/**
 * Makes manifest files present and verified in the cache (from the cache, the mirror or the network), 8 at a time.
 * Every file is attempted; if any fail, the error lists each failure. Temporary files left by a killed run are removed;
 * `verify` rehashes cached files instead of trusting their stamps.
 * @param names manifest names (a name ending in '/' selects every file under that folder), or 'all'
 * @param options cache, mirror, manifest, fetch, concurrency, onProgress
 * @returns one report per file, in input order
 * @example await fetchData(['imagenet/class_info.json']) // [{ name, status: 'mirrored', bytes: 197574, path }]
 */
export async function fetchData(names: readonly string[] | 'all', options: DataOptions = {}): Promise<FetchReport[]> {
  const manifest = await resolveManifest(options.manifest)
  const entries = names === 'all'
    ? manifest.files
    : [...new Set(names.flatMap((n) => (n.endsWith('/') ? manifestFolder(manifest, n) : [manifestEntry(manifest, n)])))]
  return fetchEntries(entries, options)
}

/** fetchData over already-resolved entries (shared with dataFolder). */
export async function fetchEntries(entries: readonly ManifestEntry[], options: DataOptions = {}): Promise<FetchReport[]> {
  const { concurrency = 8, onProgress } = options
  const ctx = dataContext(options)
  // Half-written copies and stamps of a killed run are removed first (each folder read once).
  await removeStaleTemps(entries.flatMap((e) => [dirname(cachePath(ctx.cache, e.name)), dirname(stampPath(ctx.cache, e.name))]))
  let done = 0
  let bytes = 0
  let unreachable: Error | undefined
  // The first file (in input order) that got no answer is the one reported, however the requests raced.
  let firstUnreachable = Infinity
  const results = await mapPool(entries, concurrency, async (entry, index) => {
    try {
      if (unreachable) throw unreachable
      const report = await ensureFile(entry, ctx).catch((err: Error) => {
        if (isLaionetError(err, 'no-connection') && index < firstUnreachable) {
          firstUnreachable = index
          unreachable = err
        }
        throw err
      })
      bytes += report.bytes
      return report
    } finally {
      done++
      onProgress?.({ name: entry.name, done, total: entries.length, bytes })
    }
  })
  if (unreachable) throw unreachable
  const failures = results.flatMap((r) => (r.ok ? [] : [r.error]))
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) {
    const shown = failures.slice(0, 5).map((e) => `  ${(e as Error).message}`)
    const more = failures.length > 5 ? [`  ... and ${failures.length - 5} more`] : []
    throw new Error([`data: ${failures.length} of ${entries.length} files failed:`, ...shown, ...more].join('\n'), { cause: failures[0] })
  }
  return results.map((r) => (r as { value: FetchReport }).value)
}
