import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'

/** A local HTTP server (127.0.0.1 only) that serves images and misbehaves on purpose, counting every request. */
export interface FaultServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  base: string
  port: number
  /** Requests received, in order (path and Host header). */
  requests: Array<{ path: string, host: string }>
  /** The PNG every /img/* path serves (64x48, a red-green gradient). */
  png: Buffer
  /** The large JPEG served by /big.jpg (1200x900). */
  bigJpeg: Buffer
  close(): Promise<void>
}

/**
 * Routes:
 *  /img/<anything>   a 64x48 PNG            /big.jpg      a 1200x900 JPEG (for resizing)
 *  /slow             answers after 1.5 s     /status/<n>   answers status n
 *  /flaky/<id>       500 on the first request for <id>, then the PNG
 *  /truncated        promises 2x the PNG's length, sends half, closes
 *  /html             an HTML page labelled image/jpeg
 *  /pixels.png       a 3000x3000 PNG (9 Mpx, a few kB)       /bytes.jpg  3 MB of JPEG-looking bytes
 *  /noai             X-Robots-Tag: noai      /noai-other   X-Robots-Tag: otherbot: noai (allowed)
 *  /noai-i2d         X-Robots-Tag: img2dataset: noimageai
 *  /redirect/<n>     n redirects then the PNG          /redirect-to?u=<url>  one redirect to url
 *  /reset            closes the connection before answering (the client sees ECONNRESET)
 *  /once/<kind>/<id> fails once per <id>, then serves the PNG: kind 503 (a 503), reset (as /reset), slow (as /slow)
 */
export async function startFaultServer(): Promise<FaultServer> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c04020' } }).png().toBuffer()
  const bigJpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#2060a0' } }).jpeg().toBuffer()
  const pixels = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#000000' } }).png().toBuffer()
  const requests: FaultServer['requests'] = []
  const flaky = new Set<string>()
  const timers = new Set<NodeJS.Timeout>()
  const send = (res: ServerResponse, body: Buffer, type = 'image/png', headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...headers })
    res.end(body)
  }
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname
    requests.push({ path: req.url ?? '/', host: req.headers.host ?? '' })
    if (path.startsWith('/img/')) return send(res, png)
    if (path === '/big.jpg') return send(res, bigJpeg, 'image/jpeg')
    if (path === '/slow') {
      const t = setTimeout(() => send(res, png), 1500)
      timers.add(t)
      return
    }
    if (path.startsWith('/status/')) {
      res.writeHead(Number(path.slice(8)), { 'content-type': 'text/plain' })
      return res.end('nope')
    }
    if (path.startsWith('/flaky/')) {
      if (!flaky.has(path)) {
        flaky.add(path)
        res.writeHead(500)
        return res.end('try again')
      }
      return send(res, png)
    }
    if (path === '/truncated') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length * 2 })
      res.write(png.subarray(0, png.length >> 1))
      return setTimeout(() => res.socket?.destroy(), 20)
    }
    if (path === '/reset') return req.socket.destroy()
    if (path.startsWith('/once/')) {
      if (flaky.has(path)) return send(res, png)
      flaky.add(path)
      const kind = path.split('/')[2]
      if (kind === 'reset') return req.socket.destroy()
      if (kind === 'slow') {
        const t = setTimeout(() => send(res, png), 1500)
        timers.add(t)
        return
      }
      res.writeHead(503)
      return res.end('busy')
    }
    if (path === '/html') return send(res, Buffer.from('<!doctype html><html><body>not here</body></html>'), 'image/jpeg')
    if (path === '/pixels.png') return send(res, pixels)
    if (path === '/bytes.jpg') {
      const body = Buffer.alloc(3_000_000, 7)
      body[0] = 0xff
      body[1] = 0xd8
      body[2] = 0xff
      // No Content-Length: the limit must hold while streaming.
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      return res.end(body)
    }
    if (path === '/noai') return send(res, png, 'image/png', { 'x-robots-tag': 'noai' })
    if (path === '/noai-other') return send(res, png, 'image/png', { 'x-robots-tag': 'otherbot: noai' })
    if (path === '/noai-i2d') return send(res, png, 'image/png', { 'x-robots-tag': 'img2dataset: noimageai' })
    if (path.startsWith('/redirect/')) {
      const n = Number(path.slice(10))
      res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/img/redirected.png' })
      return res.end()
    }
    if (path === '/redirect-to') {
      res.writeHead(301, { location: url.searchParams.get('u') ?? '/' })
      return res.end()
    }
    res.writeHead(404)
    res.end()
  }
  const server: Server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    requests,
    png,
    bigJpeg,
    close: () => new Promise((resolve) => {
      timers.forEach(clearTimeout)
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
