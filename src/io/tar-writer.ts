import { open, type FileHandle } from 'node:fs/promises'

/** Options of {@link createTarWriter}. */
export interface TarWriterOptions {
  /** Modification time written into every header, in seconds since 1970. Default: 0 (byte-identical reruns). */
  mtime?: number
  /** Permission bits of every member. Default: 0o644. */
  mode?: number
}

/** A tar file being written member by member (POSIX ustar, regular files only). */
export interface TarWriter {
  /** Appends one regular file; resolves once its bytes are handed to the OS. */
  add(name: string, data: Uint8Array): Promise<void>
  /** Bytes written so far, headers and padding included. */
  readonly bytes: number
  /** Writes the end-of-archive marker and closes the file. */
  close(): Promise<void>
  /** Closes the file without the end marker (for an aborted shard that will be discarded). */
  abandon(): Promise<void>
}

const BLOCK = 512

/**
 * Returns the 512-byte ustar header of a regular file, or throws when the name does not fit.
 * @param name member name, at most 100 bytes, or 255 with a '/' that splits it into prefix and name
 * @param size member size in bytes (at most 8 GiB - 1, the octal field's limit)
 * @example tarHeader('000001.jpg', 1234)
 */
export function tarHeader(name: string, size: number, { mtime = 0, mode = 0o644 }: TarWriterOptions = {}): Uint8Array {
  const header = Buffer.alloc(BLOCK)
  const [prefix, base] = splitName(name)
  if (!Number.isInteger(size) || size < 0 || size > 0o77777777777) {
    throw new Error(`tar: member "${name}" has size ${size} (expected an integer in 0..8589934591)`)
  }
  header.write(base, 0, 100, 'utf8')
  octal(header, 100, 8, mode)
  octal(header, 108, 8, 0)
  octal(header, 116, 8, 0)
  octal(header, 124, 12, size)
  octal(header, 136, 12, Math.floor(mtime))
  header.fill(0x20, 148, 156) // checksum is computed with its own field as spaces
  header.write('0', 156, 1, 'ascii')
  header.write('ustar\0', 257, 6, 'ascii')
  header.write('00', 263, 2, 'ascii')
  header.write(prefix, 345, 155, 'utf8')
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += header[i]
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii')
  return header
}

function splitName(name: string): [string, string] {
  const bytes = Buffer.byteLength(name)
  if (name.length === 0 || name.includes('\0')) throw new Error(`tar: invalid member name ${JSON.stringify(name)}`)
  if (bytes <= 100) return ['', name]
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i)
    const base = name.slice(i + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 && base.length > 0) return [prefix, base]
  }
  throw new Error(`tar: member name "${name}" is ${bytes} bytes (expected at most 100, or 255 split at a '/'). Use shorter keys`)
}

function octal(buf: Buffer, offset: number, width: number, value: number): void {
  buf.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'ascii')
}

/**
 * Opens `file` for writing a tar archive (truncating it) and returns a writer that appends members in order.
 * @param file path of the archive to create
 * @returns a {@link TarWriter}; call `close()` to finish the archive
 * @example const tar = await createTarWriter('00000.tar.tmp'); await tar.add('a.json', bytes); await tar.close()
 */
export async function createTarWriter(file: string, options: TarWriterOptions = {}): Promise<TarWriter> {
  const handle: FileHandle = await open(file, 'w')
  let bytes = 0
  let closed = false
  const write = async (chunk: Uint8Array) => {
    let done = 0
    while (done < chunk.length) {
      const { bytesWritten } = await handle.write(chunk, done, chunk.length - done)
      done += bytesWritten
    }
    bytes += chunk.length
  }
  const ensureOpen = () => {
    if (closed) throw new Error(`tar: ${file} is already closed`)
  }
  return {
    get bytes() {
      return bytes
    },
    async add(name, data) {
      ensureOpen()
      await write(tarHeader(name, data.length, options))
      await write(data)
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK
      if (pad) await write(new Uint8Array(pad))
    },
    async close() {
      ensureOpen()
      closed = true
      await write(new Uint8Array(2 * BLOCK))
      await handle.sync()
      await handle.close()
    },
    async abandon() {
      if (closed) return
      closed = true
      await handle.close()
    },
  }
}
