import { currentContext } from '../util/context.js'

/**
 * Returns the absolute cache directory for downloaded and derived files of the context in force (see
 * `currentContext`): the configured `cacheDir`, else `data/cache` at the project root (git-ignored).
 * @example join(cacheDir(), 'wordnet-3.0')
 */
export function cacheDir(): string {
  return currentContext().cacheDir
}
