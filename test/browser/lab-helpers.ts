import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { root } from '../helpers/shared.js'

/** Returns a port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => done(port))
    })
  })
}

/** The cells of notebooks/<name>.ipynb as the tracked file holds them: type and source text. */
export function notebookSource(name: string): { type: string, source: string }[] {
  const nb = JSON.parse(readFileSync(join(root, 'notebooks', `${name}.ipynb`), 'utf8')) as { cells: { cell_type: string, source: string | string[] }[] }
  return nb.cells.map((c) => ({ type: c.cell_type, source: Array.isArray(c.source) ? c.source.join('') : c.source }))
}
