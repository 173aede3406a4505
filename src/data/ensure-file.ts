import { resolve } from 'node:path'
import { currentContext } from '../util/context.js'
import { copyFromMirror } from './mirror-copy.js'
import { downloadFile } from './download.js'
import { cachePath, isCachedValid } from './stamp.js'
import type { DataOptions, FetchLike, FetchReport, ManifestEntry } from './types.js'

/** The resolved sources of a data operation. */
export interface DataContext {
  /** Absolute cache directory. */
  cache: string
  /** Absolute mirror directory, or null for the network. */
  mirror: string | null
  /** The downloader's fetch. */
  fetch: FetchLike
  /** Rehash cached files instead of trusting their stamps. */
  verify: boolean
}

/** Resolves cache, mirror and fetch from options, then the run's context (`options.context`, else the one in force). */
export function dataContext({ cache, mirror, fetch: fetchFn, verify = false, context = currentContext() }: DataOptions = {}): DataContext {
  const chosen = mirror === undefined ? context.dataMirror : mirror
  return {
    cache: resolve(cache ?? context.cacheDir),
    mirror: chosen === null || chosen === '' ? null : resolve(chosen),
    fetch: fetchFn ?? context.fetch,
    verify,
  }
}

// Concurrent requests for the same file in one process share one copy/download.
const inFlight = new Map<string, Promise<FetchReport>>()

/**
 * Makes `entry` present and verified in the cache: trusts a stamped file, else copies from the mirror, else downloads.
 * @returns where it came from and the bytes written
 */
export function ensureFile(entry: ManifestEntry, ctx: DataContext): Promise<FetchReport> {
  const path = cachePath(ctx.cache, entry.name)
  const key = `${path}\0${entry.sha256}\0${ctx.mirror ?? ''}\0${ctx.verify}`
  let job = inFlight.get(key)
  if (!job) {
    job = (async (): Promise<FetchReport> => {
      if (await isCachedValid(ctx.cache, entry, { rehash: ctx.verify })) return { name: entry.name, status: 'cached', bytes: 0, path }
      if (ctx.mirror !== null) return { name: entry.name, status: 'mirrored', bytes: await copyFromMirror(ctx.mirror, ctx.cache, entry), path }
      return { name: entry.name, status: 'fetched', bytes: await downloadFile(entry, ctx.cache, ctx.fetch), path }
    })().finally(() => inFlight.delete(key))
    inFlight.set(key, job)
  }
  return job
}
