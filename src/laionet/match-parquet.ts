import { availableParallelism } from 'node:os'
import type { CompiledLemmaMap } from './match-cache.js'
import { openMatchPool } from './match-pool.js'
import { rowBase, type RowGroupResult, type RowGroupTask } from './match-row-group.js'
import { planParquet, requireColumn, type CutValue, type ParquetPlan } from './read-captions.js'
import type { LemmaMap, MatchRecord } from './types.js'

/** Options of {@link matchParquetFiles}. */
export interface MatchParquetOptions {
  /** Matching threads in all: the calling thread and `workers - 1` worker threads (0 or 1: the calling thread only). Default: the machine's available parallelism. */
  workers?: number
  /** The caption column. Default: `TEXT` (LAION's). */
  column?: string
  /** Row groups in flight at once (bounds memory). Default: 2 per worker, at least 2. */
  window?: number
  /** Called after each row group, in file and row order. */
  onProgress?: (progress: MatchProgress) => void
  /** Called with a warning: `workers` capped at the cores and row groups. Default: none. */
  onWarning?: (message: string) => void
  /** Called once the pool is open, with the number of worker threads it runs (0 = this thread). */
  onWorkers?: (workers: number) => void
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
  /** Captions cut to the reader's bound (`MAX_CAPTION_BYTES`) before matching: rows in the file and full sizes. */
  cut: CutValue[]
  /** Set when the file could not be matched; none of its records are returned then. */
  error?: Error
}

/**
 * Streams the lemma matches of LAION parquet files, one row group at a time on worker threads (never a
 * whole file in memory), yielding one result per file in input order whatever the workers' timing.
 * A file that fails (missing column, truncated, invalid UTF-8) yields its error and no records; the
 * others are unaffected.
 * @param files parquet files with a caption column
 * @param map the lemma map or the map with its compiled automaton (`loadCompiledLemmaMap`), or its loading (the
 *   footers are read and the threads started meanwhile)
 * @param options workers, column, progress
 * @returns an async iterable of per-file results
 * @example for await (const f of matchParquetFiles(files, map)) console.log(f.file, f.records.length)
 */
export async function* matchParquetFiles(files: readonly string[], map: LemmaMap | CompiledLemmaMap | Promise<LemmaMap | CompiledLemmaMap>, options: MatchParquetOptions = {}): AsyncGenerator<FileMatches> {
  const { workers: requested = availableParallelism(), column = 'TEXT', onProgress, onWarning } = options
  Promise.resolve(map).catch(() => {}) // observed below, after the footers: no unhandled rejection meanwhile
  // Footers first (they are small): the row groups bound the useful threads, and the window spans file boundaries.
  const plans: (ParquetPlan | Error)[] = await Promise.all(files.map((file) => planParquet(file, 'match').then((p) => requireColumn(p, column, 'match')).catch((e: Error) => e)))
  const workers = capWorkers(requested, plans.reduce((n, p) => n + (p instanceof Error ? 0 : p.rowGroups.length), 0), onWarning)
  const window = Math.max(2, options.window ?? 2 * Math.max(1, workers))
  const pool = openMatchPool(map, workers)
  options.onWorkers?.(workers)
  let rowsDone = 0
  let matched = 0
  try {
    await map // a map that failed to load is an error of the run, not of a file
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
        const task: RowGroupTask = { file: plan.file, span: plan.rowGroups[submittedGroup], rowBase: rowBase(plan.file, submittedFile), column, plan }
        const result = pool.run(task)
        result.catch(() => {}) // observed in order below; avoid an unhandled rejection meanwhile
        jobs.push({ fileIndex: submittedFile, task, result })
        submittedGroup++
      }
    }

    for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
      const plan = await plans[fileIndex]
      const out: FileMatches = { file: files[fileIndex], fileIndex, records: [], rows: 0, emptyCaptions: 0, emptyRows: [], cut: [] }
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
          for (const record of r.records) out.records.push(record) // a loop: a spread of 150,000 arguments overflows the stack
          out.rows += r.rows
          out.emptyCaptions += r.emptyCaptions
          for (const row of r.emptyRows) if (out.emptyRows.length < 5) out.emptyRows.push(row)
          for (const c of r.cut) out.cut.push(c)
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

/**
 * The worker threads worth starting: at most the cores (more only share them) and the row groups (a thread per row
 * group at most has work); 0 stays 0 (this thread). A cut is reported to `onWarning`.
 * @example capWorkers(200, 1) // 1, with a warning
 */
function capWorkers(requested: number, rowGroups: number, onWarning?: (message: string) => void): number {
  if (!(Number.isInteger(requested) && requested >= 0)) throw new Error(`match: workers must be a whole number >= 0, got ${requested}`)
  const cores = availableParallelism()
  const workers = Math.min(requested, cores, Math.max(1, rowGroups))
  if (workers < requested) {
    onWarning?.(`match: ${requested} threads asked (--workers), ${workers} used (${cores} cores, ${rowGroups} row group${rowGroups === 1 ? '' : 's'}): more threads than either only cost memory`)
  }
  return workers
}
