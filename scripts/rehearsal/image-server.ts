import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'

/** What the server answers on one path. */
export interface Route {
  /** image: 200 with the file; redirect: 302 to `target`; slow: the image after `slowMs`; stall: headers, then
   * nothing for `stallMs` (longer than the download timeout); not-image: 200 text/html; missing: 404. */
  kind: 'image' | 'redirect' | 'slow' | 'stall' | 'not-image' | 'missing'
  /** The JPEG served (image, slow). */
  file?: string
  /** The path redirected to (redirect). */
  target?: string
}

/** A running rehearsal image server. */
export interface ImageServer {
  /** The port it listens on (127.0.0.1 only). */
  port: number
  /** `http://127.0.0.1:<port>`. */
  origin: string
  /** Requests answered, by status (for the summary). */
  counts: Record<string, number>
  /** Stops it (open stalled responses are ended). */
  close(): Promise<void>
}

/**
 * Starts the local image server of the rehearsal on 127.0.0.1: every path of `routes` answers as its kind says,
 * every other path is a 404. `port` 0 takes a free port.
 * @param routes path (without the leading slash) -> route
 * @param options port (default 0), slowMs (default 300), stallMs (default 4000)
 */
export async function startImageServer(routes: ReadonlyMap<string, Route>, { port = 0, slowMs = 300, stallMs = 4000 } = {}): Promise<ImageServer> {
  const counts: Record<string, number> = {}
  const timers = new Set<NodeJS.Timeout>()
  const count = (status: number | string) => { counts[status] = (counts[status] ?? 0) + 1 }
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => { timers.delete(t); fn() }, ms)
    timers.add(t)
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '')
    const route = routes.get(path)
    const sendFile = async (file: string) => {
      try {
        const bytes = await readFile(file)
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length })
        res.end(bytes)
        count(200)
      } catch {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('rehearsal server: cannot read the image')
        count(500)
      }
    }
    if (!route || route.kind === 'missing') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      count(404)
    } else if (route.kind === 'redirect') {
      res.writeHead(302, { location: `/${route.target}` }).end()
      count(302)
    } else if (route.kind === 'not-image') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Moved</title><p>This image has moved.</p>')
      count('200 html')
    } else if (route.kind === 'stall') {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.flushHeaders()
      count('stall')
      later(stallMs, () => res.destroy())
    } else if (route.kind === 'slow') {
      later(slowMs, () => { void sendFile(route.file!) })
    } else void sendFile(route.file!)
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    port: actual,
    origin: `http://127.0.0.1:${actual}`,
    counts,
    close: () => new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** True when a port on 127.0.0.1 can be listened on now. */
export async function portFree(port: number): Promise<boolean> {
  const probe = createServer()
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}
