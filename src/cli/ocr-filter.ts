import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { listShards } from '../download/shard-writer.js'
import { downloadedSamples } from '../download/read-shards.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { openJsonlAppender } from '../io/jsonl-appender.js'
import { readJsonl, writeJsonl } from '../io/jsonl.js'
import { filterTextInImages, readBuildSelection } from '../laionet/ocr-filter.js'
import type { OcrFilterRow, OcrFilterSample } from '../laionet/types.js'
import { PAPER_CONSTRUCTION } from '../paper/construction.js'
import { UsageError, numberFlag, parseCommandArgs, printJson, throttled } from './args.js'
import type { Command } from './types.js'

/** Row errors echoed on stderr; the rest are only in the output file. */
const SHOWN_ERRORS = 10

const command: Command = {
  summary: 'drop images showing their class name: OCR the downloaded LAIONet images (tesseract), resumable',
  usage: `Usage: laionet ocr-filter --build <build dir> --images <download dir> --out <file.jsonl>
                          [--concurrency N] [--timeout S] [--json]

The paper's text-in-image filter (1.1% of LAIONet dropped): reads each image that "laionet download --input
<build>/laionet.parquet" stored, OCRs it with tesseract and flags it when its visible text holds one of its
class's WordNet lemmas as whole words (case-insensitive, punctuation read as space). Writes one JSON line per
image: {"row", "wnid", "flagged", "found", "text"} (+ "error" when the image could not be read; not flagged),
with "row" the build row of labels.json; a finished run leaves the file sorted by row. Rerunning resumes: rows
already in --out are skipped, and a line torn by a killed run is dropped first.
  --build        a finished "laionet build" folder (its laionet.parquet numbers the downloaded rows)
  --images       the "laionet download" folder (NNNNN.tar shards)
  --out          the JSON-lines output, appended to
  --concurrency  tesseract processes at once (default 2)
  --timeout      seconds per image before it is recorded as an error (default 30)
  --json         print the summary as JSON`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      build: { type: 'string' },
      images: { type: 'string' },
      out: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
    })
    if (!values.build) throw new UsageError('--build: the build folder is required')
    if (!values.images) throw new UsageError('--images: the download folder is required')
    if (!values.out) throw new UsageError('--out: the output file is required')
    const concurrency = numberFlag('concurrency', values.concurrency, 2)
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency: expected an integer >= 1, got "${values.concurrency}"`)
    const timeout = numberFlag('timeout', values.timeout, 30)
    if (!(timeout > 0)) throw new UsageError(`--timeout: expected a number of seconds > 0, got "${values.timeout}"`)
    const { build, images, out } = values
    if (!existsSync(join(build, 'summary.json'))) throw new Error(`ocr-filter: no finished build in ${build} (expected summary.json). Run "laionet build --out ${build}" first`)
    if ((await listShards(images)).length === 0) throw new Error(`ocr-filter: no shards in ${images} (expected NNNNN.tar files). Run "laionet download --input ${join(build, 'laionet.parquet')} --out ${images}" first`)

    const selection = await readBuildSelection(build)
    const classOfRow = new Map(selection.map((s) => [s.row, s.wnid]))
    const lemmas = new Map((await loadImageNetClasses()).map((c) => [c.wnid, c.lemmas]))

    const log = await openJsonlAppender(out)
    if (log.droppedBytes > 0) io.stderr.write(`ocr-filter: dropped a torn last line (${log.droppedBytes} bytes) of ${out}; its row is redone\n`)
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
        timeoutMs: timeout * 1000,
        onProgress: throttled(2000, (p) => {
          io.stderr.write(`ocr-filter: ${before.samples + p.done} images read (${p.done} this run), ${before.flagged + p.flagged} flagged, ${before.errors + p.errors} errors\n`)
        }),
      })
      for await (const r of rows) {
        await log.append(r)
        fresh.samples++
        if (r.flagged) fresh.flagged++
        if (r.error && ++fresh.errors <= SHOWN_ERRORS) io.stderr.write(`${r.error}\n`)
      }
      if (fresh.errors > SHOWN_ERRORS) io.stderr.write(`ocr-filter: ${fresh.errors - SHOWN_ERRORS} more row errors; see the "error" field in ${out}\n`)
      await log.close()
      await sortByRow(out)
      const samples = before.samples + fresh.samples
      const flagged = before.flagged + fresh.flagged
      const errors = before.errors + fresh.errors
      const read = samples - errors
      const summary = {
        out, samples, flagged, errors,
        shareFlagged: read > 0 ? flagged / read : null,
        paperShare: PAPER_CONSTRUCTION.ocrDroppedShare,
        skipped: before.samples,
        processed: fresh.samples,
      }
      if (values.json) printJson(io.stdout, summary, true)
      else {
        const share = summary.shareFlagged === null ? 'n/a' : `${(100 * summary.shareFlagged).toFixed(1)}%`
        io.stdout.write(`${flagged} of ${read} images show their class name (${share}; paper: ${(100 * PAPER_CONSTRUCTION.ocrDroppedShare).toFixed(1)}%), ${errors} unreadable -> ${out} (${fresh.samples} new, ${before.samples} already done)\n`)
      }
      return 0
    } finally {
      await log.close()
    }
  },
}
export default command

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
