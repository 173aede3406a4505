import { expect } from 'chai'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { downloadImages } from '../../src/index.js'
import { parseTar } from '../../src/io/tar-reader.js'
import type { DownloadOptions } from '../../src/index.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

function writeJsonl(file: string, urls: string[]) {
  writeFileSync(file, urls.map((url, i) => JSON.stringify({ URL: url, TEXT: `caption ${i}` })).join('\n') + '\n')
}

function allBytes(dir: string): string {
  return readdirSync(dir).filter((f) => f.endsWith('.tar') || f.endsWith('.jsonl')).sort().map((f) => readFileSync(join(dir, f), 'latin1')).join('')
}

describe('download/downloadImages: resume settings, credentials in URLs, listeners (127.0.0.1 only)', function () {
  this.timeout(60_000)
  let server: FaultServer
  let dir: string
  const fast: DownloadOptions = { allowLoopback: true, backoffMs: 5, timeoutMs: 2000, retries: 0 }
  before(async () => { server = await startFaultServer() })
  after(() => server.close())
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-dl-rel-'))
    server.requests.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses to resume with another format or max side, naming the flags, and stores nothing more', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, Array.from({ length: 6 }, (_, i) => `${server.base}/img/${i}.png`))
    const out = join(dir, 'out')
    await downloadImages([input], out, { ...fast, maxRows: 3 })
    const requests = server.requests.length
    const err = await downloadImages([input], out, { ...fast, format: 'png', maxSide: 64 }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`download: cannot resume ${out}: --format was jpeg, now png; --max-side was 512, now 64. ` +
      `Rerun with the same inputs and settings to resume, or start fresh: delete ${out} or pass another --out folder`)
    expect(server.requests.length).to.equal(requests)
    // The same settings resume; retries and timeouts may change.
    const resumed = await downloadImages([input], out, { ...fast, retries: 1 })
    expect(resumed.skipped).to.equal(3)
    expect(resumed.done).to.equal(3)
  })

  it('refuses to resume a shard folder as another shard, naming --shard', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, Array.from({ length: 4 }, (_, i) => `${server.base}/img/${i}.png`))
    const out = join(dir, 'out')
    await downloadImages([input], out, { ...fast, shard: { index: 0, count: 2 } })
    const err = await downloadImages([input], out, { ...fast, shard: { index: 1, count: 2 } }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`download: cannot resume ${out}: --shard was 0/2, now 1/2. ` +
      `Rerun with the same inputs and settings to resume, or start fresh: delete ${out} or pass another --out folder`)
    const again = await downloadImages([input], out, { ...fast, shard: { index: 0, count: 2 } })
    expect(again.done).to.equal(0)
  })

  it('resumes a folder recorded before downloads had shards as the whole input', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, Array.from({ length: 4 }, (_, i) => `${server.base}/img/${i}.png`))
    const out = join(dir, 'out')
    await downloadImages([input], out, { ...fast, maxRows: 2 })
    const settings = JSON.parse(readFileSync(join(out, 'settings.json'), 'utf8'))
    delete settings.options.shard
    writeFileSync(join(out, 'settings.json'), JSON.stringify(settings))
    const resumed = await downloadImages([input], out, fast)
    expect([resumed.skipped, resumed.done]).to.deep.equal([2, 2])
    const err = await downloadImages([input], out, { ...fast, shard: { index: 1, count: 2 } }).then(() => null, (e: Error) => e)
    expect(err?.message).to.contain('--shard was all, now 1/2')
  })

  it('refuses to resume onto an input rewritten at the same path, naming the first row that differs', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, [`${server.base}/img/0.png`, `${server.base}/img/1.png`])
    const out = join(dir, 'out')
    await downloadImages([input], out, fast)
    writeJsonl(input, [`${server.base}/img/0.png`, `${server.base}/img/other.png`, `${server.base}/img/2.png`])
    const err = await downloadImages([input], out, fast).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`download: cannot resume ${out}: row 1 of the inputs was "${server.base}/img/1.png" in the earlier run, ` +
      `now "${server.base}/img/other.png" (the input files changed). Restore the inputs to resume, or start fresh: delete ${out} or pass another --out folder`)
  })

  it('refuses a URL with a user name or password per row, and stores no credential anywhere', async () => {
    const input = join(dir, 'in.jsonl')
    const port = server.port
    writeJsonl(input, [
      `http://user:secret@127.0.0.1:${port}/img/0.png`,
      `${server.base}/img/1.png`,
      `${server.base}/redirect-to?u=${encodeURIComponent(`http://admin:hunter2@127.0.0.1:${port}/img/2.png`)}`,
    ])
    const out = join(dir, 'out')
    const summary = await downloadImages([input], out, fast)
    expect(summary.counts).to.deep.equal({ credentials: 2, ok: 1 })
    const status = readFileSync(join(out, 'status.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { row: number, url: string, status: string })
    expect(status.find((s) => s.row === 0)).to.deep.include({ status: 'credentials', url: `http://***@127.0.0.1:${port}/img/0.png` })
    // Row 2's own URL holds the redirect target only percent-encoded in its query; the hop's credential is refused.
    expect(status.find((s) => s.row === 2)).to.deep.include({ status: 'credentials', detail: `the URL http://***@127.0.0.1:${port}/img/2.png carries a user name or password; refused (allowCredentials to send it)` })
    expect(server.requests.map((r) => r.path)).to.not.include.members(['/img/0.png', '/img/2.png'])
    expect(allBytes(out)).to.not.match(/secret|admin:hunter2/)
  })

  it('with allowCredentials fetches such a URL but stores it without the secret', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, [`http://user:secret@127.0.0.1:${server.port}/img/0.png`])
    const out = join(dir, 'out')
    const summary = await downloadImages([input], out, { ...fast, allowCredentials: true })
    expect(summary.counts).to.deep.equal({ ok: 1 })
    const tar = parseTar(readFileSync(join(out, '00000.tar')))
    const json = JSON.parse(Buffer.from(tar[1].data!).toString()) as Record<string, unknown>
    expect(json.url).to.equal(`http://***@127.0.0.1:${server.port}/img/0.png`)
    expect(json.URL).to.equal(`http://***@127.0.0.1:${server.port}/img/0.png`)
    expect(allBytes(out)).to.not.contain('secret')
  })

  it('runs 32 requests at once on one AbortSignal without a MaxListenersExceededWarning', async () => {
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, Array.from({ length: 40 }, (_, i) => `${server.base}/img/${i}.png`))
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(w.name)
    process.on('warning', onWarning)
    try {
      const summary = await downloadImages([input], join(dir, 'out'), { ...fast, concurrency: 32, signal: new AbortController().signal })
      expect(summary.counts.ok).to.equal(40)
      await new Promise((r) => setImmediate(r))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings).to.not.include('MaxListenersExceededWarning')
  })
})
