import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetRows } from '../io/parquet-row-groups.js'
import { DEFAULT_MAX_PIXELS } from '../models/decode-image.js'
import { isLaionetError } from '../util/errors.js'
import { classNamesInText, runTesseract, writeOcrImage } from './ocr.js'
import type { OcrFilterOptions, OcrFilterRow, OcrFilterSample } from './types.js'

type Outcome = { ok: true, row: OcrFilterRow } | { ok: false, error: Error }

/**
 * Runs the paper's text-in-image filter over downloaded images: OCRs each image (tesseract, `concurrency` at a time)
 * and flags it when its visible text shows its class name: by default the authors' rule (the synset name in the
 * recognized text, lines joined and lowercased as their TrOCR output is, punctuation read as space); with
 * `rule: 'lemmas'` ours (any lemma of the class as whole words, case-insensitive). A corrupt image, an OCR failure
 * or a row without a class is recorded in
 * that row's `error` and the run goes on; only a missing tesseract stops it.
 * @param samples the images with their build row, in row order (results come back in the same order)
 * @param classOf the class (wnid) of a row, or undefined when the row is not in the build
 * @param names the lemmas of a class (WordNet order, e.g. `['tench', 'Tinca tinca']`)
 * @param options rule (default `paper`), concurrency (default 2), tesseract, lang, timeoutMs, maxPixels, onProgress
 * @returns an async iterable of one verdict per sample, in input order
 * @example for await (const r of filterTextInImages(samples, (row) => labels.get(row), (w) => lemmas[w])) if (r.flagged) drop.add(r.row)
 */
export async function* filterTextInImages(
  samples: AsyncIterable<OcrFilterSample> | Iterable<OcrFilterSample>,
  classOf: (row: number) => string | undefined,
  names: (wnid: string) => readonly string[] | undefined,
  options: OcrFilterOptions = {},
): AsyncGenerator<OcrFilterRow> {
  const { concurrency = 2, maxPixels = DEFAULT_MAX_PIXELS, onProgress, rule = 'paper', ...ocr } = options
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`ocr-filter: concurrency ${concurrency} (expected an integer >= 1)`)
  if (rule !== 'paper' && rule !== 'lemmas') throw new Error(`ocr-filter: rule ${JSON.stringify(rule)} (expected 'paper' or 'lemmas')`)
  const dir = await mkdtemp(join(tmpdir(), 'laionet-ocr-'))
  const inFlight: Promise<Outcome>[] = []
  const counts = { done: 0, flagged: 0, errors: 0 }
  try {
    const iterator = (Symbol.asyncIterator in samples ? samples[Symbol.asyncIterator]() : samples[Symbol.iterator]()) as AsyncIterator<OcrFilterSample> | Iterator<OcrFilterSample>
    let exhausted = false
    while (true) {
      while (!exhausted && inFlight.length < concurrency) {
        const next = await iterator.next()
        if (next.done) exhausted = true
        else inFlight.push(judge(next.value, classOf, names, dir, maxPixels, rule, ocr))
      }
      const head = inFlight.shift()
      if (!head) break
      const outcome = await head
      if (!outcome.ok) throw outcome.error
      counts.done++
      if (outcome.row.flagged) counts.flagged++
      if (outcome.row.error) counts.errors++
      onProgress?.({ ...counts })
      yield outcome.row
    }
  } finally {
    // Outcomes never reject, so waiting here only lets running tesseracts finish before their folder goes.
    await Promise.all(inFlight)
    await rm(dir, { recursive: true, force: true })
  }
}

async function judge(
  sample: OcrFilterSample, classOf: (row: number) => string | undefined, names: (wnid: string) => readonly string[] | undefined,
  dir: string, maxPixels: number, rule: 'paper' | 'lemmas', ocr: OcrFilterOptions,
): Promise<Outcome> {
  const { row, image } = sample
  const failed = (wnid: string | null, reason: string): Outcome => ({ ok: true, row: { row, wnid, flagged: false, found: [], text: '', error: `ocr-filter: row ${row}: ${reason}` } })
  const wnid = classOf(row)
  if (wnid === undefined) return failed(null, 'no class for this row in the build')
  const lemmas = names(wnid)
  if (!lemmas || lemmas.length === 0) return { ok: false, error: new Error(`ocr-filter: no lemmas for class ${wnid} (row ${row}); pass the names of every class of the build`) }
  if (!image || image.length === 0) return failed(wnid, 'no image bytes')
  const file = join(dir, `row-${row}.png`)
  try {
    const problem = await writeOcrImage(image, file, maxPixels)
    if (problem) return failed(wnid, problem)
    const text = await runTesseract(file, file, ocr)
    const found = classNamesInText(text, lemmas, rule)
    return { ok: true, row: { row, wnid, flagged: found.length > 0, found, text: text.trim() } }
  } catch (err) {
    const message = (err as Error).message
    if (isLaionetError(err, 'missing-dependency')) return { ok: false, error: err }
    return failed(wnid, message.replace(`ocr: ${file}: `, ''))
  } finally {
    await rm(file, { force: true })
  }
}

/**
 * Reads a build's selection (`laionet.parquet`) in file order: the rows `laionet download --input <build>/laionet.parquet`
 * numbers 0, 1, 2, ... and stores under those numbers.
 * @param out the build folder
 * @returns the selected samples' build row, URL and class, in file order
 * @example const selection = await readBuildSelection('out/laionet'); selection[0] // { row: 17, url: 'https://...', wnid: 'n01440764' }
 */
export async function readBuildSelection(out: string): Promise<{ row: number, url: string | null, wnid: string }[]> {
  const file = join(out, 'laionet.parquet')
  const rows: { row: number, url: string | null, wnid: string }[] = []
  try {
    for await (const r of parquetRows(file, { columns: ['row', 'url', 'wnid'] })) rows.push({ row: Number(r.row), url: (r.url as string | null) ?? null, wnid: r.wnid as string })
  } catch (err) {
    throw new Error(`ocr-filter: cannot read the build's selection ${file} (${(err as Error).message}). Run "laionet build --out ${out}" first`, { cause: err })
  }
  return rows
}
