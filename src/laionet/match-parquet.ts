import { availableParallelism } from 'node:os'
import { openMatchPool } from './match-pool.js'
import { rowBase, type RowGroupResult, type RowGroupTask } from './match-row-group.js'
import { planParquet, requireColumn, type ParquetPlan } from './read-captions.js'
import type { LemmaMap, MatchRecord } from './types.js'

/** Options of {@link matchParquetFiles}. */
export interface MatchParquetOptions {
  /** Worker threads; 0 matches in the calling thread. Default: the machine's available parallelism. */
  workers?: number
  /** The caption column. Default: `TEXT` (LAION's). */
  column?: string
  /** Row groups in flight at once (bounds memory). Default: 2 per worker, at least 2. */
  window?: number
  /** Called after each row group, in file and row order. */
  onProgress?: (progress: MatchProgress) => void
}

/** Progress after one row group. */
export interface MatchProgress {
  /** The file. */
  file: string
  /** Row groups of that file done, and in all. */
  rowGroupsDone: number
  rowGroups: number
  /** Rows done over all files so far. */
  rows: number
  /** Captions matched over all files so far. */
  matched: number
}

/** The matches of one file, or why it failed; results come in the order the files were given. */
export interface FileMatches {
  /** The file. */
  file: string
  /** Its position in the input list. */
  fileIndex: number
  /** The matched captions in row order; empty when the file failed. */
  records: MatchRecord[]
  /** Rows read. */
  rows: number
  /** Null or empty captions. */
  emptyCaptions: number
  /** Row numbers in the file of the first null or empty captions (at most 5). */
  emptyRows: number[]
  /** Set when the file could not be matched; none of its records are returned then. */
  error?: Error
}

/**
 * Streams the lemma matches of LAION parquet files, one row group at a time on worker threads (never a
 * whole file in memory), yielding one result per file in input order whatever the workers' timing.
 * A file that fails (missing column, truncated, invalid UTF-8) yields its error and no records; the
 * others are unaffected.
 * @param files parquet files with a caption column
 * @param map the lemma map
 * @param options workers, column, progress
 * @returns an async iterable of per-file results
 * @example for await (const f of matchParquetFiles(files, map)) console.log(f.file, f.records.length)
 */
export async function* matchParquetFiles(files: readonly string[], map: LemmaMap, options: MatchParquetOptions = {}): AsyncGenerator<FileMatches> {
  const { workers = availableParallelism(), column = 'TEXT', onProgress } = options
  const window = Math.max(2, options.window ?? 2 * Math.max(1, workers))
  const pool = openMatchPool(map, workers)
  let rowsDone = 0
  let matched = 0
  try {
    // Plans are read ahead (footers only) so the window can span file boundaries.
    const plans: Promise<ParquetPlan | Error>[] = files.map((file) => planParquet(file, 'match').then((p) => requireColumn(p, column, 'match')).catch((e: Error) => e))
    type Job = { fileIndex: number, task: RowGroupTask, result: Promise<RowGroupResult> }
    const jobs: Job[] = []
    const failed = new Map<number, Error>()
    let submittedFile = 0
    let submittedGroup = 0

    const submitMore = async () => {
      while (jobs.length < window && submittedFile < files.length) {
        const plan = await plans[submittedFile]
        if (plan instanceof Error || submittedGroup >= plan.rowGroups.length || failed.has(submittedFile)) {
          submittedFile++
          submittedGroup = 0
          continue
        }
        const task: RowGroupTask = { file: plan.file, span: plan.rowGroups[submittedGroup], rowBase: rowBase(plan.file, submittedFile), column }
        const result = pool.run(task)
        result.catch(() => {}) // observed in order below; avoid an unhandled rejection meanwhile
        jobs.push({ fileIndex: submittedFile, task, result })
        submittedGroup++
      }
    }

    for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
      const plan = await plans[fileIndex]
      const out: FileMatches = { file: files[fileIndex], fileIndex, records: [], rows: 0, emptyCaptions: 0, emptyRows: [] }
      if (plan instanceof Error) {
        yield { ...out, error: plan }
        continue
      }
      let groupsDone = 0
      for (;;) {
        await submitMore()
        // Jobs are queued in file order, so this file is done once the head belongs to a later one.
        if (jobs.length === 0 || jobs[0].fileIndex !== fileIndex) break
        const job = jobs.shift() as Job
        if (out.error) continue
        try {
          const r = await job.result
          out.records.push(...r.records)
          out.rows += r.rows
          out.emptyCaptions += r.emptyCaptions
          for (const row of r.emptyRows) if (out.emptyRows.length < 5) out.emptyRows.push(row)
          rowsDone += r.rows
          matched += r.records.length
          groupsDone++
          onProgress?.({ file: plan.file, rowGroupsDone: groupsDone, rowGroups: plan.rowGroups.length, rows: rowsDone, matched })
        } catch (err) {
          out.error = err as Error
          failed.set(fileIndex, out.error)
        }
      }
      pool.release(plan.file)
      if (out.error) {
        matched -= out.records.length
        yield { ...out, records: [] }
      } else {
        yield out
      }
    }
  } finally {
    await pool.close()
  }
}
