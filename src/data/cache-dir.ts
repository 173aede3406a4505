import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { projectRoot } from '../util/paths.js'

/**
 * Returns the absolute cache directory for downloaded and derived files: `LAIONET_CACHE` when set, else `data/cache`
 * at the project root, found from where this module lives (src/ or dist/), not from the working directory: a
 * command run from another folder (`cd /tmp && laionet data fetch ...`) must use the same cache, not /tmp/data/cache.
 * @example join(cacheDir(), 'wordnet-3.0')
 */
export function cacheDir(): string {
  if (process.env.LAIONET_CACHE) return resolve(process.env.LAIONET_CACHE)
  return join(projectRoot(dirname(fileURLToPath(import.meta.url))), 'data', 'cache')
}
