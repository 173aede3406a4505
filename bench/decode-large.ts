/**
 * Benchmark of the models' decoding of large images (issue 23, item 8): 16 PNGs of 9999 x 9999 pixels (about 300 KB
 * each, under the 100 MP limit) through `laionet embed-images` (tiny CLIP) and `laionet classify` (MobileNetV2 int8)
 * at --batch-size 16, each in its own process: peak RSS and wall time. Baseline in the same run: the same 16 images
 * decoded full-size at once (decodeImage, what a batch held before shrink-on-load), its peak RSS.
 * Run: node --import tsx bench/decode-large.ts   (writes bench/results/<cpu>/decode-large.json; needs ../shared)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSharp } from '../src/util/lazy.js'
import { describeCpu } from '../src/util/cpu-features.js'
import { writeResults } from './best-of.js'

const here = dirname(fileURLToPath(import.meta.url))
const shared = join(here, '..', '..', 'shared')
const clip = join(shared, 'fixtures/models/tiny-random-clip')
const mobilenet = join(shared, 'data/models/mobilenetv2-12-int8.onnx')
if (!existsSync(clip) || !existsSync(mobilenet)) {
  console.error(`bench/decode-large: ${shared} is missing the tiny CLIP or MobileNetV2; nothing to measure`)
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), 'laionet-bench-decode-'))
try {
  const sharp = await loadSharp()
  const png = await sharp({ create: { width: 9999, height: 9999, channels: 3, background: { r: 120, g: 80, b: 40 } } }).png({ compressionLevel: 9 }).toBuffer()
  const files = Array.from({ length: 16 }, (_, i) => join(dir, `p${String(i).padStart(2, '0')}.png`))
  for (const f of files) writeFileSync(f, png)

  // Runs a script in a child process and returns its peak RSS (MB) and wall time (s).
  const measure = (script: string) => {
    const t0 = Date.now()
    const code = `${script}\nprocess.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'))`
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: join(here, '..'), encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`bench/decode-large: a child failed (${r.status}): ${r.stderr.slice(-2000)}`)
    const kb = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1])
    return { peakMB: Math.round(kb / 1024), seconds: (Date.now() - t0) / 1000 }
  }
  const cli = (args: string[]) => `import { main } from './src/cli/main.ts'\nconst code = await main(${JSON.stringify(args)}, { stdout: { write() { return true } }, stderr: process.stderr, stdin: process.stdin })\nif (code !== 0) process.exit(code)`
  const results = {
    node: process.version, cpu: describeCpu(), when: new Date().toISOString(), images: files.length, pngBytes: png.length, side: 9999,
    embedImages: measure(cli(['embed-images', '--model', clip, '--out', join(dir, 'e.npy'), '--batch-size', '16', '--no-cache', dir])),
    classify: measure(cli(['classify', '--model', mobilenet, '--batch-size', '16', '--threads', '1', dir])),
    baselineFullSizeDecode: measure(`import { decodeImage } from './src/models/decode-image.ts'\nconst images = await Promise.all(${JSON.stringify(files)}.map((f) => decodeImage(f)))\nif (images.length !== 16) process.exit(1)`),
  }
  console.log(JSON.stringify(results, null, 2))
  console.error(`bench/decode-large -> ${writeResults('decode-large', results)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
