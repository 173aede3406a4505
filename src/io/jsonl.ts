import { createReadStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import type { ReadJsonlOptions } from './types.js'
import { tempPathFor } from './write-atomic.js'

/**
 * Streams the rows of a JSON-lines file (one JSON value per line; blank lines skipped). A bad line raises an error with
 * its line number; a torn last line (no newline, not JSON) is dropped with `dropPartialLastLine`, else reported.
 * @param file the path
 * @param options dropPartialLastLine
 * @example for await (const row of readJsonl('out/log.jsonl')) seen.add(row.id)
 */
export async function* readJsonl<T = unknown>(file: string, { dropPartialLastLine = false }: ReadJsonlOptions = {}): AsyncGenerator<T> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let line = 0
  const parse = (text: string, at: number, last: boolean): { ok: true, value: T } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text) as T }
    } catch (err) {
      if (last && dropPartialLastLine) return { ok: false }
      const shown = text.length > 80 ? `${text.slice(0, 80)}...` : text
      const hint = last ? ' (the last line has no newline: a record torn by a killed run? openJsonlAppender drops it)' : ''
      throw new Error(`jsonl: ${file} line ${at}: ${(err as Error).message}${hint}: ${shown}`, { cause: err })
    }
  }
  let stream
  try {
    stream = createReadStream(file)
    for await (const chunk of stream) {
      pending += decoder.write(chunk as Buffer)
      let nl: number
      while ((nl = pending.indexOf('\n')) >= 0) {
        const text = pending.slice(0, nl).replace(/\r$/, '')
        pending = pending.slice(nl + 1)
        line++
        if (text.trim() === '') continue
        const r = parse(text, line, false)
        if (r.ok) yield r.value
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new Error(`jsonl: cannot read ${file} (${(err as Error).message})`, { cause: err })
    }
    throw err
  }
  pending += decoder.end()
  if (pending.trim() !== '') {
    const r = parse(pending, line + 1, true)
    if (r.ok) yield r.value
  }
}

/** Returns the JSON line for `row`, or raises an error naming `where()` when it has no JSON form. */
export function jsonLine(row: unknown, where: () => string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(row)
  } catch (err) {
    throw new Error(`jsonl: ${where()} cannot be written as JSON (${(err as Error).message})`, { cause: err })
  }
  if (text === undefined) throw new Error(`jsonl: ${where()} cannot be written as JSON (${typeof row})`)
  return text + '\n'
}

/**
 * Writes rows as a JSON-lines file atomically: a temporary file beside it, then a rename, so readers never see half a file.
 * @param file the path
 * @param rows the rows (any iterable or async iterable)
 * @returns the number of rows written
 * @example await writeJsonl('out/classes.jsonl', classes)
 */
export async function writeJsonl(file: string, rows: Iterable<unknown> | AsyncIterable<unknown>): Promise<number> {
  const tmp = tempPathFor(file)
  const fh = await open(tmp, 'w')
  let n = 0
  try {
    let buffer = ''
    const add = async (row: unknown) => {
      buffer += jsonLine(row, () => `row ${n} of ${file}`)
      n++
      if (buffer.length > 1 << 20) {
        await fh.write(buffer)
        buffer = ''
      }
    }
    // A plain array or other sync iterable skips the per-row microtask of for-await.
    if (Symbol.iterator in rows) for (const row of rows) await add(row)
    else for await (const row of rows) await add(row)
    await fh.write(buffer)
    await fh.close()
  } catch (err) {
    await fh.close().catch(() => undefined)
    await rm(tmp, { force: true })
    throw err
  }
  await rename(tmp, file)
  return n
}
