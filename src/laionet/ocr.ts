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
