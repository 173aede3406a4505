import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

// Temporary files of the atomic writers: `<name>.<pid>.<random>.tmp` (src/io/write-atomic.ts tempPathFor).
const TEMP = /\.(\d+)\.[a-z0-9]*\.tmp$/

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

/**
 * Removes the temporary files a killed run left in `dirs` (`*.<pid>.<random>.tmp` whose process is gone); those of a
 * live process (this one or a concurrent fetch) are kept. Missing folders are skipped.
 * @returns the paths removed
 * @example await removeStaleTemps(['data/cache/imagenet'])
 */
export async function removeStaleTemps(dirs: Iterable<string>): Promise<string[]> {
  const removed: string[] = []
  for (const dir of new Set(dirs)) {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const m = TEMP.exec(name)
      if (!m || isAlive(Number(m[1]))) continue
      await rm(join(dir, name), { force: true })
      removed.push(join(dir, name))
    }
  }
  return removed
}
