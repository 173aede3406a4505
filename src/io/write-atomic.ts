import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Returns a temporary path beside `file`, unique per process and call, for writing a file that is then renamed into
 * place (so concurrent writers of the same file in one process never share a temporary file).
 * @example tempPathFor('out/x.npy') // 'out/x.npy.4242.k3j9x2.tmp'
 */
export function tempPathFor(file: string): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
}

/**
 * Writes `data` to `file` atomically: a temporary file beside it, then a rename, so a reader or a crash sees the old
 * file or the new one, never half of one. The temporary file is removed when the write fails.
 * @param file the path
 * @param data the bytes or text (UTF-8)
 * @example await writeFileAtomic('out/index.json', JSON.stringify(index) + '\n')
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(file)
  try {
    await writeFile(tmp, data)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  await rename(tmp, file)
}

/**
 * {@link writeFileAtomic} for synchronous callers; creates the parent folder first.
 * @example writeFileAtomicSync('out/results/04_accuracy.json', JSON.stringify(records))
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = tempPathFor(file)
  try {
    writeFileSync(tmp, data)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  renameSync(tmp, file)
}
