import { open, type FileHandle } from 'node:fs/promises'
import { jsonLine } from './jsonl.js'
import type { JsonlAppender, JsonlAppenderOptions } from './types.js'

/**
 * Opens a JSON-lines log for appending, for work that resumes after being killed. Each append writes whole lines in one
 * write (and fsyncs by default), so a crash leaves at most one torn line at the end; opening the log again cuts that
 * torn line off rather than letting the next record be glued onto it.
 * @param file the path (created when absent)
 * @param options fsync
 * @example const log = await openJsonlAppender('out/fetch.jsonl'); await log.append({ id, ok: true }); await log.close()
 */
export async function openJsonlAppender(file: string, { fsync = true }: JsonlAppenderOptions = {}): Promise<JsonlAppender> {
  let fh: FileHandle
  try {
    fh = await open(file, 'a+')
  } catch (err) {
    throw new Error(`jsonl: cannot open ${file} for appending (${(err as Error).message})`, { cause: err })
  }
  const droppedBytes = await dropTornTail(fh)
  let count = 0
  let closed = false
  return {
    droppedBytes,
    async append(rows: unknown) {
      if (closed) throw new Error(`jsonl: ${file} is closed; open it again with openJsonlAppender`)
      const list = Array.isArray(rows) ? rows : [rows]
      const text = list.map((row, i) => jsonLine(row, () => `row ${count + i} appended to ${file}`)).join('')
      await fh.appendFile(text)
      if (fsync) await fh.sync()
      count += list.length
    },
    async close() {
      if (closed) return
      closed = true
      await fh.close()
    },
  }
}

/** Truncates the file after its last newline; returns the bytes removed. */
async function dropTornTail(fh: FileHandle): Promise<number> {
  const { size } = await fh.stat()
  if (size === 0) return 0
  const last = Buffer.alloc(1)
  await fh.read(last, 0, 1, size - 1)
  if (last[0] === 0x0a) return 0
  // Walk back in blocks to the last newline (0 when the file holds a single torn line).
  const block = Buffer.alloc(1 << 16)
  let end = size
  while (end > 0) {
    const start = Math.max(0, end - block.length)
    const { bytesRead } = await fh.read(block, 0, end - start, start)
    const nl = block.subarray(0, bytesRead).lastIndexOf(0x0a)
    if (nl >= 0) {
      await fh.truncate(start + nl + 1)
      return size - (start + nl + 1)
    }
    end = start
  }
  await fh.truncate(0)
  return size
}
