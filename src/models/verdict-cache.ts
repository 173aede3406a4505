import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { sha256File } from '../data/hash-file.js'
import type { LaionetContext } from '../util/context.js'
import { LaionetError } from '../util/errors.js'

// What the signed weights verdicts (CLIP's in clip-fingerprint.ts, the other encoders' in encoder-fingerprint.ts)
// share: the model files' hashes with the stat fields that change on any rewrite, and the machine's verdict key.

/** One model file as hashed when its verdict was made. */
export interface HashedFile { path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string }

/** sha256 over the files' relative paths, sizes and content hashes. */
export function filesHash(files: HashedFile[]): string {
  return createHash('sha256').update(files.map((f) => `${f.path}\t${f.size}\t${f.sha256}`).join('\n')).digest('hex')
}

// Every regular file below `folder`, sorted, with the stat fields that change when it is rewritten.
export function statFolder(folder: string): Omit<HashedFile, 'sha256'>[] {
  const root = resolve(folder)
  const out: Omit<HashedFile, 'sha256'>[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, e.name)
      if (e.isDirectory()) walk(path)
      else if (e.isFile()) {
        const st = statSync(path)
        out.push({ path: relative(root, path).split('\\').join('/'), size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino })
      }
    }
  }
  if (existsSync(root)) walk(root)
  return out
}

export async function hashFolder(folder: string): Promise<HashedFile[]> {
  const files: HashedFile[] = []
  for (const f of statFolder(folder)) files.push({ ...f, sha256: await sha256File(join(folder, f.path)) })
  return files
}

// The machine's verdict key: 32 random bytes, created on first use with mode 0600.
export function readKey(context: LaionetContext, create: boolean): Buffer | null {
  if (existsSync(context.keyFile)) {
    const key = readFileSync(context.keyFile)
    if (key.length >= 32) return key
    // A short key signs nothing worth trusting: refuse to read verdicts with it, and say so when one is to be written.
    if (!create) return null
    throw new LaionetError('clip', `the verdict key ${context.keyFile} holds ${key.length} bytes (expected 32 random bytes)`, { code: 'invalid-input', fix: `Delete ${context.keyFile}; a new key is made on the next check` })
  }
  if (!create) return null
  mkdirSync(dirname(context.keyFile), { recursive: true, mode: 0o700 })
  try {
    writeFileSync(context.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err // another process made it first: use theirs
  }
  return readFileSync(context.keyFile)
}

/** Constant-time comparison of two hex MACs. */
export function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
}
