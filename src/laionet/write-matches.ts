import { mkdir, open, rename, rm } from 'node:fs/promises'
import { LaionetError } from '../util/errors.js'
import { writeErrorFor } from '../io/output-lock.js'
import { dirname } from 'node:path'
import { once } from 'node:events'
import type { MatchRecord } from './types.js'

/** Output formats of the match engine. */
export type MatchFormat = 'jsonl' | 'parquet'

/** Writes match records to a file as they come, then moves it into place (a partial file never appears under `file`). */
export interface MatchWriter {
  /** Appends records (in order). */
  write(records: readonly MatchRecord[]): Promise<void>
  /** Finishes the file. */
  close(): Promise<void>
  /** Gives up: removes the partial file. */
  abort(): Promise<void>
}

/**
 * Opens a writer of match records: jsonl lines `{"row":…,"wnids":[…],"lemmas":[…]}` streamed as they
 * come, or a parquet file (columns `row` INT64, `wnids` and `lemmas` JSON arrays) written at close.
 * @param file the output path
 * @param format `jsonl` or `parquet`
 * @example const w = await openMatchWriter('matches.jsonl', 'jsonl'); await w.write(records); await w.close()
 */
export async function openMatchWriter(file: string, format: MatchFormat): Promise<MatchWriter> {
  if (format !== 'jsonl' && format !== 'parquet') throw new Error(`match: unknown output format "${String(format)}" (expected jsonl or parquet)`)
  await mkdir(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.partial`
  if (format === 'parquet') {
    const rows: bigint[] = []
    const wnids: string[][] = []
    const lemmas: string[][] = []
    return {
      async write(records) {
        for (const r of records) {
          rows.push(BigInt(r.row))
          wnids.push(r.wnids)
          lemmas.push(r.lemmas)
        }
      },
      async close() {
        // Loaded only for this format: the jsonl path (and `laionet match` start-up) does without it.
        const { parquetWriteFile } = await import('hyparquet-writer')
        try {
          parquetWriteFile({
            filename: tmp,
          columnData: [
              { name: 'row', data: rows, type: 'INT64', nullable: false },
              { name: 'wnids', data: wnids, type: 'JSON', nullable: false },
              { name: 'lemmas', data: lemmas, type: 'JSON', nullable: false },
            ],
          })
        } catch (err) {
          await rm(tmp, { force: true })
          throw writeErrorFor('match', tmp, err)
        }
        await moveIntoPlace(tmp, file)
      },
      async abort() {
        await rm(tmp, { force: true })
      },
    }
  }
  // Opened here, so an unwritable folder is an error of this call (not an 'error' event nobody listens to).
  const handle = await open(tmp, 'w').catch((err: Error) => { throw writeErrorFor('match', tmp, err) })
  const out = handle.createWriteStream()
  // A later write error (ENOSPC, EIO) is kept and raised by the next call, naming the file.
  let failure: Error | null = null
  out.on('error', (err) => { failure ??= writeErrorFor('match', tmp, err) })
  const check = () => { if (failure) throw failure }
  return {
    async write(records) {
      check()
      let chunk = ''
      for (const r of records) chunk += JSON.stringify({ row: r.row, wnids: r.wnids, lemmas: r.lemmas }) + '\n'
      if (chunk && !out.write(chunk)) await once(out, 'drain').catch(check)
      check()
    },
    async close() {
      out.end()
      await once(out, 'finish').catch(() => undefined)
      if (failure) {
        await rm(tmp, { force: true })
        throw failure
      }
      await moveIntoPlace(tmp, file)
    },
    async abort() {
      out.destroy()
      await rm(tmp, { force: true })
    },
  }
}

// Renames the finished file into place; a failed rename leaves no partial file behind.
async function moveIntoPlace(tmp: string, file: string): Promise<void> {
  try {
    await rename(tmp, file)
  } catch (err) {
    await rm(tmp, { force: true })
    throw new LaionetError('match', `cannot move the results to ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { code: 'failed', cause: err, fix: 'Pass an --out that is a writable file path (not a folder)' })
  }
}
