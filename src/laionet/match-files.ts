import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { cacheDir } from '../data/cache-dir.js'
import { makeOutputFolder, OUTPUT_LOCK_SUFFIX, withOutputLock } from '../io/output-lock.js'
import { loadCompiledLemmaMap, type MapCacheUse } from './match-cache.js'
import { matchParquetFiles, type MatchProgress } from './match-parquet.js'
import type { CutValue } from './read-captions.js'
import { openMatchWriter, type MatchFormat } from './write-matches.js'
import type { LemmaMap, LemmaMode } from './types.js'

/** Options of {@link matchCaptionFiles}. */
export interface MatchFilesOptions {
  /** Lemma map mode, used when `map` is not given. Default: `paper`. */
  mode?: LemmaMode
  /** A lemma map to use instead of loading one. Default: the map of `mode` with its automaton, from the cache when stored. */
  map?: LemmaMap
  /** Folder of compiled lemma maps (verified when read back), or null for none. Default: `<cache>/match`. */
  cacheDir?: string | null
  /** Output file. Required. */
  out: string
  /** Output format. Default: `jsonl`. */
  format?: MatchFormat
  /** Matching threads: this one and `workers - 1` worker threads (0 or 1 = this thread only). Default: available parallelism. */
  workers?: number
  /** The caption column. Default: `TEXT`. */
  column?: string
  /** Progress after each row group. */
  onProgress?: (p: MatchProgress) => void
  /** Warnings that are not failures: `workers` capped at the cores and row groups. Default: none. */
  onWarning?: (message: string) => void
}

/** What a match run did, per file and in all. */
export interface MatchSummary {
  /** The lemma map's mode. */
  mode: LemmaMode
  /** The output file. */
  out: string
  /** Per input file: rows, matched captions, null or empty captions, and the error when it failed. */
  files: { file: string, rows: number, matched: number, emptyCaptions: number, emptyRows: number[], cut: CutValue[], error?: string }[]
  /** Rows read from the files that succeeded. */
  rows: number
  /** Captions matched. */
  matched: number
  /** Distinct classes matched at least once. */
  classes: number
  /** Files that failed. */
  failed: number
  /** Matching threads used (0 or 1 = the calling thread only): the request capped at the cores and row groups. */
  workers: number
  /** True when a file failed and `out` already existed: the earlier file was kept and nothing was written. */
  kept: boolean
  /** How the compiled lemma map was obtained: `hit` (read from the cache), `written`, `rebuilt` (a bad file), `off`, or `given` (`map`). */
  mapCache: MapCacheUse | 'given'
}

/**
 * Matches the captions of parquet files against a lemma map and writes every matched caption (global
 * row index, wnids, lemmas) in input order. A failed file is reported in the summary and leaves no rows
 * in the output; the other files' results are still written, unless `out` already exists: then it is kept as it was
 * (`kept`), since a run with a failed file must not replace earlier results.
 * @param files parquet files (LAION metadata parts)
 * @param options mode or map, output file and format, workers
 * @returns the summary
 * @example await matchCaptionFiles(['part-00000.parquet'], { mode: 'paper', out: 'matches.jsonl' })
 */
export async function matchCaptionFiles(files: readonly string[], options: MatchFilesOptions): Promise<MatchSummary> {
  if (files.length === 0) throw new Error('match: no input files (expected at least one parquet file)')
  makeOutputFolder(dirname(resolve(options.out)), 'match')
  // One writer per output file: two runs would rename their results over each other.
  return withOutputLock(`${options.out}${OUTPUT_LOCK_SUFFIX}`, 'match', () => matchInto(files, options), { onWarning: options.onWarning })
}

// matchCaptionFiles once its output is locked.
async function matchInto(files: readonly string[], options: MatchFilesOptions): Promise<MatchSummary> {
  const { mode = 'paper', out, format = 'jsonl', workers, column, onProgress, onWarning } = options
  // Loaded while the footers are read and the worker threads start (matchParquetFiles awaits it).
  const dir = options.cacheDir === undefined ? join(cacheDir(), 'match') : options.cacheDir
  const map = options.map ? Promise.resolve(options.map) : loadCompiledLemmaMap(mode, { dir, onWarning })
  map.catch(() => {})
  const writer = await openMatchWriter(out, format)
  const summary: MatchSummary = { mode: options.map?.mode ?? mode, out, files: [], rows: 0, matched: 0, classes: 0, failed: 0, kept: false, workers: 0, mapCache: 'given' }
  void map.then((m) => { if ('cache' in m) summary.mapCache = m.cache }, () => {})
  const classes = new Set<string>()
  try {
    for await (const f of matchParquetFiles(files, map, { workers, column, onProgress, onWarning, onWorkers: (n) => { summary.workers = n } })) {
      if (f.error) {
        summary.files.push({ file: f.file, rows: 0, matched: 0, emptyCaptions: 0, emptyRows: [], cut: [], error: f.error.message })
        summary.failed++
        continue
      }
      await writer.write(f.records)
      for (const r of f.records) for (const w of r.wnids) classes.add(w)
      summary.files.push({ file: f.file, rows: f.rows, matched: f.records.length, emptyCaptions: f.emptyCaptions, emptyRows: f.emptyRows, cut: f.cut })
      summary.rows += f.rows
      summary.matched += f.records.length
    }
  } catch (err) {
    await writer.abort()
    throw err
  }
  // A run with a failed file never replaces an earlier output (a failed rerun must not wipe good results).
  summary.kept = summary.failed > 0 && existsSync(out)
  if (summary.kept) await writer.abort()
  else await writer.close()
  summary.classes = classes.size
  return summary
}
