import { RANGES, secondsRange } from '../util/number-ranges.js'
import { join } from 'node:path'
import { ocrFilterBuild } from '../experiments/ocr-filter-build.js'
import { OCR_FLAGS_FILE } from '../experiments/ocr-drop.js'
import { PAPER_CONSTRUCTION } from '../paper/construction.js'
import { UsageError, numberFlag, parseCommandArgs, printJson } from './args.js'
import { cliProgress } from './progress.js'
import type { Command } from './types.js'

/** Row errors echoed on stderr; the rest are only in the output file. */
const SHOWN_ERRORS = 10

const command: Command = {
  summary: 'drop images showing their class name: OCR the downloaded LAIONet images (tesseract), resumable',
  usage: `Usage: laionet ocr-filter --build <build dir> --images <download dir> [--out <file.jsonl>]
                          [--concurrency N] [--timeout S] [--json]

The paper's text-in-image filter (1.1% of LAIONet dropped): reads each image that "laionet download --input
<build>/laionet.parquet" stored, OCRs it with tesseract and flags it when its visible text holds one of its
class's WordNet lemmas as whole words (case-insensitive, punctuation read as space). Writes one JSON line per
image: {"row", "wnid", "flagged", "found", "text"} (+ "error" when the image could not be read; not flagged),
with "row" the build row of labels.json; a finished run leaves the file sorted by row. Rerunning resumes: rows
already in --out are skipped, and a line torn by a killed run is dropped first.
  --build        a finished "laionet build" folder (its laionet.parquet numbers the downloaded rows)
  --images       the "laionet download" folder (NNNNN.tar shards)
  --out          the JSON-lines output, appended to (default <build>/ocr-flags.jsonl, where the accuracy,
                 construction and cross-modal experiments look for it to apply the OCR drop)
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
    const concurrency = numberFlag('concurrency', values.concurrency, 2, RANGES.concurrency)
    const timeout = numberFlag('timeout', values.timeout, 30, secondsRange(RANGES.timeoutMs))
    const { build, images } = values
    const out = values.out ?? join(build, OCR_FLAGS_FILE)
    let shownErrors = 0
    const bar = cliProgress(io, 'ocr-filter', { unit: 'images', json: values.json })
    const summary = await ocrFilterBuild(build, images, out, {
      concurrency,
      timeoutMs: timeout * 1000,
      onWarning: (message) => io.stderr.write(`${message}\n`),
      onTornLine: (bytes) => io.stderr.write(`ocr-filter: dropped a torn last line (${bytes} bytes) of ${out}; its row is redone\n`),
      onProgress: (p) => bar.update(p.processed, `${p.samples} read in all, ${p.flagged} flagged, ${p.errors} errors`),
      onRowError: (error) => { if (++shownErrors <= SHOWN_ERRORS) io.stderr.write(`${error}\n`) },
    })
    bar.end()
    if (shownErrors > SHOWN_ERRORS) io.stderr.write(`ocr-filter: ${shownErrors - SHOWN_ERRORS} more row errors; see the "error" field in ${out}\n`)
    if (values.json) printJson(io.stdout, summary, true)
    else {
      const { flagged, errors, samples } = summary
      const share = summary.shareFlagged === null ? 'n/a' : `${(100 * summary.shareFlagged).toFixed(1)}%`
      io.stdout.write(`${flagged} of ${samples - errors} images show their class name (${share}; paper: ${(100 * PAPER_CONSTRUCTION.ocrDroppedShare).toFixed(1)}%), ${errors} unreadable -> ${out} (${summary.processed} new, ${summary.skipped} already done)\n`)
    }
    return 0
  },
}
export default command
