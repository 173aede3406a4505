import { expect } from 'chai'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { downloadImages } from '../../src/index.js'
import { parseStatusLog } from '../../src/download/status-log.js'
import { parseTar } from '../../src/io/tar-reader.js'
import { isRetryableStatus } from '../../src/download/retryable.js'
import type { DownloadOptions } from '../../src/index.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

function writeJsonl(file: string, urls: string[]) {
  writeFileSync(file, urls.map((url, i) => JSON.stringify({ url, TEXT: `caption ${i}` })).join('\n') + '\n')
}

function readJson(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** The bytes of every finished shard, by file name. */
function tars(out: string): Record<string, string> {
  return Object.fromEntries(readdirSync(out).filter((n) => n.endsWith('.tar')).sort().map((n) => [n, readFileSync(join(out, n)).toString('base64')]))
}

describe('download --retry-failed and per-shard stats (127.0.0.1 only)', function () {
  this.timeout(60_000)
  let server: FaultServer
  let dir: string
  // No retries inside a run: every transient failure is recorded, so the rerun has something to redo.
  const fast: DownloadOptions = { allowLoopback: true, backoffMs: 5, timeoutMs: 300, retries: 0, maxSide: 256 }
  before(async () => {
    server = await startFaultServer()
  })
  after(() => server.close())
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-retry-'))
    server.requests.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('classifies transient statuses: timeout, 5xx and connection resets only', () => {
    expect(['timeout', 'http_500', 'http_503', 'connection_reset'].map(isRetryableStatus)).to.deep.equal([true, true, true, true])
    expect(['ok', 'http_404', 'http_429', 'http_5', 'not_image', 'blocked', 'network_error', 'truncated', 'noai', 'no_url'].map(isRetryableStatus))
      .to.deep.equal(Array(10).fill(false))
  })

  it('writes NNNNN_stats.json per shard with exact counts, and the failed rows with their status', async () => {
    const b = server.base
    // Processed one at a time (concurrency 1), so the windows are exact: a shard's window closes with its second
    // sample: shard 0 = rows 0-3, shard 1 = rows 4-6, and the last window (rows 7-9) stores no sample, so its stats
    // stand alone as 00002_stats.json.
    const urls = [`${b}/img/0.png`, `${b}/status/404`, `${b}/html`, `${b}/img/3.png`,
      `${b}/status/503`, `${b}/img/5.png`, `${b}/img/6.png`, `${b}/reset`,
      `${b}/status/410`, `${b}/slow`]
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, urls)
    const out = join(dir, 'out')
    const summary = await downloadImages([input], out, { ...fast, concurrency: 1, shardSize: 2 })
    expect(summary.counts).to.deep.equal({ ok: 4, http_404: 1, not_image: 1, http_503: 1, connection_reset: 1, http_410: 1, timeout: 1 })
    expect(summary.successRate).to.equal(0.4)
    expect(readdirSync(out).filter((n) => /_(stats\.json|failed\.jsonl)$/.test(n)).sort()).to.deep.equal([
      '00000_failed.jsonl', '00000_stats.json', '00001_failed.jsonl', '00001_stats.json', '00002_failed.jsonl', '00002_stats.json'])
    const s0 = readJson(join(out, '00000_stats.json'))
    expect(s0).to.include({ shard: '00000.tar', count: 4, successes: 2, failed: 2, successRate: 0.5, failedRows: '00000_failed.jsonl' })
    expect(s0.status).to.deep.equal({ ok: 2, http_404: 1, not_image: 1 })
    // bytes: the stored images of the shard, summed from the tar's image members.
    const imageBytes = (tar: string) => parseTar(readFileSync(join(out, tar))).filter((e) => e.name.endsWith('.jpg')).reduce((a, e) => a + e.data!.length, 0)
    expect(s0.bytes).to.equal(imageBytes('00000.tar')).and.be.greaterThan(0)
    expect(s0.duration).to.be.a('number').and.at.least(0)
    expect(Date.parse(s0.endTime) - Date.parse(s0.startTime)).to.equal(Math.round(s0.duration * 1000))
    const s1 = readJson(join(out, '00001_stats.json'))
    expect(s1).to.include({ shard: '00001.tar', count: 3, successes: 2, failed: 1, successRate: 2 / 3, bytes: imageBytes('00001.tar') })
    expect(s1.status).to.deep.equal({ ok: 2, http_503: 1 })
    const s2 = readJson(join(out, '00002_stats.json'))
    expect(s2).to.include({ shard: '00002.tar', count: 3, successes: 0, failed: 3, successRate: 0, bytes: 0 })
    expect(s2.status).to.deep.equal({ connection_reset: 1, http_410: 1, timeout: 1 })
    expect(s0.bytes + s1.bytes).to.equal(summary.bytes)
    const failed0 = readFileSync(join(out, '00000_failed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(failed0.map((r) => [r.row, r.url, r.status])).to.deep.equal([[1, `${b}/status/404`, 'http_404'], [2, `${b}/html`, 'not_image']])
    const failed1 = readFileSync(join(out, '00001_failed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(failed1.map((r) => [r.row, r.status])).to.deep.equal([[4, 'http_503']])
    const failed2 = readFileSync(join(out, '00002_failed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(failed2.map((r) => [r.row, r.status])).to.deep.equal([[7, 'connection_reset'], [8, 'http_410'], [9, 'timeout']])
    expect(readdirSync(out).filter((n) => n.endsWith('.tar')).sort()).to.deep.equal(['00000.tar', '00001.tar'])
    // A later run numbers its shards after the stats-only window, so nothing is overwritten.
    writeJsonl(input, [...urls, `${b}/img/10.png`])
    const more = await downloadImages([input], out, { ...fast, concurrency: 1, shardSize: 2 })
    expect(more.shards).to.deep.equal(['00003.tar'])
    expect(readJson(join(out, '00002_stats.json')).count).to.equal(3)
  })

  it('refetches only the rows with transient statuses, leaves stored images untouched, and numbers new shards after the old', async () => {
    const b = server.base
    const urls = [`${b}/img/a.png`, `${b}/once/503/x`, `${b}/status/404`, `${b}/once/reset/y`, `${b}/html`,
      `${b}/once/slow/z`, `${b}/img/b.png`, `${b}/status/403`, `${b}/noai`]
    const input = join(dir, 'in.jsonl')
    writeJsonl(input, urls)
    const out = join(dir, 'out')
    const first = await downloadImages([input], out, { ...fast, concurrency: 3, shardSize: 10 })
    expect(first.counts).to.deep.equal({ ok: 2, http_503: 1, connection_reset: 1, timeout: 1, http_404: 1, not_image: 1, http_403: 1, noai: 1 })
    const before = tars(out)
    expect(Object.keys(before)).to.deep.equal(['00000.tar'])
    const firstStats = readFileSync(join(out, '00000_stats.json'), 'utf8')

    // A plain rerun redoes nothing.
    server.requests.length = 0
    const again = await downloadImages([input], out, { ...fast, concurrency: 3, shardSize: 10 })
    expect([again.done, again.skipped, server.requests.length]).to.deep.equal([0, 9, 0])

    const retried = await downloadImages([input], out, { ...fast, concurrency: 3, shardSize: 10, retryFailed: true })
    expect(server.requests.map((r) => r.path).sort()).to.deep.equal(['/once/503/x', '/once/reset/y', '/once/slow/z'])
    expect(retried.counts).to.deep.equal({ ok: 3 })
    expect([retried.done, retried.skipped, retried.successRate]).to.deep.equal([3, 6, 1])
    expect(retried.shards).to.deep.equal(['00001.tar'])
    const after = tars(out)
    expect(after['00000.tar']).to.equal(before['00000.tar'])
    expect(Object.keys(after)).to.deep.equal(['00000.tar', '00001.tar'])
    expect(readFileSync(join(out, '00000_stats.json'), 'utf8')).to.equal(firstStats)
    const s1 = readJson(join(out, '00001_stats.json'))
    expect(s1).to.include({ shard: '00001.tar', count: 3, successes: 3, failed: 0, successRate: 1 })
    expect(s1.failedRows).to.equal(undefined)
    const final = Object.fromEntries(parseStatusLog(readFileSync(join(out, 'status.jsonl'), 'utf8')).status)
    expect(final).to.deep.equal({ 0: 'ok', 1: 'ok', 2: 'http_404', 3: 'ok', 4: 'not_image', 5: 'ok', 6: 'ok', 7: 'http_403', 8: 'noai' })
    expect(readJson(join(out, 'index.json')).samples).to.equal(5)

    // Nothing transient is left: a second --retry-failed requests nothing.
    server.requests.length = 0
    const none = await downloadImages([input], out, { ...fast, concurrency: 3, retryFailed: true })
    expect([none.done, server.requests.length]).to.deep.equal([0, 0])
  })
})
