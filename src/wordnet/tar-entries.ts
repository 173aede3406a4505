/** One regular file inside a tar archive. */
export interface TarEntry {
  /** Path inside the archive, e.g. `dict/data.noun` (ustar prefix joined). */
  name: string
  /** The file's bytes (a view into the archive buffer, not a copy). */
  data: Buffer
}

const BLOCK = 512

/**
 * Yields the regular files of an uncompressed (ustar or v7) tar archive, in archive order.
 * Directories, links and pax/GNU metadata entries are skipped; a bad header checksum or a
 * truncated member throws, naming the byte offset.
 * @param tar the whole archive, already gunzipped.
 * @example for (const { name, data } of tarEntries(gunzipSync(buf))) console.log(name, data.length)
 */
export function* tarEntries(tar: Buffer): Generator<TarEntry> {
  let pos = 0
  while (pos + BLOCK <= tar.length) {
    const header = tar.subarray(pos, pos + BLOCK)
    if (header.every((b) => b === 0)) return // end-of-archive marker
    const expected = octal(header, 148, 8)
    if (expected !== checksum(header)) {
      throw new Error(`tar: bad header checksum at byte ${pos} (expected ${expected}, got ${checksum(header)}). The archive is corrupt or not a tar file.`)
    }
    const size = octal(header, 124, 12)
    const type = String.fromCharCode(header[156] || 0x30)
    const magic = header.toString('latin1', 257, 262)
    const prefix = magic === 'ustar' ? cString(header, 345, 155) : ''
    const base = cString(header, 0, 100)
    const name = prefix ? `${prefix}/${base}` : base
    const start = pos + BLOCK
    if (start + size > tar.length) {
      throw new Error(`tar: member "${name}" at byte ${pos} needs ${size} bytes but the archive ends after ${tar.length - start}. The download is truncated.`)
    }
    if (type === '0' || type === '\0') yield { name, data: tar.subarray(start, start + size) }
    pos = start + Math.ceil(size / BLOCK) * BLOCK
  }
}

function octal(buf: Buffer, at: number, len: number): number {
  const text = cString(buf, at, len).trim()
  return text === '' ? 0 : parseInt(text, 8)
}

function cString(buf: Buffer, at: number, len: number): string {
  const end = buf.indexOf(0, at)
  return buf.toString('latin1', at, end < 0 || end > at + len ? at + len : end)
}

// The checksum field itself counts as eight spaces.
function checksum(header: Buffer): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]
  return sum
}
