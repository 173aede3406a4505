import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the test server answers one path. */
export interface Route {
  bytes: Buffer
  /** 'drop': the first response sends half the body, then kills the connection. 'norange': Range is ignored. */
  mode?: 'ok' | 'drop' | 'norange'
}

/** A local HTTP server on 127.0.0.1 with byte-range support and a log of requests. */
export interface TestServer {
  base: string
  requests: Array<{ path: string, range: string | undefined }>
  close(): Promise<void>
}

export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const dropped = new Set<string>()
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').slice(1))
    const range = req.headers.range
    requests.push({ path, range })
    const route = routes[path]
    if (!route) {
      res.writeHead(404, 'Not Found').end('not found')
      return
    }
    const { bytes, mode = 'ok' } = route
    if (mode === 'drop' && !dropped.has(path)) {
      dropped.add(path)
      res.writeHead(200, { 'content-length': bytes.length })
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20))
      return
    }
    const m = mode !== 'norange' && range ? /^bytes=(\d+)-$/.exec(range) : null
    if (m) {
      const start = Number(m[1])
      if (start >= bytes.length) {
        res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end()
        return
      }
      res.writeHead(206, { 'content-length': bytes.length - start, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` })
      res.end(bytes.subarray(start))
      return
    }
    res.writeHead(200, { 'content-length': bytes.length }).end(bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
