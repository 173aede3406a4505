import { dataContext, ensureFile } from './ensure-file.js'
import { fetchEntries } from './fetch-data.js'
import { manifestEntry, manifestFolder, resolveManifest } from './manifest.js'
import { cachePath } from './stamp.js'
import type { DataOptions } from './types.js'

/**
 * Returns the absolute local path of a manifest file, verified by sha256, fetching it into the cache first if needed
 * (from LAIONET_DATA_MIRROR when set, else its URL).
 * @param name the file's name as in ../shared/data/SHA256SUMS, without './'
 * @param options cache, mirror, manifest, fetch
 * @example const file = await dataPath('imagenet/class_info.json')
 */
export async function dataPath(name: string, options: DataOptions = {}): Promise<string> {
  const manifest = await resolveManifest(options.manifest)
  const entry = manifestEntry(manifest, name)
  return (await ensureFile(entry, dataContext(options))).path
}

/**
 * Returns the absolute local folder holding every manifest file under `prefix`, each verified, fetching what is missing.
 * @param prefix a folder of the data tree, e.g. 'imagenet/samples/'
 * @param options cache, mirror, manifest, fetch, concurrency, onProgress
 * @example const dir = await dataFolder('imagenet/samples/') // 1000 JPEGs
 */
export async function dataFolder(prefix: string, options: DataOptions = {}): Promise<string> {
  const manifest = await resolveManifest(options.manifest)
  const entries = manifestFolder(manifest, prefix)
  await fetchEntries(entries, options)
  const folder = prefix.replace(/^\.\//, '').replace(/\/+$/, '')
  return cachePath(dataContext(options).cache, folder)
}
