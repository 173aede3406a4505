import { createLemmaMatcher, type LemmaMatcher } from './lemma-matcher.js'
import { invalidUtf8Error, isInvalidText, planParquet, readRowGroup, type ParquetPlan, type RowGroupSpan } from './read-captions.js'
import type { LemmaMap, MatchRecord } from './types.js'

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

/**
 * Matches the captions of one row group. Rows are numbered by position in the file (LAION's parts carry no
 * pandas index, so the authors' DataFrame index is the position too).
 * @throws when the column holds a caption that is not valid UTF-8 (naming file and row)
 */
async function matchRowGroup(plan: ParquetPlan, task: RowGroupTask, matcher: LemmaMatcher): Promise<RowGroupResult> {
  const { [task.column]: texts } = await readRowGroup(plan, task.span, [task.column], 'match')
  const records: MatchRecord[] = []
  let emptyCaptions = 0
  const emptyRows: number[] = []
  const empty = (i: number) => {
    emptyCaptions++
    if (emptyRows.length < 5) emptyRows.push(task.span.rowStart + i)
  }
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]
    if (typeof text !== 'string') {
      if (isInvalidText(text)) {
        throw new Error(invalidUtf8Error('match', task.file, task.span.rowStart + i, task.column, text))
      }
      if (text === null || text === undefined) { empty(i); continue }
      throw new Error(`match: ${task.file}: row ${task.span.rowStart + i}: ${task.column} is a ${typeof text}, expected a string column`)
    }
    if (text.length === 0) { empty(i); continue }
    const m = matcher.match(text)
    if (m) records.push({ row: task.rowBase + task.span.rowStart + i, wnids: m.wnids, lemmas: m.lemmas })
  }
  return { records, rows: texts.length, emptyCaptions, emptyRows }
}

/** Per-thread state: compiled matchers by map and parsed footers by file, so each is built once. */
export class RowGroupMatcher {
  private matcher: LemmaMatcher
  private plans = new Map<string, Promise<ParquetPlan>>()

  constructor(map: LemmaMap) {
    this.matcher = createLemmaMatcher(map)
  }

  /** Matches one task (reading the file's footer on first use). */
  async run(task: RowGroupTask): Promise<RowGroupResult> {
    let plan = this.plans.get(task.file)
    if (!plan) {
      plan = planParquet(task.file, 'match')
      this.plans.set(task.file, plan)
    }
    return matchRowGroup(await plan, task, this.matcher)
  }

  /** Forgets a file's footer once all its groups are done. */
  release(file: string): void {
    this.plans.delete(file)
  }
}
