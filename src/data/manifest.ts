import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { projectRoot } from '../util/paths.js'
import { closeNames } from './close-names.js'
import type { Manifest, ManifestEntry } from './types.js'

/**
 * Returns the path of the project's data/manifest.json (beside src/ and dist/, else at the project root).
 * @example manifestFile() // '/work/main/data/manifest.json'
 */
function manifestFile(): string {
  // src/data/manifest.ts and dist/data/manifest.js both sit two levels below the package root.
  const beside = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'manifest.json')
  return existsSync(beside) ? beside : join(projectRoot(), 'data', 'manifest.json')
}

/**
 * Validates a parsed manifest document and returns it typed; `source` names it in errors.
 * @example parseManifest(JSON.parse(text), 'data/manifest.json')
 */
export function parseManifest(doc: unknown, source = 'manifest'): Manifest {
  const files = (doc as { files?: unknown })?.files
  if (!Array.isArray(files)) throw new Error(`data: ${source} has no "files" array. Expected { "version": 1, "files": [...] }`)
  files.forEach((f: Partial<ManifestEntry>, i) => {
    const where = `data: ${source} files[${i}]${typeof f?.name === 'string' ? ` (${f.name})` : ''}`
    if (typeof f?.name !== 'string' || f.name === '' || f.name.startsWith('/') || f.name.split('/').includes('..')) {
      throw new Error(`${where}: "name" must be a relative path without '..', got ${JSON.stringify(f?.name)}`)
    }
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) throw new Error(`${where}: "sha256" must be 64 lowercase hex digits, got ${JSON.stringify(f.sha256)}`)
    if (!Number.isSafeInteger(f.size) || (f.size as number) < 0) throw new Error(`${where}: "size" must be a byte count, got ${JSON.stringify(f.size)}`)
    if (f.url !== null && typeof f.url !== 'string') throw new Error(`${where}: "url" must be a string or null, got ${JSON.stringify(f.url)}`)
  })
  return { version: Number((doc as { version?: unknown }).version ?? 1), files: files as ManifestEntry[] }
}

let defaultManifest: Promise<Manifest> | undefined

/**
 * Loads and validates a manifest JSON file (default: the project's data/manifest.json, parsed once per process).
 * @param file the manifest path
 * @returns every entry with name, url, sha256, size, licence, repository
 * @example (await loadManifest()).files.length // 1072
 */
export function loadManifest(file?: string): Promise<Manifest> {
  if (file === undefined) {
    defaultManifest ??= loadManifestFile(manifestFile())
    return defaultManifest
  }
  return loadManifestFile(file)
}

async function loadManifestFile(file: string): Promise<Manifest> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new Error(`data: cannot read the manifest ${file} (${(err as Error).message})`, { cause: err })
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new Error(`data: the manifest ${file} is not valid JSON (${(err as Error).message})`, { cause: err })
  }
  return parseManifest(doc, file)
}

/** Resolves the `manifest` option (an object, a path, or the default). */
export function resolveManifest(manifest: Manifest | string | undefined): Promise<Manifest> {
  return typeof manifest === 'object' ? Promise.resolve(manifest) : loadManifest(manifest)
}

/** Returns the entry named `name` ('./' prefix tolerated); an unknown name raises an error listing close names. */
export function manifestEntry(manifest: Manifest, name: string): ManifestEntry {
  const clean = name.replace(/^\.\//, '')
  const entry = manifest.files.find((f) => f.name === clean)
  if (entry) return entry
  const close = closeNames(clean, manifest.files.map((f) => f.name))
  throw new Error(`data: unknown file "${name}" (not in the manifest). Did you mean ${close.map((c) => `"${c}"`).join(', ')}? Run "laionet data list" for every name`)
}

/** Returns every entry under `prefix` (a folder such as 'imagenet/samples/'); none raises an error listing close folders. */
export function manifestFolder(manifest: Manifest, prefix: string): ManifestEntry[] {
  const folder = prefix.replace(/^\.\//, '').replace(/\/*$/, '/')
  const entries = manifest.files.filter((f) => f.name.startsWith(folder))
  if (entries.length > 0) return entries
  const folders = new Set(manifest.files.flatMap((f) => {
    const parts = f.name.split('/').slice(0, -1)
    return parts.map((_, i) => parts.slice(0, i + 1).join('/') + '/')
  }))
  const close = closeNames(folder, folders)
  throw new Error(`data: no file under "${prefix}" in the manifest. Did you mean ${close.map((c) => `"${c}"`).join(', ')}?`)
}
