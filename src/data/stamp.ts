import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../io/write-atomic.js'
import { sha256File } from './hash-file.js'
import type { ManifestEntry } from './types.js'

// A stamp records that a cached file was hashed once: it stays valid while size, mtime and ctime are unchanged,
// so a large file is not rehashed on every dataPath call. The ctime changes on every write and on every mtime
// restore (utimes), so a byte flipped with its mtime put back is noticed. Stamps live outside the data tree so that
// dataFolder() folders hold only data files.
interface Stamp { sha256: string, size: number, mtimeMs: number, ctimeMs: number }

// Stamps already read or written by this process, by cache path: a second dataFolder() over 1000 files then costs
// one stat per file and no stamp reads.
const known = new Map<string, Stamp>()

/** Returns the stamp path for cache file `name`. */
export function stampPath(cache: string, name: string): string {
  return join(cache, '.verified', `${name}.json`)
}

/** Returns the absolute cache path of a manifest file. */
export function cachePath(cache: string, name: string): string {
  return join(cache, ...name.split('/'))
}

/** Writes the stamp for a freshly verified file (atomic: temporary file, then rename). */
export async function writeStamp(cache: string, entry: ManifestEntry): Promise<void> {
  const info = await stat(cachePath(cache, entry.name))
  const file = stampPath(cache, entry.name)
  await mkdir(dirname(file), { recursive: true })
  const stamp: Stamp = { sha256: entry.sha256, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs }
  await writeFileAtomic(file, JSON.stringify(stamp))
  known.set(cachePath(cache, entry.name), stamp)
}

/** Removes the stamp of cache file `name` (after a failed verification), so the next fetch rehashes and replaces it. */
export async function removeStamp(cache: string, name: string): Promise<void> {
  known.delete(cachePath(cache, name))
  await rm(stampPath(cache, name), { force: true })
}

/**
 * Returns true when the cache holds `entry` with the right content: a matching stamp (size, mtime, ctime, hash), or,
 * without one (or with `rehash`), a matching sha256 (then the stamp is written). A wrong file is deleted so it is
 * fetched again.
 */
export async function isCachedValid(cache: string, entry: ManifestEntry, { rehash = false } = {}): Promise<boolean> {
  const file = cachePath(cache, entry.name)
  const info = await stat(file).catch(() => null)
  if (!info) return false
  if (info.size !== entry.size) {
    await rm(file, { force: true })
    return false
  }
  const remembered = rehash ? undefined : known.get(file)
  if (remembered && matches(remembered, entry, info)) return true
  const stamp = rehash ? null : await readStamp(cache, entry.name)
  if (stamp && matches(stamp, entry, info)) {
    known.set(file, stamp)
    return true
  }
  if (await sha256File(file) !== entry.sha256) {
    await rm(file, { force: true })
    await removeStamp(cache, entry.name)
    return false
  }
  await writeStamp(cache, entry)
  return true
}

async function readStamp(cache: string, name: string): Promise<Stamp | null> {
  try {
    return JSON.parse(await readFile(stampPath(cache, name), 'utf8')) as Stamp
  } catch {
    return null // absent or torn by a killed run: the file is simply rehashed
  }
}

function matches(stamp: Stamp, entry: ManifestEntry, info: { size: number, mtimeMs: number, ctimeMs: number }): boolean {
  return stamp.sha256 === entry.sha256 && stamp.size === info.size && stamp.mtimeMs === info.mtimeMs && stamp.ctimeMs === info.ctimeMs
}
