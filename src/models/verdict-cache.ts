import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { sha256File } from '../data/hash-file.js'
import { writeFileAtomic } from '../io/write-atomic.js'
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
function statFolder(folder: string): Omit<HashedFile, 'sha256'>[] {
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
function readKey(context: LaionetContext, create: boolean): Buffer | null {
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
function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

/** The fields every signed verdict on a model folder has (each kind adds its own evidence). */
export interface SignedVerdict { version: number, folder: string, files: HashedFile[], threshold: number, verified: boolean }

/** How one kind of verdict is stored and signed. */
export interface VerdictKind<B extends SignedVerdict> {
  /** Folder under the cache (`clip-verdicts`, `encoder-verdicts`). */
  dir: string
  version: number
  threshold: number
  /** The body's fields in a fixed order: what the HMAC covers. */
  canonical: (body: B) => unknown[]
  /** Why a signed, current body is still refused (e.g. its verdict does not follow from its evidence), or null. */
  check: (body: B, context: LaionetContext) => string | null
}

/** Where a kind's verdict on `folder` is cached: one file per resolved folder path. */
function verdictPath(kind: Pick<VerdictKind<SignedVerdict>, 'dir'>, folder: string, context: LaionetContext): string {
  return join(context.cacheDir, kind.dir, `${createHash('sha256').update(resolve(folder)).digest('hex').slice(0, 32)}.json`)
}

/** The HMAC of a body with the machine's key (made on first use). */
function signVerdict<B extends SignedVerdict>(kind: VerdictKind<B>, body: B, context: LaionetContext, key = readKey(context, true)!): string {
  return createHmac('sha256', key).update(JSON.stringify(kind.canonical(body))).digest('hex')
}

/** Stores a signed verdict. A cache: failing to write it only costs a check on the next run. */
export async function writeVerdict<B extends SignedVerdict>(kind: VerdictKind<B>, body: B, context: LaionetContext): Promise<void> {
  const file = verdictPath(kind, body.folder, context)
  const mac = signVerdict(kind, body, context)
  await mkdir(dirname(file), { recursive: true }).then(() => writeFileAtomic(file, JSON.stringify({ ...body, mac }) + '\n')).catch(() => undefined)
}

/**
 * The cached verdict on a model folder when it can be trusted (valid JSON, signed with this machine's key, made for
 * this folder, format and threshold, the model files unchanged since, and the kind's own check), without loading the
 * model; else `body` is null and `distrusted` says why an existing entry was refused. Synchronous: `laionet config`
 * and the tier table call it.
 * @example readTrustedVerdict(kind, '/models/clip', context).body?.verified
 */
export function readTrustedVerdict<B extends SignedVerdict>(kind: VerdictKind<B>, folder: string, context: LaionetContext): { body: B | null, distrusted?: string } {
  const file = verdictPath(kind, folder, context)
  if (!existsSync(file)) return { body: null }
  const refuse = (why: string) => ({ body: null, distrusted: `the cached verdict ${file} is not trusted: ${why}` })
  let entry: B & { mac?: unknown }
  try {
    entry = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return refuse('it is not valid JSON')
  }
  const { mac, ...rest } = entry
  const body = rest as unknown as B
  const key = readKey(context, false)
  if (key === null || typeof mac !== 'string' || !sameMac(mac, signVerdict(kind, body, context, key))) return refuse('its signature does not verify (edited, or made on another machine)')
  if (body.version !== kind.version || body.folder !== resolve(folder)) return refuse('it was made for another folder or format')
  if (body.threshold !== kind.threshold) return refuse(`it used the threshold ${body.threshold}`)
  const own = kind.check(body, context)
  if (own) return refuse(own)
  const now = statFolder(folder)
  const same = now.length === body.files.length && now.every((f, i) => {
    const b = body.files[i]
    return b.path === f.path && b.size === f.size && b.mtimeMs === f.mtimeMs && b.ctimeMs === f.ctimeMs && b.ino === f.ino
  })
  if (!same) return refuse('the model files changed since')
  return { body }
}
