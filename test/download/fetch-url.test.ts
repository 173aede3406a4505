import { expect } from 'chai'
import { fetchUrl } from '../../src/download/fetch-url.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

// Only 127.0.0.1 is ever contacted; other host names go through an injected resolver.
describe('download/fetchUrl against a local server with faults', () => {
  let server: FaultServer
  const base = { allowLoopback: true, backoffMs: 5, timeoutMs: 2000 }
  before(async () => {
    server = await startFaultServer()
  })
  after(() => server.close())
  beforeEach(() => {
    server.requests.length = 0
  })
  const hits = (path: string) => server.requests.filter((r) => r.path === path).length

  it('returns the body of an image', async () => {
    const r = await fetchUrl(`${server.base}/img/a.png`, base)
    expect(r.status).to.equal('ok')
    expect(r.status === 'ok' && r.body).to.deep.equal(server.png)
    expect(r.attempts).to.equal(1)
  })

  it('does not retry a 404, retries a 503 up to `retries` times, and recovers from 500 then success', async () => {
    expect(await fetchUrl(`${server.base}/status/404`, base)).to.include({ status: 'http_404', attempts: 1 })
    expect(hits('/status/404')).to.equal(1)
    expect(await fetchUrl(`${server.base}/status/503`, { ...base, retries: 2 })).to.include({ status: 'http_503', attempts: 3 })
    expect(hits('/status/503')).to.equal(3)
    expect(await fetchUrl(`${server.base}/status/429`, { ...base, retries: 1 })).to.include({ status: 'http_429', attempts: 2 })
    const flaky = await fetchUrl(`${server.base}/flaky/one`, base)
    expect(flaky).to.include({ status: 'ok', attempts: 2 })
    expect(hits('/flaky/one')).to.equal(2)
  })

  it('times out a slow answer', async () => {
    const r = await fetchUrl(`${server.base}/slow`, { ...base, timeoutMs: 200, retries: 0 })
    expect(r).to.deep.include({ status: 'timeout', detail: 'no complete answer within 200 ms' })
  })

  it('reports a truncated body and enforces maxBytes while streaming and from Content-Length', async () => {
    expect((await fetchUrl(`${server.base}/truncated`, base)).status).to.equal('truncated')
    expect(await fetchUrl(`${server.base}/bytes.jpg`, { ...base, maxBytes: 1_000_000 })).to.deep.include({ status: 'too_large', detail: 'body exceeds maxBytes 1000000' })
    expect(await fetchUrl(`${server.base}/big.jpg`, { ...base, maxBytes: 1000 })).to.deep.include({ status: 'too_large', detail: `Content-Length ${server.bigJpeg.length} exceeds maxBytes 1000` })
  })

  it('honours X-Robots-Tag noai for everyone and for img2dataset, not for another robot', async () => {
    expect(await fetchUrl(`${server.base}/noai`, base)).to.deep.include({ status: 'noai', detail: 'X-Robots-Tag: noai' })
    expect(await fetchUrl(`${server.base}/noai-i2d`, base)).to.deep.include({ status: 'noai', detail: 'X-Robots-Tag: noimageai' })
    expect((await fetchUrl(`${server.base}/noai-other`, base)).status).to.equal('ok')
  })

  it('follows at most maxRedirects hops', async () => {
    const r = await fetchUrl(`${server.base}/redirect/3`, base)
    expect(r).to.include({ status: 'ok', url: `${server.base}/img/redirected.png` })
    expect(r.status === 'ok' && r.redirects).to.equal(3)
    const far = await fetchUrl(`${server.base}/redirect/3`, { ...base, maxRedirects: 2 })
    expect(far.status).to.equal('too_many_redirects')
  })

  it('checks every redirect hop: a host resolving to a metadata address is refused before any connection', async () => {
    const resolver = async (host: string) => (host === 'cdn.example.test' ? ['127.0.0.1', '169.254.169.254'] : [])
    const target = `http://cdn.example.test:${server.port}/img/x.png`
    const r = await fetchUrl(`${server.base}/redirect-to?u=${encodeURIComponent(target)}`, { ...base, resolver })
    expect(r.status).to.equal('blocked')
    expect(r.status !== 'ok' && r.detail).to.equal('address guard: cdn.example.test resolves to 169.254.169.254 (metadata); refused. Only public addresses are fetched')
    expect(server.requests.map((q) => q.host)).to.deep.equal([`127.0.0.1:${server.port}`])
  })

  it('connects to the checked address, not to a second DNS answer', async () => {
    let calls = 0
    const resolver = async () => (++calls === 1 ? ['127.0.0.1'] : ['10.9.9.9'])
    const r = await fetchUrl(`http://images.example.test:${server.port}/img/y.png`, { ...base, resolver })
    expect(r.status).to.equal('ok')
    expect(calls).to.equal(1)
    expect(server.requests.map((q) => q.host)).to.deep.equal([`images.example.test:${server.port}`])
  })

  it('without allowLoopback refuses 127.0.0.1, ::1 and localhost with zero requests reaching the server', async () => {
    const resolver = async () => ['127.0.0.1']
    for (const url of [`${server.base}/img/a.png`, `http://[::1]:${server.port}/img/a.png`, `http://localhost:${server.port}/img/a.png`, `http://2130706433:${server.port}/img/a.png`]) {
      const r = await fetchUrl(url, { resolver, retries: 0 })
      expect(r.status, url).to.equal('blocked')
    }
    expect(server.requests).to.deep.equal([])
  })

  it('refuses other schemes and malformed URLs', async () => {
    expect(await fetchUrl('ftp://127.0.0.1/a.jpg', base)).to.deep.include({ status: 'bad_url', detail: 'scheme ftp: is not http or https' })
    expect(await fetchUrl('file:///etc/passwd', base)).to.deep.include({ status: 'bad_url' })
    expect(await fetchUrl('not a url', base)).to.deep.include({ status: 'bad_url', detail: 'not a URL: not a url' })
  })

  it('rejects with the abort reason when its signal fires', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop now')), 50)
    const err = await fetchUrl(`${server.base}/slow`, { ...base, signal: controller.signal }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('stop now')
  })
})
