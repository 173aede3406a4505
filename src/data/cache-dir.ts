import { resolve, join } from 'node:path'
import { projectRoot } from '../util/paths.js'

/**
 * Returns the absolute cache directory for downloaded and derived files: `LAIONET_CACHE` when set,
 * else `data/cache` at the project root (git-ignored).
 * @example join(cacheDir(), 'wordnet-3.0')
 */
export function cacheDir(): string {
  if (process.env.LAIONET_CACHE) return resolve(process.env.LAIONET_CACHE)
  return join(projectRoot(), 'data', 'cache')
}
