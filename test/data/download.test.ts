import { expect } from 'chai'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { dataPath, fetchData } from '../../src/index.js'
import { cleanup, manifestFor, payload, rejection, sha256, tempDir } from './fixtures.js'
import { startServer, type Route, type TestServer } from './http-server.js'

describe('data/download (local HTTP server on 127.0.0.1)', () => {
  let cache: string
  let server: TestServer | undefined
  beforeEach(() => { cache = tempDir('dl') })
  afterEach(async () => {
    await server?.close()
    server = undefined
    cleanup(cache)
  })

  async function serve(routes: Record<string, Route>): Promise<TestServer> {
    server = await startServer(routes)
    return server
  }

  it('downloads, verifies and stamps files; a rerun skips them without a request', async () => {
    const files = { 'x/a.bin': payload(70_000, 1), "x/it's.bin": payload(10, 2) }
    const { base, requests } = await serve({ 'x/a.bin': { bytes: files['x/a.bin'] }, "x/it's.bin": { bytes: files["x/it's.bin"] } })
    const manifest = manifestFor(files, base)
    const reports = await fetchData('all', { cache, mirror: null, manifest })
    expect(reports.map((r) => [r.name, r.status, r.bytes])).to.deep.equal([['x/a.bin', 'fetched', 70_000], ["x/it's.bin", 'fetched', 10]])
    expect(readFileSync(join(cache, 'x/a.bin')).equals(files['x/a.bin'])).to.equal(true)
    expect(requests).to.have.length(2)
    const again = await fetchData('all', { cache, mirror: null, manifest })
    expect(again.map((r) => r.status)).to.deep.equal(['cached', 'cached'])
    expect(requests).to.have.length(2)
    expect(readdirSync(join(cache, 'x')).sort()).to.deep.equal(['a.bin', "it's.bin"]) // no .partial left
  })

  it('reports a 404 with the status and the URL', async () => {
    const { base } = await serve({})
    const manifest = manifestFor({ 'gone.bin': payload(5) }, base)
    const err = await rejection(dataPath('gone.bin', { cache, mirror: null, manifest }))
    expect(err?.message).to.equal(`data: download of gone.bin failed: HTTP 404 Not Found from ${base}/gone.bin. ` +
      'Check the URL in data/manifest.json, or without network access, set LAIONET_DATA_MIRROR=<dir> to a local copy of the data (e.g. ../shared/data)')
  })

  it('deletes a download whose checksum does not match and names both hashes', async () => {
    const expected = payload(4096, 1)
    const served = payload(4096, 2)
    const { base } = await serve({ 'f.bin': { bytes: served } })
    const manifest = manifestFor({ 'f.bin': expected }, base)
    const err = await rejection(dataPath('f.bin', { cache, mirror: null, manifest }))
    expect(err?.message).to.equal(`data: checksum mismatch for f.bin downloaded from ${base}/f.bin: expected sha256 ${sha256(expected)} (4096 bytes), ` +
      `got ${sha256(served)} (4096 bytes). The file was deleted; if the upstream file changed, update data/manifest.json`)
    expect(existsSync(join(cache, 'f.bin.partial'))).to.equal(false)
    expect(existsSync(join(cache, 'f.bin'))).to.equal(false)
  })

  it('keeps the partial file when the connection drops mid-body, then resumes it with a Range request', async () => {
    const bytes = payload(200_000, 3)
    const { base, requests } = await serve({ 'big.bin': { bytes, mode: 'drop' } })
    const manifest = manifestFor({ 'big.bin': bytes }, base)
    const err = await rejection(dataPath('big.bin', { cache, mirror: null, manifest }))
    const partial = join(cache, 'big.bin.partial')
    expect(err?.message).to.match(new RegExp(`^data: download of big\\.bin from ${base}/big\\.bin was interrupted after 100000 of 200000 bytes \\(.+\\)\\. ` +
      `The partial file ${partial.replace(/[.]/g, '\\.')} is kept: run the same command again to resume$`))
    expect(statSync(partial).size).to.equal(100_000)
    const [report] = await fetchData(['big.bin'], { cache, mirror: null, manifest })
    expect(report).to.deep.include({ status: 'fetched', bytes: 100_000 })
    expect(requests.map((r) => r.range)).to.deep.equal([undefined, 'bytes=100000-'])
    expect(readFileSync(join(cache, 'big.bin')).equals(bytes)).to.equal(true)
    expect(existsSync(partial)).to.equal(false)
  })

  it('starts over when the server ignores Range, and verifies a partial that is already complete', async () => {
    const bytes = payload(5000, 4)
    const { base, requests } = await serve({ 'n.bin': { bytes, mode: 'norange' }, 'c.bin': { bytes } })
    const manifest = manifestFor({ 'n.bin': bytes, 'c.bin': bytes }, base)
    writeFileSync(join(cache, 'n.bin.partial'), payload(1234, 9)) // stale bytes that must not survive
    expect((await fetchData(['n.bin'], { cache, mirror: null, manifest }))[0].bytes).to.equal(5000)
    expect(readFileSync(join(cache, 'n.bin')).equals(bytes)).to.equal(true)
    writeFileSync(join(cache, 'c.bin.partial'), bytes)
    expect((await fetchData(['c.bin'], { cache, mirror: null, manifest }))[0]).to.deep.include({ status: 'fetched', bytes: 0 })
    expect(requests.map((r) => [r.path, r.range])).to.deep.equal([['n.bin', 'bytes=1234-']])
  })

  it('without a mirror and without a network, names LAIONET_DATA_MIRROR', async () => {
    const { base } = await serve({})
    await server!.close() // nothing listens on the port any more
    server = undefined
    const manifest = manifestFor({ 'f.bin': payload(10) }, base)
    const err = await rejection(dataPath('f.bin', { cache, mirror: null, manifest }))
    expect(err?.message).to.match(new RegExp(`^data: cannot download f\\.bin from ${base}/f\\.bin \\(.*ECONNREFUSED.*\\)\\. ` +
      'Without network access, set LAIONET_DATA_MIRROR=<dir> to a local copy of the data \\(e\\.g\\. \\.\\./shared/data\\)$'))
  })

  it('stops at the first file that gets no answer instead of trying every other file', async () => {
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`n/${i}.bin`, payload(10 + i, i)]))
    const manifest = manifestFor(files, 'http://test.invalid')
    let calls = 0
    const offline = async () => {
      calls++
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND test.invalid'), { code: 'ENOTFOUND' }) })
    }
    const err = await rejection(fetchData('all', { cache, mirror: null, manifest, fetch: offline, concurrency: 2 }))
    expect(err?.message).to.equal('data: cannot download n/0.bin from http://test.invalid/n/0.bin (getaddrinfo ENOTFOUND test.invalid). ' +
      'Without network access, set LAIONET_DATA_MIRROR=<dir> to a local copy of the data (e.g. ../shared/data)')
    expect(calls).to.be.at.most(2)
  })

  it('uses an injected fetch and bounds concurrency', async () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m/${i}.bin`, payload(100 + i, i)]))
    const manifest = manifestFor(files, 'http://test.invalid')
    let active = 0
    let peak = 0
    const fakeFetch = async (url: string) => {
      active++
      peak = Math.max(peak, active)
      await new Promise((r) => setTimeout(r, 5))
      active--
      return new Response(files[url.replace('http://test.invalid/', '')])
    }
    mkdirSync(join(cache, 'm'), { recursive: true })
    const reports = await fetchData('all', { cache, mirror: null, manifest, fetch: fakeFetch, concurrency: 3 })
    expect(reports.every((r) => r.status === 'fetched')).to.equal(true)
    expect(peak).to.equal(3)
  })
})
