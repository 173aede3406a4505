import type { AutomatonTables } from './LemmaAutomaton.js'
import { createLemmaMatcher, type LemmaMatcher } from './lemma-matcher.js'
import { invalidUtf8Error, isInvalidText, planParquet, readCaptionBytes, readRowGroup, type CutValue, type ParquetPlan, type RowGroupSpan } from './read-captions.js'
import type { CaptionMatch, LemmaMap, MatchRecord } from './types.js'

/** One unit of matching work: a row group of a file. */
export interface RowGroupTask {
  /** The parquet file. */
  file: string
  /** The row group. */
  span: RowGroupSpan
  /** Added to the row number in the file to give the global row index. */
  rowBase: number
  /** The caption column. */
  column: string
  /** The file's footer as the caller read it (saves each thread reading it again). Default: read on first use. */
  plan?: ParquetPlan
}

/** The matches of one row group. */
export interface RowGroupResult {
  /** The matched captions, in row order. */
  records: MatchRecord[]
  /** Rows read. */
  rows: number
  /** Null or empty captions (never matched). */
  emptyCaptions: number
  /** Row numbers in the file of the first null or empty captions (at most 5), for warnings. */
  emptyRows: number[]
  /** Captions longer than the reader's bound (`MAX_CAPTION_BYTES`), matched on their first bytes only: rows in the file. */
  cut: CutValue[]
}

/** The number LAION's part files carry (`part-00017-...parquet` gives 17), else null. */
export function laionPart(file: string): number | null {
  const m = /(?:^|[/\\])part-(\d{5})[^/\\]*$/.exec(file)
  return m ? Number(m[1]) : null
}

/**
 * Returns the global row index base of a file: `part * 1e8` for LAION's `part-NNNNN` files (the paper's
 * `part * INDEX_SHIFT_PER_PART`), else `fileOrdinal * 1e8`.
 * @example rowBase('laion/part-00003-5b54c5d5.parquet', 0) // 300000000
 */
export function rowBase(file: string, fileOrdinal: number): number {
  return (laionPart(file) ?? fileOrdinal) * 1e8
}

/** Counts null and empty captions, keeping the first few rows for warnings. */
class Empties {
  count = 0
  rows: number[] = []
  add(row: number): void {
    this.count++
    if (this.rows.length < 5) this.rows.push(row)
  }
}

/**
 * Matches the captions of one row group. Rows are numbered by position in the file (LAION's parts carry no
 * pandas index, so the authors' DataFrame index is the position too). The caption column is read as UTF-8 bytes and
 * scanned without decoding when the column's storage and the lemmas allow it (a repeated dictionary value is matched
 * once); otherwise as strings. Both ways give the same records.
 * @throws when the column holds a caption that is not valid UTF-8 (naming file and row)
 */
async function matchRowGroup(plan: ParquetPlan, task: RowGroupTask, matcher: LemmaMatcher): Promise<RowGroupResult> {
  const { span, column, file } = task
  const records: MatchRecord[] = []
  const empty = new Empties()
  const record = (i: number, m: CaptionMatch | null) => {
    if (m) records.push({ row: task.rowBase + span.rowStart + i, wnids: m.wnids, lemmas: m.lemmas })
  }
  const bytes = matcher.automaton.readsBytes ? await readCaptionBytes(plan, span, column, 'match') : null
  let cut: CutValue[]
  if (bytes) {
    const { valueOf, offsets } = bytes
    if (bytes.invalidUtf8.length > 0) {
      const v = valueOf[bytes.invalidUtf8[0]]
      const replaced = new TextDecoder().decode(bytes.bytes.subarray(offsets[v], offsets[v + 1]))
      throw new Error(invalidUtf8Error('match', file, span.rowStart + bytes.invalidUtf8[0], column, { invalidUtf8: true, replaced }))
    }
    const seen = new Array<CaptionMatch | null | undefined>(offsets.length - 1)
    for (let i = 0; i < bytes.rows; i++) {
      const v = valueOf[i]
      if (v < 0 || offsets[v] === offsets[v + 1]) { empty.add(span.rowStart + i); continue }
      let m = seen[v]
      if (m === undefined) m = seen[v] = matcher.matchBytes(bytes.bytes, offsets[v], offsets[v + 1])
      record(i, m)
    }
    cut = bytes.cut.map((c) => ({ column, row: span.rowStart + c.row, bytes: c.bytes }))
  } else {
    cut = []
    const { [column]: texts } = await readRowGroup(plan, span, [column], 'match', { onCut: (c) => cut.push(c) })
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]
      if (typeof text !== 'string') {
        if (isInvalidText(text)) throw new Error(invalidUtf8Error('match', file, span.rowStart + i, column, text))
        if (text === null || text === undefined) { empty.add(span.rowStart + i); continue }
        throw new Error(`match: ${file}: row ${span.rowStart + i}: ${column} is a ${typeof text}, expected a string column`)
      }
      if (text.length === 0) empty.add(span.rowStart + i)
      else record(i, matcher.match(text))
    }
  }
  return { records, rows: span.rows, emptyCaptions: empty.count, emptyRows: empty.rows, cut }
}

/** Per-thread state: compiled matchers by map and parsed footers by file, so each is built once. */
export class RowGroupMatcher {
  private matcher: LemmaMatcher
  private plans = new Map<string, Promise<ParquetPlan>>()

  /** @param tables the map's automaton compiled by another thread (see `LemmaAutomaton.tables`); default: compile here */
  constructor(map: LemmaMap, tables?: AutomatonTables) {
    this.matcher = createLemmaMatcher(map, tables)
  }

  /** Matches one task (reading the file's footer on first use). */
  async run(task: RowGroupTask): Promise<RowGroupResult> {
    if (task.plan) return matchRowGroup(task.plan, task, this.matcher)
    let plan = this.plans.get(task.file)
    if (!plan) {
      plan = planParquet(task.file, 'match')
      this.plans.set(task.file, plan)
    }
    return matchRowGroup(await plan, task, this.matcher)
  }

  /** The compiled automaton, for another thread's RowGroupMatcher. */
  tables(): AutomatonTables {
    return this.matcher.automaton.tables()
  }

  /** Forgets a file's footer once all its groups are done. */
  release(file: string): void {
    this.plans.delete(file)
  }
}
