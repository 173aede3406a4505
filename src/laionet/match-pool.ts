import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { RowGroupMatcher, type RowGroupResult, type RowGroupTask } from './match-row-group.js'
import type { CompiledLemmaMap } from './match-cache.js'
import type { LemmaMap } from './types.js'

/** Runs row-group tasks, on worker threads or (with no workers) in this thread. */
interface MatchPool {
  /** Matches one row group. */
  run(task: RowGroupTask): Promise<RowGroupResult>
  /** Frees per-file state once the file is done. */
  release(file: string): void
  /** Stops the workers. */
  close(): Promise<void>
}

/**
 * Starts a match worker. From the build it runs `match-worker.js` beside this module. From the sources
 * under tsx (tests), Node 20 refuses a `.ts` worker entry even with tsx's loader in `execArgv`, so a
 * one-line bootstrap registers tsx in the worker and then imports `match-worker.ts`.
 */
function startMatchWorker(workerData: unknown): Worker {
  // --input-type (from a parent run with -e) is refused by a file-based worker; other flags carry over.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'))
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./match-worker.js', import.meta.url), { workerData, execArgv })
  const script = new URL('./match-worker.ts', import.meta.url).href
  // require.resolve finds the package from here; its ESM twin sits beside the CommonJS entry.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

/**
 * Opens a pool of `workers` matching threads in all: this thread and `workers - 1` worker threads (0 or 1: this
 * thread only), sharing one compilation of `map`. Each worker thread holds up to two tasks, so it never waits while
 * this thread matches a row group of its own.
 * @param map the lemma map (or its loading), compiled once here and shared with the threads; or the map with its
 *   automaton already compiled (read from the cache)
 * @param workers number of matching threads (0 = this one)
 */
export function openMatchPool(map: LemmaMap | CompiledLemmaMap | Promise<LemmaMap | CompiledLemmaMap>, workers: number): MatchPool {
  // The threads start loading their modules while this thread loads and compiles the map; each then gets the
  // tables. Tasks wait for that (a failed load is the caller's to report: it awaits the map too).
  const threads = Array.from({ length: Math.max(0, workers - 1) }, () => startMatchWorker({}))
  const local = Promise.resolve(map).then((given) => {
    const m = 'tables' in given ? given.map : given
    const matcher = new RowGroupMatcher(m, 'tables' in given ? given.tables : undefined)
    const init = { map: m, tables: matcher.tables() }
    for (const w of threads) w.postMessage({ id: -1, init })
    return matcher
  })
  local.catch(() => {})
  if (threads.length === 0) {
    return { run: (task) => local.then((l) => l.run(task)), release: (file) => { void local.then((l) => l.release(file)) }, close: async () => {} }
  }
  const inFlight = new Map<Worker, number>(threads.map((w) => [w, 0]))
  let localBusy = false
  const queue: { id: number, task: RowGroupTask }[] = []
  const pending = new Map<number, { resolve: (r: RowGroupResult) => void, reject: (e: Error) => void }>()
  let nextId = 0
  let failure: Error | null = null

  const settle = (id: number, error: Error | null, result?: RowGroupResult) => {
    const p = pending.get(id)
    pending.delete(id)
    if (error) p?.reject(error)
    else p?.resolve(result as RowGroupResult)
  }
  // Idle threads first, then this one, then a second task for each thread.
  const pump = () => {
    while (queue.length > 0) {
      const free = threads.find((w) => inFlight.get(w) === 0) ?? (localBusy ? threads.find((w) => inFlight.get(w)! < 2) : undefined)
      if (free) {
        const job = queue.shift()!
        inFlight.set(free, inFlight.get(free)! + 1)
        // The footer stays here: a thread reads it once per file (cloning it with every task would cost more).
        free.postMessage({ id: job.id, task: { ...job.task, plan: undefined } })
      } else if (!localBusy) {
        const job = queue.shift()!
        localBusy = true
        void local.then((l) => l.run(job.task)).then((r) => settle(job.id, null, r), (e: Error) => settle(job.id, e)).finally(() => {
          localBusy = false
          pump()
        })
      } else {
        return
      }
    }
  }
  for (const w of threads) {
    w.on('message', (m: { id: number, result?: RowGroupResult, error?: string }) => {
      inFlight.set(w, inFlight.get(w)! - 1)
      settle(m.id, m.error === undefined ? null : new Error(m.error), m.result)
      pump()
    })
    w.on('error', (err) => {
      // A crashed worker fails its own task and every later one: the results would be incomplete.
      failure = new Error(`match: a worker thread failed: ${err.message}`, { cause: err })
      for (const p of pending.values()) p.reject(failure)
      pending.clear()
    })
  }
  return {
    run(task) {
      if (failure) return Promise.reject(failure)
      const id = nextId++
      const promise = new Promise<RowGroupResult>((resolve, reject) => pending.set(id, { resolve, reject }))
      local.then(() => {
        queue.push({ id, task })
        pump()
      }, (err: Error) => settle(id, err))
      return promise
    },
    release(file) {
      void local.then((l) => {
        l.release(file)
        for (const w of threads) w.postMessage({ id: -1, release: file })
      })
    },
    async close() {
      await Promise.all(threads.map((w) => w.terminate()))
    },
  }
}
