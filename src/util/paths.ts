import { readdir } from 'node:fs/promises'
import { isAbsolute, join, resolve, sep } from 'node:path'
import { currentContext } from './context.js'

// Where things are: the project root, the output folder, and the files a path pattern names.

/**
 * Returns the absolute output directory of the context in force (see `currentContext`): the configured `outDir`,
 * else `out/` at the project root (found by walking up from the working directory to laionet's package.json), so a
 * notebook opened in JupyterLab (cwd notebooks/) and the headless run write to the same place.
 */
export function outDir(): string {
  return currentContext().outDir
}

export { projectRoot } from './project-root.js'

function segmentRegExp(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')
  return new RegExp(`^${body}$`)
}

/**
 * Expands a path pattern with `*` and `?` (within one folder level) and `**` (any number of levels) into the sorted
 * list of matching files; a pattern without wildcards is returned as is when it exists.
 * @param pattern e.g. '/data/laion400m/part-*.parquet'
 * @param baseDir folder that relative patterns start from. Default: the working directory.
 * @returns absolute paths, sorted
 * @example await expandGlob('laion/*.parquet', '/data') // ['/data/laion/part-00000.parquet', ...]
 */
export async function expandGlob(pattern: string, baseDir = process.cwd()): Promise<string[]> {
  const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern)
  const parts = absolute.split(sep)
  const root = parts[0] === '' ? sep : parts[0]
  const matches: string[] = []
  const walk = async (dir: string, rest: string[]): Promise<void> => {
    if (rest.length === 0) return
    const [head, ...tail] = rest
    if (head === '**') {
      await walk(dir, tail)
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
      for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name), rest)
      return
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    const re = /[*?]/.test(head) ? segmentRegExp(head) : null
    for (const e of entries) {
      if (re ? !re.test(e.name) || (e.name.startsWith('.') && !head.startsWith('.')) : e.name !== head) continue
      const path = join(dir, e.name)
      if (tail.length === 0) {
        if (e.isFile() || e.isSymbolicLink()) matches.push(path)
      } else if (e.isDirectory() || e.isSymbolicLink()) await walk(path, tail)
    }
  }
  await walk(root, parts.slice(1).filter((p) => p !== ''))
  return [...new Set(matches)].sort()
}
