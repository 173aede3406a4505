import { writeErrorFor } from '../io/output-lock.js'
import { open, readFile, truncate } from 'node:fs/promises'
import type { StatusRecord } from './types.js'

/** What an earlier run recorded, the last line per row winning. */
export interface StatusState {
  /** Status per row. */
  status: Map<number, string>
  /** URL per row as recorded (without credentials), to check that a resumed run reads the same inputs. */
  urls: Map<number, string>
  /** Rows recorded ok per shard file. */
  okPerShard: Map<string, number>
  /** Bytes of complete lines; a crash can leave a partial last line beyond this, which is dropped. */
  completeBytes: number
}

/**
 * Parses status.jsonl text; a last line without its newline (a run killed mid-write) is ignored, any other bad line
 * is an error naming it.
 * @param text the file's contents
 * @param where the file name for error messages
 * @example parseStatusLog('{"row":0,"url":"u","status":"ok"}\n', 'status.jsonl').status.get(0) // 'ok'
 */
export function parseStatusLog(text: string, where = 'status.jsonl'): StatusState {
  const status = new Map<number, string>()
  const urls = new Map<number, string>()
  const shardOf = new Map<number, string>()
  const end = text.lastIndexOf('\n') + 1
  let lineNo = 0
  for (let at = 0; at < end;) {
    const next = text.indexOf('\n', at)
    const line = text.slice(at, next)
    at = next + 1
    lineNo++
    if (!line.trim()) continue
    let record: StatusRecord
    try {
      record = JSON.parse(line)
    } catch (err) {
      throw new Error(`download: ${where} line ${lineNo} is not JSON; the file is damaged. Delete that line to resume`, { cause: err })
    }
    if (!Number.isInteger(record.row) || typeof record.status !== 'string') {
      throw new Error(`download: ${where} line ${lineNo} lacks an integer "row" or a string "status"`)
    }
    status.set(record.row, record.status)
    if (typeof record.url === 'string') urls.set(record.row, record.url)
    if (record.status === 'ok' && record.shard) shardOf.set(record.row, record.shard)
    else shardOf.delete(record.row)
  }
  const okPerShard = new Map<string, number>()
  for (const shard of shardOf.values()) okPerShard.set(shard, (okPerShard.get(shard) ?? 0) + 1)
  return { status, urls, okPerShard, completeBytes: Buffer.byteLength(text.slice(0, end)) }
}

/**
 * Reads `<out>/status.jsonl` (an empty state when it does not exist).
 * @example const { status } = await readStatusLog('out/status.jsonl')
 */
export async function readStatusLog(file: string): Promise<StatusState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: new Map(), urls: new Map(), okPerShard: new Map(), completeBytes: 0 }
    throw err
  }
  return parseStatusLog(text, file)
}

/** An append-only status.jsonl. */
export interface StatusLogWriter {
  /** Appends records as whole lines in a single write, after any earlier append. */
  append(records: readonly StatusRecord[]): Promise<void>
  close(): Promise<void>
}

/**
 * Opens status.jsonl for appending, first cutting a partial last line left by a killed run so new lines start clean.
 * @param completeBytes the length of the complete lines, from {@link readStatusLog}
 * @example const log = await openStatusLog('out/status.jsonl', state.completeBytes)
 */
export async function openStatusLog(file: string, completeBytes: number): Promise<StatusLogWriter> {
  try {
    await truncate(file, completeBytes)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const handle = await open(file, 'a')
  let chain: Promise<void> = Promise.resolve()
  return {
    append(records) {
      if (records.length === 0) return chain
      const text = records.map((r) => JSON.stringify(r) + '\n').join('')
      chain = chain.then(async () => {
        await handle.write(text).catch((err) => { throw writeErrorFor('download', file, err) })
      })
      return chain
    },
    async close() {
      // Closed even after a failed append (a full disk), so no descriptor is left open.
      try {
        await chain
      } finally {
        await handle.close()
      }
    },
  }
}
