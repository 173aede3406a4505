/**
 * onnxruntime sessions of the generated intra-class graphs, created once per graph key and reused: creating one
 * costs a few milliseconds (graph optimisation), about what a small class's statistics cost in JavaScript.
 * onnxruntime-node is imported lazily, so loading src/metrics never loads the native addon.
 */

type Ort = typeof import('onnxruntime-node')
type Session = import('onnxruntime-node').InferenceSession

let ort: Promise<Ort> | undefined
const sessions = new Map<string, Promise<Session>>()

/** The onnxruntime-node module (imported on first use). */
export function loadOrt(): Promise<Ort> {
  return (ort ??= import('onnxruntime-node'))
}

/** A cached session of the graph `build()` returns, keyed by `key` and the thread count; a failed creation is retried next time. */
export function cachedSession(key: string, build: () => Uint8Array, threads: number | undefined): Promise<Session> {
  const k = `${key}|${threads ?? ''}`
  let s = sessions.get(k)
  if (!s) {
    s = loadOrt().then((o) => o.InferenceSession.create(build(), threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}))
    s.catch(() => sessions.delete(k))
    sessions.set(k, s)
  }
  return s
}
