import { createHash } from 'node:crypto'
import { closeSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomicSync } from './write-atomic.js'

// A derived-data cache file that is checked before anything in it is used:
//   8 bytes magic | u32 LE header length | header JSON | sections, each padded to 8 bytes
// The header names the entry's key, its sections' lengths and the sha256 of everything after the header. A reader
// bounds every size before allocating and returns a reason instead of data when anything disagrees, so a damaged,
// truncated or foreign file is rebuilt, never trusted.

const MAGIC = Buffer.from('LNCACHE1', 'latin1')
const MAX_HEADER = 1 << 20
const MAX_SECTIONS = 64
const ALIGN = 8

/** One named block of bytes of a cache entry. */
export interface CacheSection {
  name: string
  bytes: Uint8Array
}

/** What {@link readCacheFile} found: the sections and the header's `meta`, or why the file cannot be used. */
export type CacheRead =
  | { ok: true, sections: Map<string, Uint8Array>, meta: unknown }
  | { ok: false, missing: boolean, reason: string }

interface Header {
  key: string
  sha256: string
  sections: { name: string, length: number }[]
  meta?: unknown
}

const pad = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN

/**
 * Writes a cache entry atomically (a reader sees the old file or the new one, never half of one).
 * @param file the cache file
 * @param key what the entry was computed from (a hash); a reader asking for another key refuses the file
 * @param sections the payload
 * @param meta small JSON-safe facts stored in the header (sizes, scalars)
 */
export function writeCacheFile(file: string, key: string, sections: readonly CacheSection[], meta?: unknown): void {
  const parts: Uint8Array[] = []
  const h = createHash('sha256')
  for (const s of sections) {
    const padding = new Uint8Array(pad(s.bytes.byteLength))
    parts.push(s.bytes, padding)
    h.update(s.bytes)
    h.update(padding)
  }
  const header: Header = { key, sha256: h.digest('hex'), sections: sections.map((s) => ({ name: s.name, length: s.bytes.byteLength })), meta }
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const prefix = Buffer.alloc(12)
  MAGIC.copy(prefix, 0)
  prefix.writeUInt32LE(json.length, 8)
  writeFileAtomicSync(file, Buffer.concat([prefix, json, new Uint8Array(pad(12 + json.length)), ...parts]))
}

/**
 * Reads and verifies a cache entry written by {@link writeCacheFile}: size within `maxBytes`, magic, header, the
 * expected key, section lengths that add up to the file's size, and the payload's sha256. Never throws for a bad
 * file: the result says why it cannot be used (`missing` when there is no file at all).
 * @param file the cache file
 * @param key the key the caller computed from its inputs
 * @param maxBytes the largest file the caller accepts (checked before reading)
 */
export function readCacheFile(file: string, key: string, maxBytes: number): CacheRead {
  let size: number
  try {
    size = statSync(file).size
  } catch {
    return { ok: false, missing: true, reason: 'no file' }
  }
  if (size > maxBytes) return bad(`${size} bytes, over the ${maxBytes} accepted`)
  if (size < 12) return bad(`${size} bytes, shorter than the format's prefix`)
  const data = Buffer.allocUnsafe(size)
  const fd = openSync(file, 'r')
  try {
    let got = 0
    while (got < size) {
      const n = readSync(fd, data, got, size - got, got)
      if (n === 0) return bad(`the file shrank while read (${got} of ${size} bytes)`)
      got += n
    }
  } finally {
    closeSync(fd)
  }
  if (!data.subarray(0, 8).equals(MAGIC)) return bad('not a laionet cache file (wrong magic)')
  const headerLength = data.readUInt32LE(8)
  if (headerLength > MAX_HEADER || 12 + headerLength > size) return bad(`header of ${headerLength} bytes in a file of ${size}`)
  let header: Header
  try {
    header = JSON.parse(data.toString('utf8', 12, 12 + headerLength)) as Header
  } catch {
    return bad('the header is not valid JSON')
  }
  const shape = headerProblem(header)
  if (shape) return bad(shape)
  if (header.key !== key) return bad(`it holds entry ${String(header.key).slice(0, 16)}..., not ${key.slice(0, 16)}... (a foreign file)`)
  let at = 12 + headerLength + pad(12 + headerLength)
  const payloadStart = at
  const sections = new Map<string, Uint8Array>()
  for (const s of header.sections) {
    if (at + s.length + pad(s.length) > size) return bad(`section ${s.name} (${s.length} bytes) runs past the end of the file (truncated?)`)
    sections.set(s.name, data.subarray(at, at + s.length))
    at += s.length + pad(s.length)
  }
  if (at !== size) return bad(`${size - at} bytes after the last section`)
  if (createHash('sha256').update(data.subarray(payloadStart)).digest('hex') !== header.sha256) return bad('its sha256 does not match its header (damaged)')
  return { ok: true, sections, meta: header.meta }
}

function bad(reason: string): CacheRead {
  return { ok: false, missing: false, reason }
}

function headerProblem(h: Header): string | null {
  if (typeof h !== 'object' || h === null) return 'the header is not an object'
  if (typeof h.key !== 'string' || typeof h.sha256 !== 'string') return 'the header lacks its key or sha256'
  if (!Array.isArray(h.sections) || h.sections.length > MAX_SECTIONS) return `the header's sections are not a list of at most ${MAX_SECTIONS}`
  const names = new Set<string>()
  for (const s of h.sections) {
    if (typeof s?.name !== 'string' || names.has(s.name)) return 'a section has no name, or a repeated one'
    if (!Number.isSafeInteger(s.length) || s.length < 0) return `section ${s.name} has length ${String(s.length)}`
    names.add(s.name)
  }
  return null
}

/**
 * Views `bytes` as a typed array of `Ctor`, checking that its length is a whole number of elements (copying when the
 * bytes are not aligned for it). Returns null when the length does not fit.
 */
export function sectionArray<T extends Int32Array | Uint16Array | Uint8Array | Float32Array | Float64Array>(
  bytes: Uint8Array, Ctor: { new(buffer: ArrayBufferLike, offset: number, length: number): T, BYTES_PER_ELEMENT: number },
): T | null {
  const size = Ctor.BYTES_PER_ELEMENT
  if (bytes.byteLength % size !== 0) return null
  const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice()
  return new Ctor(aligned.buffer, aligned.byteOffset, aligned.byteLength / size)
}

/** The bytes of a typed array (a view, not a copy). */
export function arrayBytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
}

/**
 * Keeps the `keep` most recently written files named `prefix...suffix` in `dir` and deletes the rest: a cache folder
 * stays bounded however many keys (dials, seeds, code versions) it has seen. Errors (a file another process removed)
 * are ignored.
 */
export function pruneCacheDir(dir: string, prefix: string, suffix: string, keep: number): void {
  let files: { path: string, mtime: number }[]
  try {
    files = readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith(suffix)).map((n) => {
      const path = join(dir, n)
      return { path, mtime: statSync(path).mtimeMs }
    })
  } catch {
    return
  }
  files.sort((a, b) => b.mtime - a.mtime)
  for (const f of files.slice(keep)) rmSync(f.path, { force: true })
}
