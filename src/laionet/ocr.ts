import { execFile } from 'node:child_process'
import { normalizeCaption } from './normalize.js'

/** Options of {@link ocrImage} and {@link textInImage}. */
export interface OcrOptions {
  /** The tesseract executable. Default: `tesseract` on the PATH (Debian: apt-get install tesseract-ocr). */
  tesseract?: string
  /** Tesseract language. Default: `eng`. */
  lang?: string
  /** Give up on one image after this many milliseconds. Default: 30000. */
  timeoutMs?: number
}

/**
 * Reads the visible text of an image with Debian's tesseract (offline): our documented stand-in for the
 * paper's EAST text detector + TrOCR recogniser.
 * @param file an image file (PNG, JPEG, ...)
 * @param options executable, language, timeout
 * @returns the recognised text (may be empty)
 * @example await ocrImage('sign.png') // 'tench\n'
 */
export function ocrImage(file: string, { tesseract = 'tesseract', lang = 'eng', timeoutMs = 30000 }: OcrOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tesseract, [file, 'stdout', '-l', lang, '--psm', '11'], { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout)
      const e = err as NodeJS.ErrnoException & { killed?: boolean }
      if (e.code === 'ENOENT') return reject(new Error(`ocr: ${tesseract} not found. Install it (Debian: apt-get install tesseract-ocr tesseract-ocr-eng) or pass its path as the tesseract option`, { cause: err }))
      if (e.killed) return reject(new Error(`ocr: ${file}: tesseract took longer than ${timeoutMs} ms; raise timeoutMs or skip the image`, { cause: err }))
      reject(new Error(`ocr: ${file}: tesseract failed (${String(stderr).trim().split('\n').pop() || e.message})`, { cause: err }))
    })
  })
}

/**
 * Returns which of `names` appear as whole words in an image's visible text (case-insensitive, punctuation
 * read as space): the paper drops an image whose text shows its class name (1.1% of LAIONet).
 * @param file the image
 * @param names the class's names (its lemmas)
 * @param options OCR options
 * @returns the OCR text and the names found in it
 * @example (await textInImage('sign.png', ['tench', 'Tinca tinca'])).found // ['tench']
 */
export async function textInImage(file: string, names: readonly string[], options: OcrOptions = {}): Promise<{ text: string, found: string[] }> {
  const text = await ocrImage(file, options)
  const seen = normalizeCaption(text.toLowerCase(), { collapse: true })
  const found = names.filter((n) => seen.includes(normalizeCaption(n.toLowerCase(), { collapse: true })))
  return { text, found }
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
 * Runs the text-in-image filter over LAIONet images: flags each image whose visible text contains one of its
 * class's lemmas. One image failing (corrupt, timeout) is reported and does not stop the rest.
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
      if ((err as Error).message.includes('not found. Install it')) throw err
      out.push({ file, wnid, flagged: false, found: [], error: (err as Error).message })
    }
  }
  return out
}
