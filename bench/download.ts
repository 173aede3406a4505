/**
 * Benchmark of src/download against a local server (127.0.0.1 only), each number beside a baseline from the same run:
 * - throughput: images/s downloaded, checked (magic bytes, pixel limit) and resized (max side 256, JPEG) into shards,
 *   at concurrency 1, 8 and 32; baseline: plain fetch of the same URLs at the same concurrency, bodies discarded;
 * - memory: peak RSS of a whole download as the input grows from 1k to 10k to 100k rows (tiny images, concurrency 32);
 *   baseline: peak RSS of a process that only loads the module and reads the input.
 * Each measurement runs in its own child process so its peak RSS is its own; the server runs in another.
 * Run: node --import tsx bench/download.ts   (writes bench/results/<cpu>/download.json)
 */
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { writeResults } from './best-of.js'

const here = dirname(fileURLToPath(import.meta.url))
const [mode, arg] = process.argv.slice(2)

interface ChildTask { kind: 'download' | 'fetch' | 'read', input: string, out: string, concurrency: number, maxSide: number }
interface ChildResult { rows: number, stored: number, seconds: number, maxRssMB: number, counts?: Record<string, number> }

if (mode === '--server') {
  // A few generated images answer every URL: /s/* small photos-like JPEGs (320x240), /t/* tiny 16x16 PNGs.
  const sharp = (await import('sharp')).default
  const small = await Promise.all(['#a04030', '#3070b0', '#40a050', '#c0c040'].map((bg) =>
    sharp({ create: { width: 320, height: 240, channels: 3, background: bg, noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg({ quality: 85 }).toBuffer()))
  const tiny = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).png().toBuffer()
  let n = 0
  const server = createServer((req, res) => {
    const body = req.url?.startsWith('/t/') ? tiny : small[n++ % small.length]
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length })
    res.end(body)
  })
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`))
} else if (mode === '--child') {
  const task = JSON.parse(arg) as ChildTask
  const t0 = performance.now()
  let result: Omit<ChildResult, 'seconds' | 'maxRssMB'>
  if (task.kind === 'download') {
    const { downloadImages } = await import('../src/download/download-images.js')
    const s = await downloadImages([task.input], task.out, { allowLoopback: true, concurrency: task.concurrency, maxSide: task.maxSide, shardSize: 1000, retries: 0 })
    result = { rows: s.done, stored: s.stored, counts: s.counts }
  } else {
    const { inputRows } = await import('../src/download/input-rows.js')
    const rows = inputRows([task.input])[Symbol.asyncIterator]()
    let n = 0
    let ok = 0
    const worker = async () => {
      for (let r = await rows.next(); !r.done; r = await rows.next()) {
        n++
        if (task.kind === 'fetch') {
          const res = await fetch(r.value.url)
          if (res.ok) ok++
          await res.arrayBuffer()
        }
      }
    }
    await Promise.all(Array.from({ length: task.kind === 'fetch' ? task.concurrency : 1 }, worker))
    result = { rows: n, stored: ok }
  }
  const seconds = (performance.now() - t0) / 1000
  process.stdout.write(JSON.stringify({ ...result, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n')
} else {
  const work = join(tmpdir(), `laionet-bench-download-${process.pid}`)
  mkdirSync(work, { recursive: true })
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--server'], { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(here, '..') })
  const port = await new Promise<number>((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))))
  const input = (name: string, rows: number, prefix: string) => {
    const file = join(work, `${name}.jsonl`)
    const lines: string[] = []
    for (let i = 0; i < rows; i++) lines.push(JSON.stringify({ url: `http://127.0.0.1:${port}/${prefix}/${i}.jpg`, TEXT: `caption number ${i}` }))
    writeFileSync(file, lines.join('\n') + '\n')
    return file
  }
  const child = (task: ChildTask) => new Promise<ChildResult>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(here, '..') })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench child exited ${code}`))))
  })
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d

  const throughput = []
  const rows = 1000
  const small = input('small', rows, 's')
  for (const concurrency of [1, 8, 32]) {
    const run = await child({ kind: 'download', input: small, out: join(work, `out-c${concurrency}`), concurrency, maxSide: 256 })
    const base = await child({ kind: 'fetch', input: small, out: '', concurrency, maxSide: 0 })
    throughput.push({
      concurrency, rows, stored: run.stored,
      imagesPerSecond: round(run.stored / run.seconds), baselineFetchOnlyPerSecond: round(base.stored / base.seconds),
      peakRssMB: round(run.maxRssMB), baselinePeakRssMB: round(base.maxRssMB),
    })
    console.log(throughput.at(-1))
    rmSync(join(work, `out-c${concurrency}`), { recursive: true, force: true })
  }

  const memory = []
  for (const n of [1000, 10_000, 100_000]) {
    const file = input(`tiny-${n}`, n, 't')
    const run = await child({ kind: 'download', input: file, out: join(work, `mem-${n}`), concurrency: 32, maxSide: 64 })
    const base = await child({ kind: 'read', input: file, out: '', concurrency: 1, maxSide: 0 })
    memory.push({ rows: n, stored: run.stored, seconds: round(run.seconds), imagesPerSecond: round(run.stored / run.seconds), peakRssMB: round(run.maxRssMB), baselineReadOnlyPeakRssMB: round(base.maxRssMB) })
    console.log(memory.at(-1))
    rmSync(join(work, `mem-${n}`), { recursive: true, force: true })
  }
  server.kill()
  rmSync(work, { recursive: true, force: true })
  const results = {
    node: process.version, when: new Date().toISOString(), cpus: (await import('node:os')).cpus().length,
    note: 'one shared 2-core machine: server, downloader and baseline share it; numbers are indicative',
    throughput, memory,
  }
  console.log(`wrote ${writeResults('download', results)}`)
}
