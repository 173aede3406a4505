import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize, sep } from 'node:path'

// A model hub on 127.0.0.1 that answers like huggingface.co for the files transformers.js asks for:
// GET /<owner>/<name>/resolve/<revision>/<file> serves <folder>/<file>; anything else is a 404. The rehearsal and the
// hub test serve the tiny fixture models under their real names with it, so the path a researcher with a network takes
// (models.allowRemoteModels: true, models.remoteHost) runs without one.

/** A running local hub. */
export interface HubServer {
  /** `http://127.0.0.1:<port>/`, the value of `models.remoteHost`. */
  url: string
  /** Every request, as `<status> <path>`, in order (a second run that downloads nothing adds none). */
  requests: string[]
  /** Stops it. */
  close(): Promise<void>
}

const ROUTE = /^\/([\w.-]+\/[\w.-]+)\/resolve\/([\w.-]+)\/(.+)$/

/**
 * Starts a local model hub serving `models` (hub id -> local folder in the transformers.js layout) on 127.0.0.1.
 * @param models e.g. { 'Xenova/clip-vit-base-patch32': '../shared/fixtures/models/tiny-random-clip' }
 * @example const hub = await startHubServer({ 'Xenova/clip-vit-base-patch32': tinyClip }); config.models.remoteHost = hub.url
 */
export async function startHubServer(models: Readonly<Record<string, string>>): Promise<HubServer> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0])
    const answer = (status: number, text: string) => {
      requests.push(`${status} ${path}`)
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text)
    }
    const m = ROUTE.exec(path)
    const folder = m ? models[m[1]] : undefined
    if (!m || folder === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return answer(404, 'Entry not found')
    const file = normalize(join(folder, m[3]))
    if (!file.startsWith(normalize(folder) + sep)) return answer(404, 'Entry not found')
    stat(file).then((info) => {
      if (!info.isFile()) return answer(404, 'Entry not found')
      requests.push(`200 ${path}`)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': info.size })
      if (req.method === 'HEAD') return res.end()
      createReadStream(file).pipe(res)
    }, () => answer(404, 'Entry not found'))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
