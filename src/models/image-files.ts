import { readdir, realpath, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { LaionetError } from '../util/errors.js'

/** File extensions taken from a folder (case-insensitive); files named explicitly are always taken. */
const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.gif']

const GLOB = /[*?[\]{}]/

/**
 * Expands files and folders into a sorted list of image files: a folder contributes its image files
 * (by extension, recursively, sorted by path; symbolic links followed, a folder reached twice walked once), a file is
 * taken as given. A link in a folder that loops or dangles but has an image extension is kept, so it becomes a
 * per-image error naming it. A missing path, a link loop named directly, or no image at all throws.
 * @param paths files and folders.
 * @returns absolute paths; folders' contents in code-point order.
 * @example await listImageFiles(['samples/']) // ['/.../samples/n01440764_tench.JPEG', ...]
 */
export async function listImageFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = []
  const seen = new Set<string>()
  for (const p of paths) {
    const abs = resolve(p)
    let st
    try {
      st = await stat(abs)
    } catch (err) {
      throw missing(p, abs, err as NodeJS.ErrnoException)
    }
    if (st.isDirectory()) for (const f of await walk(abs, seen)) out.push(f)
    else out.push(abs)
  }
  if (out.length === 0) {
    throw new LaionetError('images', `no image files in ${paths.map((p) => resolve(p)).join(', ')}`, {
      code: 'not-found', fix: `Expected files ending in ${IMAGE_EXTENSIONS.join(', ')} (or name the files directly)`,
    })
  }
  return out
}

function missing(given: string, abs: string, err: NodeJS.ErrnoException): LaionetError {
  if (err.code === 'ELOOP') return new LaionetError('images', `${abs} is a symbolic link loop`, { code: 'not-found', cause: err, fix: 'Point the link at a file or folder' })
  if (err.code === 'ENOENT' && GLOB.test(given)) {
    return new LaionetError('images', `the pattern ${given} matched nothing`, { code: 'not-found', cause: err, fix: 'Check the pattern, or name the files or their folder' })
  }
  if (err.code === 'ENOENT') return new LaionetError('images', `no such file or folder: ${abs}`, { code: 'not-found', cause: err, fix: 'Expected an image file or a folder of images' })
  return new LaionetError('images', `cannot read ${abs} (${err.code ?? err.message})`, { code: 'not-found', cause: err })
}

async function walk(dir: string, seen: Set<string>): Promise<string[]> {
  const real = await realpath(dir)
  if (seen.has(real)) return []
  seen.add(real)
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const e of entries) {
    const p = join(dir, e.name)
    const isImage = IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase())
    if (e.isSymbolicLink()) {
      const target = await stat(p).catch(() => null)
      if (target?.isDirectory()) for (const f of await walk(p, seen)) out.push(f)
      else if (isImage) out.push(p) // a file, or a loop or dangling link: decoding reports it by name
    } else if (e.isDirectory()) for (const f of await walk(p, seen)) out.push(f)
    else if (e.isFile() && isImage) out.push(p)
  }
  return out
}
