/**
 * Benchmark of the text-in-image filter (src/laionet/ocr-filter.ts): images/s through filterTextInImages at
 * concurrency 1 and 2, against a baseline from the same run: tesseract alone (ocrImage, one at a time) on the same
 * images already written as PNG files, so the ratio is the cost of the re-encode, temp files and matching. The images
 * are 480x320 JPEGs like the downloader stores (max side 512): blurred-noise photo-like backgrounds, half with a word on
 * a white band. Also the recall of that word (text read back) with the sparse-text page segmentation (--psm 11,
 * the project's first choice) against tesseract's default (--psm 3, now ours), and the hours the measured rate needs
 * for the paper's 822,149 samples.
 * Run: node --import tsx bench/ocr-filter.ts   (writes bench/results/<cpu>/ocr-filter.json)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PAPER_CONSTRUCTION } from '../src/index.js'
import { filterTextInImages } from '../src/laionet/ocr-filter.js'
import { ocrImage } from '../src/laionet/ocr.js'
import { loadSharp } from '../src/util/lazy.js'
import { writeResults } from './best-of.js'

const IMAGES = 24
const WORDS = ['TENCH', 'OPEN DAILY', 'Fresh fish', 'SALE']

async function images(): Promise<Uint8Array[]> {
  const sharp = await loadSharp()
  const out: Uint8Array[] = []
  for (let i = 0; i < IMAGES; i++) {
    const noise = await sharp({ create: { width: 480, height: 320, channels: 3, background: ['#a04030', '#3070b0', '#40a050', '#c0c040'][i % 4], noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer()
    const photo = await sharp(noise).blur(2).png().toBuffer()
    const word = i % 2 === 0 ? `<rect x="20" y="200" width="440" height="90" fill="white"/><text x="40" y="270" font-family="DejaVu Sans" font-size="56" fill="black">${WORDS[(i / 2) % WORDS.length]}</text>` : ''
    const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320">${word}</svg>`)
    out.push(new Uint8Array(await sharp(photo).composite([{ input: overlay }]).jpeg({ quality: 85 }).toBuffer()))
  }
  return out
}

async function timed<T>(f: () => Promise<T>): Promise<{ seconds: number, value: T }> {
  const t0 = performance.now()
  const value = await f()
  return { seconds: (performance.now() - t0) / 1000, value }
}

const pictures = await images()
const dir = mkdtempSync(join(tmpdir(), 'laionet-ocr-bench-'))
try {
  const sharp = await loadSharp()
  const files = await Promise.all(pictures.map(async (p, i) => {
    const file = join(dir, `${i}.png`)
    await sharp(p).png().toFile(file)
    return file
  }))
  const baseline = await timed(async () => {
    for (const f of files) await ocrImage(f)
  })
  const filter: Record<string, { seconds: number, imagesPerSecond: number, flagged: number, errors: number, ratioToBaseline: number }> = {}
  for (const concurrency of [1, 2]) {
    const run = await timed(async () => {
      let flagged = 0
      let errors = 0
      const samples = pictures.map((image, row) => ({ row, image }))
      for await (const r of filterTextInImages(samples, () => 'n01440764', () => ['tench', 'Tinca tinca'], { concurrency })) {
        if (r.flagged) flagged++
        if (r.error) errors++
      }
      return { flagged, errors }
    })
    filter[`concurrency${concurrency}`] = {
      seconds: round(run.seconds), imagesPerSecond: round(IMAGES / run.seconds), ...run.value, ratioToBaseline: round(run.seconds / baseline.seconds),
    }
  }
  // Recall of the written word: sparse text (--psm 11) against tesseract's default (--psm 3, ocr.ts's default).
  const written = pictures.map((_, i) => (i % 2 === 0 ? WORDS[(i / 2) % WORDS.length] : null))
  const recall = (read: (i: number) => string) => {
    const withText = written.map((w, i) => [w, i] as const).filter(([w]) => w !== null)
    return round(withText.filter(([w, i]) => read(i).includes(w!)).length / withText.length)
  }
  const psm11 = files.map((f) => execFileSync('tesseract', [f, 'stdout', '-l', 'eng', '--psm', '11'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } }).toString())
  const psm3 = await Promise.all(files.map((f) => ocrImage(f)))
  const best = Math.max(...Object.values(filter).map((f) => f.imagesPerSecond))
  const result = {
    area: 'ocr-filter',
    date: new Date().toISOString(),
    node: process.version,
    note: 'one run on a shared 2-core machine; compare ratios within one run, not across runs',
    images: IMAGES,
    baselineTesseractAlone: { seconds: round(baseline.seconds), imagesPerSecond: round(IMAGES / baseline.seconds) },
    filter,
    imagesWithText: written.filter((w) => w !== null).length,
    recallOfWrittenWord: { psm11SparseText: recall((i) => psm11[i]), psm3DefaultUsedByOcrTs: recall((i) => psm3[i]) },
    paperSamples: PAPER_CONSTRUCTION.samples,
    hoursForPaperSamplesAtBestRate: round(PAPER_CONSTRUCTION.samples / best / 3600),
  }
  writeResults('ocr-filter', result)
  console.log(JSON.stringify(result, null, 2))
} finally {
  rmSync(dir, { recursive: true, force: true })
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}
