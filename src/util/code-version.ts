import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The package's module root: src/ when run from the sources (tsx), dist/ from the build. Each gives its own version,
// so a build and the sources never share a cache entry (their code may differ while neither is rebuilt).
const MODULE_ROOT = fileURLToPath(new URL('..', import.meta.url))

const versions = new Map<string, string>()

/**
 * Returns a sha256 hex digest of the code in the given folders of this package (every .ts and .js module, names and
 * contents, in sorted order, subfolders included): the "code version" part of a cache key, which changes whenever
 * the code that computes the cached value changes, whether or not the package version was bumped. Memoised per
 * process (the code does not change under a running process).
 * @param folders folders of the module root, e.g. ['laionet', 'imagenet']
 * @example codeVersion(['simulate', 'metrics', 'util']).length // 64
 */
export function codeVersion(folders: readonly string[]): string {
  const id = [...folders].sort().join('\u0000')
  let v = versions.get(id)
  if (v === undefined) {
    const h = createHash('sha256')
    for (const folder of [...folders].sort()) {
      for (const file of moduleFiles(join(MODULE_ROOT, folder))) {
        const text = readFileSync(file)
        h.update(`${file.slice(MODULE_ROOT.length)}\u0000${text.length}\u0000`)
        h.update(text)
      }
    }
    versions.set(id, v = h.digest('hex'))
  }
  return v
}

function moduleFiles(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  } catch {
    return [] // a folder this build lacks contributes nothing (the others still key the version)
  }
  return names.filter((n) => /\.(ts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')).sort().map((n) => join(dir, n))
}
