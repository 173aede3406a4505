import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { writeFileAtomic } from '../io/write-atomic.js'
import { cacheDir } from './cache-dir.js'
import { sha256File } from './hash-file.js'

/**
 * What a resumable run records about one input file so that a resume onto a file rewritten at the same path is
 * noticed: size, modification time and the sha256 of its first and last blocks (a parquet file's last block holds its
 * footer, which changes with any rewrite).
 */
export interface FileFingerprint {
  /** The path as given. */
  path: string
  /** Size in bytes; -1 for a file that could not be opened. */
  size: number
  /** Modification time in ms since the epoch. */
  mtimeMs: number
  /** sha256 (hex) of the first block (64 KiB, or the whole file when smaller). */
  head: string
  /** sha256 (hex) of the last block (64 KiB, or the whole file when smaller). */
  tail: string
}

const BLOCK = 1 << 16

/**
 * Returns the fingerprint of a file: size, mtime and the sha256 of its first and last 64 KiB.
 * @param file the path
 * @example (await fileFingerprint('part-00000.parquet')).size // 1302553
 */
export async function fileFingerprint(file: string): Promise<FileFingerprint> {
  const handle = await open(file, 'r')
  try {
    const info = await handle.stat()
    const block = async (position: number) => {
      const length = Math.min(BLOCK, info.size)
      const buf = Buffer.alloc(length)
      let read = 0
      while (read < length) {
        const { bytesRead } = await handle.read(buf, read, length - read, position + read)
        if (bytesRead === 0) break
        read += bytesRead
      }
      return createHash('sha256').update(buf.subarray(0, read)).digest('hex')
    }
    return { path: file, size: info.size, mtimeMs: info.mtimeMs, head: await block(0), tail: await block(Math.max(0, info.size - BLOCK)) }
  } finally {
    await handle.close()
  }
}

/**
 * Returns the sha256 (hex) of any JSON-serialisable value (object keys in insertion order): a short record of a lemma
 * map, a table of synset texts or a settings object.
 * @example valueFingerprint({ a: 1 }) // '015abd7f...'
 */
export function valueFingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

interface HashCacheEntry { size: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string }

// Content hashes of files already hashed by this process, by absolute path.
const hashed = new Map<string, HashCacheEntry>()

/**
 * Returns the sha256 (hex) of a folder's files: every regular file below it (sorted relative path, size and content
 * hash). Content hashes are cached (in memory and in `<cacheDir()>/fingerprints/`) while a file's size, mtime,
 * ctime and inode are unchanged; the ctime changes on any write and on a restored mtime, so a changed file is rehashed.
 * @param dir the folder (a model folder)
 * @example await folderFingerprint('../shared/fixtures/models/tiny-random-clip') // 'c0ffee...'
 */
export async function folderFingerprint(dir: string): Promise<string> {
  const root = resolve(dir)
  // One small cache file per folder, holding only that folder's files.
  const cacheFile = join(cacheDir(), 'fingerprints', `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`)
  const stored = await readFile(cacheFile, 'utf8').then((t) => JSON.parse(t) as Record<string, HashCacheEntry>, () => ({} as Record<string, HashCacheEntry>))
  const current: Record<string, HashCacheEntry> = {}
  const lines: string[] = []
  for (const file of await listFiles(root)) {
    const info = await stat(file)
    const key = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino }
    const same = (e: HashCacheEntry | undefined): e is HashCacheEntry => e !== undefined && e.size === key.size && e.mtimeMs === key.mtimeMs && e.ctimeMs === key.ctimeMs && e.ino === key.ino
    const known = hashed.get(file)
    const entry = same(known) ? known : same(stored[file]) ? stored[file] : { ...key, sha256: await sha256File(file) }
    hashed.set(file, entry)
    current[file] = entry
    lines.push(`${relative(root, file).split('\\').join('/')}\t${info.size}\t${entry.sha256}`)
  }
  if (JSON.stringify(current) !== JSON.stringify(stored)) {
    // A cache: failing to write it only costs time on the next run.
    await mkdir(dirname(cacheFile), { recursive: true }).then(() => writeFileAtomic(cacheFile, JSON.stringify(current))).catch(() => undefined)
  }
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) for (const f of await listFiles(path)) found.push(f)
    else if (entry.isFile()) found.push(path)
  }
  return found
}

/**
 * Describes how the input files of a resumed run differ from those recorded: one phrase per changed file, naming it and
 * what changed (empty when all are the same).
 * @example fileChanges(before, now) // ['input 1 (part-0.parquet) changed: size 1200 -> 1300, content of its last block']
 */
export function fileChanges(before: readonly FileFingerprint[], now: readonly FileFingerprint[]): string[] {
  const changes: string[] = []
  if (before.length !== now.length || before.some((b, i) => b.path !== now[i].path)) {
    changes.push(`the input files were [${before.map((b) => b.path).join(', ')}], now [${now.map((n) => n.path).join(', ')}]`)
    return changes
  }
  now.forEach((n, i) => {
    const b = before[i]
    if (b.size < 0 || n.size < 0) {
      if (b.size !== n.size) changes.push(`input ${i + 1} (${n.path}) ${b.size < 0 ? 'was missing, now exists' : 'is missing or unreadable now'}`)
      return
    }
    const what: string[] = []
    if (b.size !== n.size) what.push(`size ${b.size} -> ${n.size} bytes`)
    if (b.mtimeMs !== n.mtimeMs) what.push(`modified ${new Date(b.mtimeMs).toISOString()} -> ${new Date(n.mtimeMs).toISOString()}`)
    if (b.head !== n.head) what.push('content of its first block')
    if (b.tail !== n.tail) what.push('content of its last block')
    if (what.length) changes.push(`input ${i + 1} (${n.path}) changed: ${what.join(', ')}`)
  })
  return changes
}
