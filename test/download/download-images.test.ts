import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { downloadImages } from '../../src/index.js'
import { downloadedSamples } from '../../src/download/read-shards.js'
import { parseStatusLog } from '../../src/download/status-log.js'
import { parseTar } from '../../src/io/tar-reader.js'
import type { DownloadOptions } from '../../src/index.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

const here = dirname(fileURLToPath(import.meta.url))

/** Every sample of every finished shard: key -> { shard, image, json }. Throws on a duplicate key. */
function readShards(out: string) {
  const samples = new Map<string, { shard: string, image: Buffer, json: Record<string, unknown> }>()
  for (const shard of readdirSync(out).filter((n) => n.endsWith('.tar')).sort()) {
    const entries = parseTar(readFileSync(join(out, shard)))
    for (let i = 0; i < entries.length; i += 2) {
      const key = entries[i].name.replace(/\.jpg$/, '')
      expect(entries[i + 1].name).to.equal(`${key}.json`)
      if (samples.has(key)) throw new Error(`sample ${key} is in ${samples.get(key)!.shard} and ${shard}`)
      samples.set(key, { shard, image: Buffer.from(entries[i].data!), json: JSON.parse(Buffer.from(entries[i + 1].data!).toString()) })
    }
  }
  return samples
}

function finalStatus(out: string): Record<number, string> {
  return Object.fromEntries(parseStatusLog(readFileSync(join(out, 'status.jsonl'), 'utf8')).status)
}

function writeJsonl(file: string, urls: string[]) {
  writeFileSync(file, urls.map((url, i) => JSON.stringify({ url, TEXT: `caption ${i}`, extra: i })).join('\n') + '\n')
}

describe('download/downloadImages end to end (127.0.0.1 only)', function () {
  this.timeout(60_000)
  let server: FaultServer
  let dir: string
  const fast: DownloadOptions = { allowLoopback: true, backoffMs: 5, timeoutMs: 300, retries: 1, maxSide: 256 }
  before(async () => {
    server = await startFaultServer()
  })
  after(() => server.close())
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-dl-'))
    server.requests.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('records one status per row, stores exactly the ok rows in shards, resized, with their json', async () => {
    const b = server.base
    const table: Array<[string, string]> = [
      [`${b}/img/0.png`, 'ok'],
      [`${b}/status/404`, 'http_404'],
      [`${b}/flaky/r2`, 'ok'],
      [`${b}/slow`, 'timeout'],
      [`${b}/truncated`, 'truncated'],
      [`${b}/html`, 'not_image'],
      [`${b}/pixels.png`, 'too_large'],
      [`${b}/bytes.jpg`, 'too_large'],
      [`${b}/noai`, 'noai'],
      ['', 'no_url'],
      [`${b}/big.jpg`, 'ok'],
      [`${b}/redirect/2`, 'ok'],
      [`${b}/status/500`, 'http_500'],
      ['ftp://127.0.0.1/x.jpg', 'bad_url'],
    ]
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, table.map(([u]) => u))
    const out = join(dir, 'out')
    const summary = await downloadImages([input], out, { ...fast, concurrency: 4, shardSize: 2, maxPixels: 2_000_000, maxBytes: 1_000_000 })
    expect(finalStatus(out)).to.deep.equal(Object.fromEntries(table.map(([, s], i) => [i, s])))
    expect(summary.counts).to.deep.equal({ ok: 4, http_404: 1, timeout: 1, truncated: 1, not_image: 1, too_large: 2, noai: 1, no_url: 1, http_500: 1, bad_url: 1 })
    expect([summary.done, summary.stored, summary.skipped, summary.aborted]).to.deep.equal([14, 4, 0, false])
    expect(summary.shards).to.deep.equal(['00000.tar', '00001.tar'])
    expect(server.requests.filter((r) => r.path === '/status/500')).to.have.length(2) // one retry

    const samples = readShards(out)
    expect([...samples.keys()].sort()).to.deep.equal(['000000000', '000000002', '000000010', '000000011'])
    const big = samples.get('000000010')!
    expect(big.json).to.include({ key: '000000010', row: 10, url: `${b}/big.jpg`, caption: 'caption 10', extra: 10, width: 256, height: 192, original_width: 1200, original_height: 900, source_format: 'jpeg' })
    const meta = await sharp(big.image).metadata()
    expect([meta.format, meta.width, meta.height]).to.deep.equal(['jpeg', 256, 192])
    const small = samples.get('000000000')!
    expect(small.json).to.include({ width: 64, height: 48, source_format: 'png' })
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))
    expect(index.samples).to.equal(4)
    expect(index.shards.map((s: { file: string, samples: number }) => [s.file, s.samples])).to.deep.equal([['00000.tar', 2], ['00001.tar', 2]])
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).to.deep.equal([])

    const streamed = []
    for await (const s of downloadedSamples(out)) streamed.push(s)
    expect(streamed.map((s) => [s.shard, s.key, s.extension])).to.deep.equal([...samples].map(([key, s]) => [s.shard, key, 'jpg']))
    streamed.forEach((s) => expect(Buffer.from(s.image!).equals(samples.get(s.key)!.image)).to.equal(true))
    expect(streamed.map((s) => s.json)).to.deep.equal([...samples.values()].map((s) => s.json))
    for await (const s of downloadedSamples(out, { images: false })) expect(s.image).to.equal(undefined)
  })

  it('without allowLoopback refuses the local server: every row blocked, zero requests received', async () => {
    const input = join(dir, 'in.csv')
    writeFileSync(input, 'URL,TEXT\n' + [0, 1, 2].map((i) => `${server.base}/img/${i}.png,cat ${i}`).join('\n') + `\nhttp://localhost:${server.port}/img/3.png,dog\n`)
    const summary = await downloadImages([input], join(dir, 'out'), { concurrency: 2, resolver: async () => ['127.0.0.1'] })
    expect(summary.counts).to.deep.equal({ blocked: 4 })
    expect(server.requests).to.deep.equal([])
    expect(summary.shards).to.deep.equal([])
  })

  it('an interrupted run (AbortSignal) then a resumed run gives the sample set of a clean run, without duplicates or refetching stored rows', async () => {
    const urls = Array.from({ length: 40 }, (_, i) => (i % 9 === 4 ? `${server.base}/status/404?${i}` : `${server.base}/img/${i}.png`))
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, urls)
    const clean = join(dir, 'clean')
    await downloadImages([input], clean, { ...fast, concurrency: 3, shardSize: 5 })
    const expected = readShards(clean)

    const out = join(dir, 'out')
    const controller = new AbortController()
    const first = await downloadImages([input], out, {
      ...fast, concurrency: 3, shardSize: 5, signal: controller.signal,
      onProgress: (p) => { if ((p.counts.ok ?? 0) >= 12) controller.abort(new Error('test interrupt')) },
    })
    expect(first.aborted).to.equal(true)
    expect(first.stored).to.equal(10) // 12 to 14 samples were written, the third shard unfinished
    const afterFirst = readShards(out)
    expect(afterFirst.size).to.equal(first.stored)
    expect(readdirSync(out).some((n) => /^\d{5}\.tar\.\d+\.[a-z0-9]+\.tmp$/.test(n))).to.equal(true) // the unfinished shard was left as a crash would
    server.requests.length = 0

    const second = await downloadImages([input], out, { ...fast, concurrency: 3, shardSize: 5 })
    expect(second.aborted).to.equal(false)
    expect(second.skipped).to.be.greaterThan(0)
    const final = readShards(out)
    expect([...final.keys()].sort()).to.deep.equal([...expected.keys()].sort())
    for (const [key, s] of final) expect(s.image.equals(expected.get(key)!.image), key).to.equal(true)
    expect(finalStatus(out)).to.deep.equal(finalStatus(clean))
    const refetched = server.requests.filter((r) => [...afterFirst.values()].some((s) => s.json.url === `${server.base}${r.path}`))
    expect(refetched).to.deep.equal([])
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).to.deep.equal([])

    const third = await downloadImages([input], out, { ...fast })
    expect([third.done, third.skipped]).to.deep.equal([0, 40])
  })

  it('restores the status lines of a shard renamed just before a crash, and cuts a partial last line', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, Array.from({ length: 12 }, (_, i) => `${server.base}/img/${i}.png`))
    const out = join(dir, 'out')
    await downloadImages([input], out, { ...fast, concurrency: 2, shardSize: 5 })
    const before = readShards(out)
    const log = join(out, 'status.jsonl')
    const lines = readFileSync(log, 'utf8').trim().split('\n')
    const kept = lines.filter((l) => !l.includes('"shard":"00002.tar"'))
    expect(lines.length - kept.length).to.equal(2)
    writeFileSync(log, kept.join('\n') + '\n{"row":11,"url":"http')
    server.requests.length = 0
    const resumed = await downloadImages([input], out, { ...fast, concurrency: 2, shardSize: 5 })
    expect(resumed.recovered).to.equal(2)
    expect(resumed.done).to.equal(0)
    expect(server.requests).to.deep.equal([])
    const after = readShards(out)
    expect([...after.keys()]).to.deep.equal([...before.keys()])
    expect(Object.values(finalStatus(out)).every((s) => s === 'ok')).to.equal(true)
    expect(readFileSync(log, 'utf8').trim().split('\n').every((l) => JSON.parse(l).status === 'ok')).to.equal(true)
  })

  it('redoes rows with a listed status on request (retryStatuses)', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, [`${server.base}/img/a.png`, `${server.base}/flaky/retry-me`])
    const out = join(dir, 'out')
    const first = await downloadImages([input], out, { ...fast, retries: 0 })
    expect(first.counts).to.deep.equal({ ok: 1, http_500: 1 })
    const plain = await downloadImages([input], out, { ...fast, retries: 0 })
    expect(plain.done).to.equal(0)
    const again = await downloadImages([input], out, { ...fast, retries: 0, retryStatuses: ['http_500'] })
    expect([again.done, again.skipped, again.counts.ok]).to.deep.equal([1, 1, 1])
    expect(finalStatus(out)).to.deep.equal({ 0: 'ok', 1: 'ok' })
    expect(readShards(out).size).to.equal(2)
  })

  it('stops every worker on a bad input line, names it, and a rerun after the fix completes', async () => {
    const input = join(dir, 'in.jsonl')
    const good = [0, 1, 2].map((i) => JSON.stringify({ url: `${server.base}/img/e${i}.png` }))
    writeFileSync(input, [...good, '{broken', JSON.stringify({ url: `${server.base}/img/e4.png` })].join('\n') + '\n')
    const out = join(dir, 'out')
    const err = await downloadImages([input], out, { ...fast, concurrency: 3 }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(new RegExp(`^download: ${input} line 4 is not JSON`))
    expect(server.requests.some((r) => r.path === '/img/e4.png')).to.equal(false)
    writeFileSync(input, [...good, JSON.stringify({ url: `${server.base}/img/e3.png` }), JSON.stringify({ url: `${server.base}/img/e4.png` })].join('\n') + '\n')
    const rerun = await downloadImages([input], out, { ...fast, concurrency: 3 })
    expect(rerun.aborted).to.equal(false)
    expect([...readShards(out).keys()].sort()).to.deep.equal(['000000000', '000000001', '000000002', '000000003', '000000004'])
  })

  it('stops at maxRows, and a later run without the limit does the rest', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, Array.from({ length: 5 }, (_, i) => `${server.base}/img/m${i}.png`))
    const out = join(dir, 'out')
    const first = await downloadImages([input], out, { ...fast, maxRows: 2 })
    expect([first.done, first.stored]).to.deep.equal([2, 2])
    expect(server.requests.map((r) => r.path).sort()).to.deep.equal(['/img/m0.png', '/img/m1.png'])
    const rest = await downloadImages([input], out, { ...fast })
    expect([rest.done, rest.skipped, rest.stored]).to.deep.equal([3, 2, 3])
    expect(rest.shards).to.deep.equal(['00001.tar'])
    expect(readShards(out).size).to.equal(5)
  })

  it('names a missing input file before creating anything', async () => {
    const err = await downloadImages([join(dir, 'missing.csv')], join(dir, 'out')).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`download: input ${join(dir, 'missing.csv')} does not exist (expected a parquet, CSV or JSON-lines file with a URL column)`)
    expect(existsSync(join(dir, 'out'))).to.equal(false)
  })

  it('a killed child process loses nothing: the resumed run completes the clean sample set', async () => {
    const urls = Array.from({ length: 60 }, (_, i) => `${server.base}/img/k${i}.png`)
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, urls)
    const out = join(dir, 'out')
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'download-child.ts'), input, out], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c))
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    // Kill hard once about half the rows were requested: mid-shard, with writes in flight.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (server.requests.length >= 30) {
          clearInterval(timer)
          child.kill('SIGKILL')
          resolve()
        }
      }, 2)
      child.on('exit', (code) => {
        clearInterval(timer)
        // A child that finished before the kill (a very slow poll) still leaves a valid, if weaker, resume check.
        if (server.requests.length < 30) reject(new Error(`child exited early (${code}): ${stderr}`))
        else resolve()
      })
    })
    await exited
    const survivors = existsSync(out) ? readShards(out) : new Map()
    const resumed = await downloadImages([input], out, { ...fast, concurrency: 4, shardSize: 7 })
    expect(resumed.aborted).to.equal(false)
    const final = readShards(out)
    expect([...final.keys()].sort()).to.deep.equal(urls.map((_, i) => String(i).padStart(9, '0')))
    for (const key of survivors.keys()) expect(final.get(key)!.shard).to.equal(survivors.get(key)!.shard)
    expect(Object.values(finalStatus(out)).filter((s) => s === 'ok')).to.have.length(60)
  })
})
