import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { PlotlyFigure } from './types.js'

// showFigure is synchronous (a notebook cell calls it without await, often in a loop), but Chromium is driven
// through promises. A worker thread owns the browser; this thread posts a request and blocks on a shared signal
// until the worker has answered: one Chromium per kernel, a few hundred ms per figure after the first.

/** One request to the worker: a spec and its PNG size. */
export interface PngRequest {
  figure: PlotlyFigure
  width: number
  height: number
  scale: number
}

/** The worker's answer: PNG bytes, or why there are none. */
export type PngReply = { png: Uint8Array, error?: undefined } | { png?: undefined, error: string }

interface Bridge {
  worker: Worker
  port: MessagePort
  signal: Int32Array
}

/** Per process: the worker once started, or the reason it cannot render (then every later call fails fast). */
const state: { bridge?: Bridge, broken?: string } = {}

function start(): Bridge {
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const options = { workerData: { signal, port: port2 }, transferList: [port2] }
  // In the build this module is .js beside its worker. Under tsx (tests, scripts) it is the .ts source, and a worker
  // does not inherit tsx's loader: the worker registers it first, then imports the .ts worker.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./render-worker.ts', import.meta.url).href)}) })`, { ...options, eval: true })
    : new Worker(new URL('./render-worker.js', import.meta.url), options)
  // Neither the worker nor its port may keep a finished process (a test run, a script) alive.
  worker.unref()
  port1.unref()
  // A process that ends normally closes Chromium first, so its temporary profile folder is removed too.
  process.once('exit', stopPngRenderer)
  return { worker, port: port1, signal }
}

/**
 * Returns `figure` as PNG bytes, rendered synchronously in a headless Chromium that a worker thread keeps open
 * for the rest of the process.
 * @param figure a plotly spec.
 * @param size `width` x `height` CSS px at pixel ratio `scale`; `timeoutMs` bounds the wait (the first call starts Chromium).
 * @throws when Chromium cannot start or draw the figure; after a start failure every call throws the same reason at once.
 * @example writeFileSync('fig.png', renderPngSync(spec, { width: 900, height: 450, scale: 1 }))
 */
export function renderPngSync(figure: PlotlyFigure, { width, height, scale, timeoutMs = 90_000 }: { width: number, height: number, scale: number, timeoutMs?: number }): Buffer {
  if (state.broken) throw new Error(state.broken)
  const bridge = state.bridge ??= start()
  Atomics.store(bridge.signal, 0, 0)
  bridge.worker.postMessage({ figure, width, height, scale } satisfies PngRequest)
  if (Atomics.wait(bridge.signal, 0, 0, timeoutMs) === 'timed-out') {
    stopPngRenderer()
    state.broken = `plots: the PNG render did not answer within ${timeoutMs / 1000} s (is Chromium working? try \`/usr/bin/chromium --headless --version\`)`
    throw new Error(state.broken)
  }
  const reply = receiveMessageOnPort(bridge.port)?.message as PngReply | undefined
  if (reply == null) throw new Error('plots: the PNG render woke without an answer')
  if (reply.error != null) {
    if (/Chromium not found|could not start Chromium|could not load plotly/.test(reply.error)) state.broken = reply.error
    throw new Error(reply.error)
  }
  return Buffer.from(reply.png)
}

/** Ends the render worker and closes its Chromium (waiting up to 10 s for it), if one runs; the next render starts anew. */
export function stopPngRenderer(): void {
  const bridge = state.bridge
  state.bridge = undefined
  state.broken = undefined
  if (bridge == null) return
  process.off('exit', stopPngRenderer)
  Atomics.store(bridge.signal, 0, 0)
  bridge.worker.postMessage({ close: true })
  Atomics.wait(bridge.signal, 0, 0, 10_000)
  bridge.port.close()
  void bridge.worker.terminate()
}
