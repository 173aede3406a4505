// The worker thread behind renderPngSync (render-sync.ts): it keeps one headless Chromium open for the whole
// process and answers each request on the port it was given, then wakes the waiting thread through the shared
// signal. Every outcome, a failure included, is answered, so the waiting thread never waits for nothing.
import { workerData, parentPort, type MessagePort } from 'node:worker_threads'
import { loadSharp } from '../util/lazy.js'
import { openFigureRenderer, type FigureRenderer } from './render.js'
import type { PngRequest, PngReply } from './render-sync.js'

const { signal, port } = workerData as { signal: Int32Array, port: MessagePort }
/** Started by the first request; a start that failed (no Chromium) stays failed, so later calls fail fast. */
let renderer: Promise<FigureRenderer> | undefined

async function answer(request: PngRequest | { close: true }): Promise<PngReply> {
  if ('close' in request) {
    // Chromium is a child of the process, not of this thread: close it before the thread ends.
    const open = renderer
    renderer = undefined
    if (open) await (await open).close()
    return { error: 'closed' }
  }
  renderer ??= openFigureRenderer({ scale: request.scale })
  const png = await (await renderer).png(request.figure, { width: request.width, height: request.height, scale: request.scale })
  // A chart has few colours: a palette PNG is about a third of the size, which keeps executed notebooks small.
  const sharp = await loadSharp()
  return { png: await sharp(png).png({ palette: true, colours: 128, compressionLevel: 9, effort: 7 }).toBuffer() }
}

parentPort!.on('message', async (request: PngRequest | { close: true }) => {
  const reply = await answer(request).catch((err: Error): PngReply => ({ error: err.message }))
  port.postMessage(reply)
  Atomics.store(signal, 0, 1)
  Atomics.notify(signal, 0)
})
