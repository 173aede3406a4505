import { readdir, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'

/** File extensions taken from a folder (case-insensitive); files named explicitly are always taken. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.gif']

/**
 * Expands files and folders into a sorted list of image files: a folder contributes its image files
 * (by extension, recursively, sorted by path), a file is taken as given. A missing path throws.
 * @param paths files and folders.
 * @returns absolute paths; folders' contents in code-point order.
 * @example await listImageFiles(['samples/']) // ['/.../samples/n01440764_tench.JPEG', ...]
 */
export async function listImageFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const abs = resolve(p)
    let st
    try {
      st = await stat(abs)
    } catch {
      throw new Error(`images: ${abs} does not exist (expected an image file or a folder of images)`)
    }
    if (st.isDirectory()) out.push(...await walk(abs))
    else out.push(abs)
  }
  return out
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const e of entries) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...await walk(p))
    else if (e.isFile() && IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase())) out.push(p)
  }
  return out
}
