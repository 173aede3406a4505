import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_MAX_PIXELS, IMAGE_FORMATS } from '../models/decode-image.js'
import { isLaionetError, LaionetError } from '../util/errors.js'
import { loadSharp } from '../util/lazy.js'
import { normalizeCaption } from './normalize.js'

/** Options of {@link ocrImage} and {@link textInImage}. */
export interface OcrOptions {
  /** The tesseract executable. Default: `tesseract` on the PATH (Debian: apt-get install tesseract-ocr). */
  tesseract?: string
  /** Tesseract language. Default: `eng`. */
  lang?: string
  /**
   * Tesseract page segmentation mode. Default: 3 (tesseract's own default, automatic layout). The sparse-text mode
   * 11 read 0 of 12 words on photo-like backgrounds where 3 read 12 of 12 (bench/ocr-filter.ts).
   */
  psm?: number
  /** Give up on one image after this many milliseconds. Default: 30000. */
  timeoutMs?: number
  /** Largest image accepted, in pixels (checked from the header, before decoding). Default: 100,000,000. */
  maxPixels?: number
}

/** The one OCR failure that is not an image's fault: every image would fail the same way. */
const MISSING_TESSERACT = 'not found. Install it'

/**
 * Re-encodes untrusted image bytes as a PNG flattened on white into `file`, so tesseract only ever sees a valid
 * image (handed bytes it cannot decode, it reads them as a list of file names to open) and transparent text stays
 * legible. Returns why the image is unusable, or undefined when the PNG was written.
 */
export async function writeOcrImage(image: Uint8Array, file: string, maxPixels = DEFAULT_MAX_PIXELS): Promise<string | undefined> {
  const sharp = await loadSharp()
  // The pixel limit is checked below from the header, so sharp's own limit is off to give our message.
  const open = () => sharp(image, { failOn: 'error', limitInputPixels: false, pages: 1 })
  let meta
  try {
    meta = await open().metadata()
  } catch (err) {
    return `corrupt or not an image (${firstClause(err)})`
  }
  const format = String(meta.format ?? 'unknown')
  if (!IMAGE_FORMATS.includes(format)) return `unsupported image format "${format}" (expected ${IMAGE_FORMATS.join(', ')})`
  const pixels = (meta.width ?? 0) * (meta.height ?? 0)
  if (pixels > maxPixels) return `image of ${meta.width}x${meta.height} = ${pixels} pixels is above the limit of ${maxPixels} (raise maxPixels to read it)`
  try {
    await open().flatten({ background: '#ffffff' }).png({ compressionLevel: 1 }).toFile(file)
  } catch (err) {
    return `corrupt image (${firstClause(err)})`
  }
  return undefined
}

// The first clause of sharp's message: libvips appends details from a process-wide error buffer that other
// decodes running at the same time add to and clear, so they differ from run to run.
function firstClause(err: unknown): string {
  return (err as Error).message.split('\n')[0].split(':')[0].trim()
}

/** Runs tesseract on a PNG written by {@link writeOcrImage}; `name` is what error messages call the image. */
export function runTesseract(png: string, name: string, { tesseract = 'tesseract', lang = 'eng', psm = 3, timeoutMs = 30000 }: OcrOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tesseract, [png, 'stdout', '-l', lang, '--psm', String(psm)], { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout)
      const e = err as NodeJS.ErrnoException & { killed?: boolean }
      if (e.code === 'ENOENT') return reject(new LaionetError('ocr', `${tesseract} ${MISSING_TESSERACT} (Debian: apt-get install tesseract-ocr tesseract-ocr-eng) or pass its path as the tesseract option`, { code: 'missing-dependency', value: tesseract, cause: err }))
      if (e.killed) return reject(new Error(`ocr: ${name}: tesseract took longer than ${timeoutMs} ms; raise timeoutMs or skip the image`, { cause: err }))
      reject(new Error(`ocr: ${name}: tesseract failed (${String(stderr).trim().split('\n').pop() || e.message})`, { cause: err }))
    })
  })
}

/**
 * Reads the visible text of an image with Debian's tesseract (offline): our documented stand-in for the
 * paper's EAST text detector + TrOCR recogniser. The image is untrusted: it is decoded and re-encoded first.
 * @param image an image file (JPEG, PNG, WebP, GIF) or its bytes
 * @param options executable, language, page segmentation, timeout, pixel limit
 * @returns the recognised text (may be empty)
 * @example await ocrImage('sign.png') // 'tench\n'
 */
export async function ocrImage(image: string | Uint8Array, options: OcrOptions = {}): Promise<string> {
  const name = typeof image === 'string' ? image : 'image bytes'
  let bytes: Uint8Array
  try {
    bytes = typeof image === 'string' ? await readFile(image) : image
  } catch (err) {
    throw new Error(`ocr: ${name}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err })
  }
  const dir = await mkdtemp(join(tmpdir(), 'laionet-ocr-'))
  try {
    const png = join(dir, 'image.png')
    const problem = await writeOcrImage(bytes, png, options.maxPixels)
    if (problem) throw new Error(`ocr: ${name}: ${problem}`)
    return await runTesseract(png, name, options)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * How the OCR drop decides that an image shows its class name.
 * - `paper` (default): the authors' rule (scripts/postprocess/evaluate_recognized_texts.py): the class's synset
 *   name (its first lemma, lowercased, `_` as space) appears in the recognized text, both normalised as captions
 *   (ASCII punctuation to spaces, padded with one space), by a case-sensitive substring test. Their TrOCR text is
 *   the boxes' texts joined by spaces and lowercased (core/ocr.py), so lines are joined and lowercased here too.
 * - `lemmas` (ours): any lemma of the class, case-insensitive, whitespace runs collapsed: also catches "PUMA" for
 *   the cougar, and names split over lines.
 */
export type OcrRule = 'paper' | 'lemmas'

/**
 * Returns `[name]` when the class's synset name is in the recognized text by the authors' rule (see
 * {@link OcrRule}), else `[]`.
 * @param text the OCR output (tesseract's lines)
 * @param lemmas the class's lemmas, WordNet order (the first gives the synset name)
 * @example paperNameInText('OPEN\nTENCH SHOP', ['tench', 'Tinca tinca']) // ['tench']
 */
export function paperNameInText(text: string, lemmas: readonly string[]): string[] {
  if (lemmas.length === 0) return []
  const name = lemmas[0].toLowerCase().replace(/_/g, ' ')
  const recognized = text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').toLowerCase()
  return normalizeCaption(recognized).includes(normalizeCaption(name)) ? [name] : []
}

/**
 * Returns the names found in an image's text by `rule` (default `paper`, see {@link OcrRule}).
 * @example classNamesInText('PUMA', ['cougar', 'puma'], 'lemmas') // ['puma']; with 'paper': []
 */
export function classNamesInText(text: string, lemmas: readonly string[], rule: OcrRule = 'paper'): string[] {
  if (rule === 'paper') return paperNameInText(text, lemmas)
  if (rule === 'lemmas') return namesInText(text, lemmas)
  throw new Error(`ocr: rule ${JSON.stringify(rule)} (expected 'paper' or 'lemmas')`)
}

/** Returns which of `names` appear as whole words in `text` (case-insensitive, punctuation read as space): the `lemmas` rule. */
function namesInText(text: string, names: readonly string[]): string[] {
  const seen = normalizeCaption(text.toLowerCase(), { collapse: true })
  return names.filter((n) => seen.includes(normalizeCaption(n.toLowerCase(), { collapse: true })))
}

/**
 * Returns which of `names` appear as whole words in an image's visible text (case-insensitive, punctuation
 * read as space): the paper drops an image whose text shows its class name (1.1% of LAIONet).
 * @param image the image file or bytes
 * @param names the class's names (its lemmas)
 * @param options OCR options
 * @returns the OCR text and the names found in it
 * @example (await textInImage('sign.png', ['tench', 'Tinca tinca'])).found // ['tench']
 */
export async function textInImage(image: string | Uint8Array, names: readonly string[], options: OcrOptions = {}): Promise<{ text: string, found: string[] }> {
  const text = await ocrImage(image, options)
  return { text, found: namesInText(text, names) }
}

/** One image's verdict from {@link flagTextInImages}. */
export interface TextInImageFlag {
  /** The image file. */
  file: string
  /** Its class. */
  wnid: string
  /** True when the image shows one of the class's names (the paper drops it). */
  flagged: boolean
  /** The names found. */
  found: string[]
  /** Set when OCR failed for this image (then not flagged); the others still run. */
  error?: string
}

/**
 * Runs the text-in-image filter over image files: flags each image whose visible text contains one of its
 * class's lemmas. One image failing (corrupt, timeout) is reported and does not stop the rest. For a download
 * folder of a build, `filterTextInImages` streams the shards instead.
 * @param images the images with their class
 * @param names the lemmas of each class, by wnid
 * @param options OCR options
 * @returns one flag per image, in input order
 * @example (await flagTextInImages([{ file: 'a.jpg', wnid: 'n01440764' }], { n01440764: ['tench'] }))[0].flagged
 */
export async function flagTextInImages(images: readonly { file: string, wnid: string }[], names: Readonly<Record<string, readonly string[]>>, options: OcrOptions = {}): Promise<TextInImageFlag[]> {
  const out: TextInImageFlag[] = []
  for (const { file, wnid } of images) {
    const lemmas = names[wnid]
    if (!lemmas) throw new Error(`ocr: no class names for ${wnid} (image ${file}); pass the lemmas of every class`)
    try {
      const { found } = await textInImage(file, lemmas, options)
      out.push({ file, wnid, flagged: found.length > 0, found })
    } catch (err) {
      if (isLaionetError(err, 'missing-dependency')) throw err
      out.push({ file, wnid, flagged: false, found: [], error: (err as Error).message })
    }
  }
  return out
}
