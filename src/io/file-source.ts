import { open, type FileHandle } from 'node:fs/promises'
import type { ByteSource } from './types.js'

/** A ByteSource over a local file, read with positioned reads on one descriptor; `close()` releases it. */
export interface FileSource extends ByteSource {
  close(): Promise<void>
}

/**
 * Opens `file` for random access: each slice() reads exactly its range, so the file is never held whole.
 * @example const src = await openFileSource('x.parquet'); const tail = await src.slice(src.byteLength - 8); await src.close()
 */
export async function openFileSource(file: string): Promise<FileSource> {
  let fh: FileHandle
  try {
    fh = await open(file, 'r')
  } catch (err) {
    throw new Error(`io: cannot open ${file} (${(err as Error).message})`, { cause: err })
  }
  const { size } = await fh.stat()
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const length = Math.max(0, Math.min(end, size) - start)
      const buf = new Uint8Array(length)
      let done = 0
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, start + done)
        if (bytesRead === 0) break
        done += bytesRead
      }
      return buf.buffer
    },
    close: () => fh.close(),
  }
}
