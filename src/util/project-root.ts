import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Returns the nearest ancestor of the working directory holding laionet's package.json, else the working directory. */
export function projectRoot(start = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'laionet') return dir
      } catch { /* an unreadable package.json is not ours */ }
    }
    if (dirname(dir) === dir) return resolve(start)
  }
}
