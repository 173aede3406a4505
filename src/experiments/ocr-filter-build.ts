import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { openJsonlAppender } from '../io/jsonl-appender.js'
import { OUTPUT_LOCK_SUFFIX, withOutputLock } from '../io/output-lock.js'
import { readJsonl, writeJsonl } from '../io/jsonl.js'
import { filterTextInImages, readBuildSelection } from '../laionet/ocr-filter.js'
import type { OcrFilterRow, OcrFilterSample } from '../laionet/types.js'
import { PAPER_CONSTRUCTION } from '../paper/construction.js'
import { downloadedSamples } from '../download/read-shards.js'
import { listShards } from '../download/shard-writer.js'

/** Running counts of an OCR-filter run over a build, this run's and earlier runs' rows together. */
export interface OcrFilterCounts {
  /** Images with a verdict (earlier runs included). */
  samples: number
  flagged: number
  errors: number
  /** Images read by this run. */
  processed: number
}

/** Options of {@link ocrFilterBuild}. */
export interface OcrFilterBuildOptions {
  /** Tesseract processes at once. Default: 2. */
  concurrency?: number
  /** Per-image OCR timeout in milliseconds. Default: 30000. */
  timeoutMs?: number
  /** Called after each image with the running counts. Default: none. */
  onProgress?: (counts: OcrFilterCounts) => void
  /** Called with each row error of this run (the image could not be read). Default: none. */
  onRowError?: (error: string) => void
  /** Called when a line torn by a killed run was dropped from `out`, with its size in bytes. Default: none. */
  onTornLine?: (bytes: number) => void
  /** Called with what the run works around (a stale lock of a killed run taken over). Default: none. */
  onWarning?: (message: string) => void
}

/** What an OCR-filter run over a build leaves behind. */
export interface OcrFilterSummary {
  out: string
  samples: number
  flagged: number
  errors: number
  /** flagged / images read without error; null when none was read. */
  shareFlagged: number | null
  /** The paper's share (1.1%). */
  paperShare: number
  /** Rows already in `out` from earlier runs. */
  skipped: number
  /** Rows this run added. */
  processed: number
}

/**
 * Runs the paper's text-in-image filter over a build's downloaded images: OCRs every sample of the `laionet download`
 * shards in `images` not yet in `out`, appends one verdict line per image to `out` (resumable: a rerun skips the rows
 * already there and drops a line torn by a killed run), and leaves `out` sorted by build row.
 * @param build a finished `laionet build` folder (its laionet.parquet numbers the downloaded rows)
 * @param images the `laionet download --input <build>/laionet.parquet` folder
 * @param out the JSON-lines output
 * @returns the counts over all of `out`, beside the paper's share
 * @example const { shareFlagged } = await ocrFilterBuild('out/laionet', '/data/laionet-images', 'out/laionet/ocr-flags.jsonl')
 */
export async function ocrFilterBuild(build: string, images: string, out: string, options: OcrFilterBuildOptions = {}): Promise<OcrFilterSummary> {
  if (!existsSync(join(build, 'summary.json'))) throw new Error(`ocr-filter: no finished build in ${build} (expected summary.json). Run "laionet build --out ${build}" first`)
  if ((await listShards(images)).length === 0) throw new Error(`ocr-filter: no shards in ${images} (expected NNNNN.tar files). Run "laionet download --input ${join(build, 'laionet.parquet')} --out ${images}" first`)
  // One writer per output: two runs would append the same rows twice and sort the file under each other.
  return withOutputLock(`${out}${OUTPUT_LOCK_SUFFIX}`, 'ocr-filter', () => ocrFilterInto(build, images, out, options), { onWarning: options.onWarning })
}

// ocrFilterBuild once its output is locked.
async function ocrFilterInto(build: string, images: string, out: string, options: OcrFilterBuildOptions): Promise<OcrFilterSummary> {
  const { concurrency = 2, timeoutMs = 30000, onProgress, onRowError, onTornLine } = options

  const selection = await readBuildSelection(build)
  const classOfRow = new Map(selection.map((s) => [s.row, s.wnid]))
  const lemmas = new Map((await loadImageNetClasses()).map((c) => [c.wnid, c.lemmas]))

  const log = await openJsonlAppender(out)
  if (log.droppedBytes > 0) onTornLine?.(log.droppedBytes)
  const before = { samples: 0, flagged: 0, errors: 0 }
  const done = new Set<number>()
  try {
    for await (const r of readJsonl<OcrFilterRow>(out)) {
      if (typeof r?.row !== 'number') throw new Error(`ocr-filter: ${out} line ${before.samples + 1} has no numeric "row" (${JSON.stringify(r).slice(0, 80)}); is it an ocr-filter output? Pick another --out`)
      done.add(r.row)
      before.samples++
      if (r.flagged) before.flagged++
      if (r.error) before.errors++
    }
    const fresh = { samples: 0, flagged: 0, errors: 0 }
    const rows = filterTextInImages(pendingSamples(images, build, selection, done), (row) => classOfRow.get(row), (wnid) => lemmas.get(wnid), {
      concurrency,
      timeoutMs,
      onProgress: (p) => onProgress?.({ samples: before.samples + p.done, flagged: before.flagged + p.flagged, errors: before.errors + p.errors, processed: p.done }),
    })
    for await (const r of rows) {
      await log.append(r)
      fresh.samples++
      if (r.flagged) fresh.flagged++
      if (r.error) {
        fresh.errors++
        onRowError?.(r.error)
      }
    }
    await log.close()
    await sortByRow(out)
    const samples = before.samples + fresh.samples
    const flagged = before.flagged + fresh.flagged
    const errors = before.errors + fresh.errors
    const read = samples - errors
    return {
      out, samples, flagged, errors,
      shareFlagged: read > 0 ? flagged / read : null,
      paperShare: PAPER_CONSTRUCTION.ocrDroppedShare,
      skipped: before.samples,
      processed: fresh.samples,
    }
  } finally {
    await log.close()
  }
}

/**
 * The downloaded samples not yet in the output, under their build row. The downloader numbers the rows of its input
 * 0, 1, 2, ... (the sample json's `row`), so with laionet.parquet as input, sample row i is the selection's i-th row;
 * the URL (and the wnid column, when it rode along) must agree, else the folders do not belong together.
 */
async function* pendingSamples(images: string, build: string, selection: { row: number, url: string | null, wnid: string }[], done: ReadonlySet<number>): AsyncGenerator<OcrFilterSample> {
  for await (const s of downloadedSamples(images)) {
    const at = s.json.row
    const where = `${join(images, s.shard)} sample ${s.key}`
    const hint = `Was ${images} downloaded with --input ${join(build, 'laionet.parquet')}?`
    if (typeof at !== 'number' || !Number.isInteger(at) || at < 0) throw new Error(`ocr-filter: ${where} has no input row number (json "row" is ${JSON.stringify(at)}). ${hint}`)
    const selected = selection[at]
    if (!selected) throw new Error(`ocr-filter: ${where} is input row ${at}, but ${join(build, 'laionet.parquet')} has ${selection.length} rows. ${hint}`)
    if (s.json.url !== selected.url) throw new Error(`ocr-filter: ${where} has url ${JSON.stringify(s.json.url)}, but row ${at} of ${join(build, 'laionet.parquet')} has ${JSON.stringify(selected.url)}. ${hint}`)
    if (typeof s.json.wnid === 'string' && s.json.wnid !== selected.wnid) throw new Error(`ocr-filter: ${where} has wnid ${s.json.wnid}, but row ${at} of ${join(build, 'laionet.parquet')} has ${selected.wnid}. ${hint}`)
    if (done.has(selected.row)) continue
    yield { row: selected.row, image: s.image }
  }
}

/**
 * Rewrites the output in row order (atomically) unless it already is: the downloader stores samples in the order their
 * fetches finished, so the lines come in that order, and only a finished run knows it has them all.
 */
async function sortByRow(out: string): Promise<void> {
  const rows: OcrFilterRow[] = []
  let sorted = true
  for await (const r of readJsonl<OcrFilterRow>(out)) {
    if (rows.length && r.row < rows[rows.length - 1].row) sorted = false
    rows.push(r)
  }
  if (!sorted) await writeJsonl(out, rows.sort((a, b) => a.row - b.row))
}
