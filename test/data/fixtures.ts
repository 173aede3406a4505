import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Manifest, ManifestEntry } from '../../src/index.js'

/** A fresh temporary directory (removed by `cleanup`). */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `laionet-${label}-`))
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Deterministic pseudo-random bytes (a linear congruential generator), so payloads are not compressible runs. */
export function payload(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n)
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** Returns a manifest for `files` with URLs under `baseUrl` (null when baseUrl is null). */
export function manifestFor(files: Record<string, Buffer>, baseUrl: string | null = null): Manifest {
  const entries: ManifestEntry[] = Object.entries(files).map(([name, bytes]) => (
    { name, url: baseUrl === null ? null : `${baseUrl}/${name}`, sha256: sha256(bytes), size: bytes.length, licence: 'test', repository: 'test' }))
  return { version: 1, files: entries }
}

/** Writes `files` under `dir` and returns a manifest for them with URLs under `baseUrl` (null when baseUrl is null). */
export function makeMirror(dir: string, files: Record<string, Buffer>, baseUrl: string | null = null): Manifest {
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), bytes)
  }
  return manifestFor(files, baseUrl)
}

/** Reads an async iterable to the end and returns its items in order. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

/** Captures a promise's rejection (or null when it resolves). */
export function rejection(p: Promise<unknown>): Promise<Error | null> {
  return p.then(() => null, (e: Error) => e)
}
