import { open } from 'node:fs/promises'
import { LaionetError } from '../util/errors.js'

/** One member of a tar archive. */
export interface TarEntry {
  /** Member name (ustar prefix and name joined by '/'). */
  name: string
  /** Size of the member's data in bytes. */
  size: number
  /** Byte offset of the member's data inside the archive. */
  offset: number
  /** The member's bytes; absent when read with `{ contents: false }`. */
  data?: Uint8Array
}

/** Options of {@link tarEntries}. */
export interface TarReadOptions {
  /** Read each member's bytes; false lists names, sizes and offsets with one 512-byte read per member. Default: true. */
  contents?: boolean
}

const BLOCK = 512

/**
 * A member's size from its 12-byte header field: octal digits (POSIX ustar; up to the first NUL, spaces around them), or, when the
 * first byte has its high bit set, GNU's base-256 big-endian number (used for members of 8 GiB and more; bit 6 of
 * the first byte is its sign). Anything else (a sign, a non-octal digit, a negative base-256 number, a size beyond 2^53) is
 * refused naming `where`: parseInt would take "-1000" as -512 and step backwards forever, and give NaN for base-256.
 */
function parseSize(field: Uint8Array, where: string): number {
  if (field[0] & 0x80) {
    // Two's complement after the marker bit: bit 6 is the sign.
    if (field[0] & 0x40) throw new LaionetError('tar', `${where}: the member's size is a negative base-256 number; the archive is corrupt`, { code: 'invalid-input' })
    let size = field[0] & 0x3f
    for (let i = 1; i < field.length; i++) size = size * 256 + field[i]
    if (!Number.isSafeInteger(size)) throw new LaionetError('tar', `${where}: the member's size (base-256) is beyond 2^53 bytes; the archive is corrupt`, { code: 'invalid-input' })
    return size
  }
  const nul = field.indexOf(0)
  const text = Buffer.from(field.subarray(0, nul === -1 ? field.length : nul)).toString('latin1').trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) {
    throw new LaionetError('tar', `${where}: the member's size ${JSON.stringify(text)} is not an octal number (expected digits 0-7); the archive is corrupt`, { code: 'invalid-input' })
  }
  const size = parseInt(text, 8)
  if (!Number.isSafeInteger(size)) throw new LaionetError('tar', `${where}: the member's size ${text} (octal) is beyond 2^53 bytes; the archive is corrupt`, { code: 'invalid-input' })
  return size
}

/**
 * Decodes one 512-byte header block; returns null for an all-zero block (the end of the archive).
 * Throws when the checksum does not match or the size field is not a size, naming `where`.
 */
function parseTarHeader(block: Uint8Array, where = 'tar'): { name: string, size: number, type: string } | null {
  if (block.every((b) => b === 0)) return null
  const buf = Buffer.from(block.buffer, block.byteOffset, BLOCK)
  const text = (start: number, len: number) => {
    const end = buf.indexOf(0, start)
    return buf.toString('utf8', start, end === -1 || end > start + len ? start + len : end)
  }
  const stored = parseInt(text(148, 8).trim(), 8)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : buf[i]
  if (stored !== sum) throw new Error(`tar: bad header checksum in ${where} (expected ${sum}, got ${stored}); the archive is corrupt or not a tar file`)
  const size = parseSize(block.subarray(124, 136), where)
  const prefix = buf.toString('ascii', 257, 262) === 'ustar' ? text(345, 155) : ''
  const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100)
  return { name, size, type: text(156, 1) || '0' }
}

/**
 * Parses a whole tar archive held in memory; regular files only (other member types are skipped).
 * @param buf the archive bytes
 * @param source the archive's name, for messages
 * @returns the regular-file members in archive order, each with its data
 * @example parseTar(readFileSync('00000.tar')).map((e) => e.name)
 */
export function parseTar(buf: Uint8Array, source = 'the archive'): Required<TarEntry>[] {
  const entries: Required<TarEntry>[] = []
  for (let at = 0; at + BLOCK <= buf.length;) {
    const header = parseTarHeader(buf.subarray(at, at + BLOCK), `${source} at byte ${at}`)
    if (!header) break
    const offset = at + BLOCK
    if (offset + header.size > buf.length) {
      throw new Error(`tar: member "${header.name}" at byte ${at} needs ${header.size} bytes but the archive ends at ${buf.length} (truncated)`)
    }
    if (header.type === '0') entries.push({ name: header.name, size: header.size, offset, data: buf.subarray(offset, offset + header.size) })
    at = offset + Math.ceil(header.size / BLOCK) * BLOCK
  }
  return entries
}

/**
 * Streams the regular-file members of a tar archive on disk, one at a time (memory stays at one member).
 * @param file path of the archive
 * @returns an async iterable of {@link TarEntry}
 * @example for await (const e of tarEntries('00000.tar', { contents: false })) console.log(e.name, e.size)
 */
export async function* tarEntries(file: string, { contents = true }: TarReadOptions = {}): AsyncGenerator<TarEntry> {
  const handle = await open(file, 'r')
  try {
    const { size: fileSize } = await handle.stat()
    const block = new Uint8Array(BLOCK)
    for (let at = 0; at + BLOCK <= fileSize;) {
      await readFully(handle, block, at)
      const header = parseTarHeader(block, `${file} at byte ${at}`)
      if (!header) return
      const offset = at + BLOCK
      if (offset + header.size > fileSize) {
        throw new Error(`tar: member "${header.name}" of ${file} needs ${header.size} bytes but the file ends at ${fileSize} (truncated)`)
      }
      if (header.type === '0') {
        let data: Uint8Array | undefined
        if (contents) {
          data = new Uint8Array(header.size)
          await readFully(handle, data, offset)
        }
        yield { name: header.name, size: header.size, offset, data }
      }
      at = offset + Math.ceil(header.size / BLOCK) * BLOCK
    }
  } finally {
    await handle.close()
  }
}

async function readFully(handle: import('node:fs/promises').FileHandle, into: Uint8Array, position: number): Promise<void> {
  let done = 0
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done)
    if (bytesRead === 0) throw new Error(`tar: unexpected end of file at byte ${position + done}`)
    done += bytesRead
  }
}
