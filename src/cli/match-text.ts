import { parquetRows } from '../io/parquet-row-groups.js'
import { readJsonl, writeJsonl } from '../io/jsonl.js'
import { rowBase } from '../laionet/match-row-group.js'
import { MAX_CAPTION_BYTES } from '../laionet/read-captions.js'

// `laionet match --with-text`: the matcher writes rows, wnids and lemmas; this second pass adds each matched row's
// caption. The matches are in input order (file, then row), so one forward walk over each file's caption column
// serves them all, one row group in memory at a time; the output is replaced atomically when the walk ends.

/** One line of the match output. */
interface MatchLine {
  row: number
  wnids: string[]
  lemmas: string[]
}

/** Rows per file in a global index: part * 1e8 + row (src/laionet/match-row-group.ts rowBase). */
const PART = 1e8

/** Yields each match with its caption (`text`, cut at 64 KiB like the matcher's; null for a null caption). */
async function* withText(matches: AsyncIterable<MatchLine>, files: readonly string[], column: string, out: string): AsyncGenerator<MatchLine & { text: string | null }> {
  const byBase = new Map(files.map((f, i) => [rowBase(f, i), f]))
  let base = -1
  let rows: AsyncGenerator<Record<string, unknown>> | undefined
  let at = 0
  let current: Record<string, unknown> | undefined
  for await (const m of matches) {
    const mBase = Math.floor(m.row / PART) * PART
    if (mBase !== base) {
      const file = byBase.get(mBase)
      if (file == null) throw new Error(`match: ${out} row ${m.row} belongs to no input file (was it written by another run?)`)
      await rows?.return(undefined)
      rows = parquetRows(file, { columns: [column], maxStringBytes: MAX_CAPTION_BYTES })
      base = mBase
      at = -1
    }
    const local = m.row - base
    if (local < at) throw new Error(`match: ${out} is not in row order at row ${m.row}; rerun match without --with-text, then with it`)
    while (at < local) {
      const next = await rows!.next()
      if (next.done) throw new Error(`match: ${out} row ${m.row} is past the end of ${byBase.get(base)}`)
      current = next.value
      at++
    }
    const text = current?.[column]
    yield { ...m, text: typeof text === 'string' ? text : null }
  }
  await rows?.return(undefined)
}

/**
 * Adds each matched caption's text to a jsonl match output (`{"row", "wnids", "lemmas", "text"}`), rewriting `out`
 * atomically. `files` are the inputs in the order `match` read them.
 * @returns the lines written.
 * @example await addCaptionText('matches.jsonl', ['part-00000.parquet'], 'TEXT')
 */
export async function addCaptionText(out: string, files: readonly string[], column: string): Promise<number> {
  return writeJsonl(out, withText(readJsonl<MatchLine>(out), files, column, out))
}
