import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { RowGroupMatcher, type RowGroupResult, type RowGroupTask } from './match-row-group.js'
import type { LemmaMap } from './types.js'

/** Runs row-group tasks, on worker threads or (with no workers) in this thread. */
export interface MatchPool {
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
 * Opens a pool of `workers` threads, each compiling `map` once; 0 runs tasks in the calling thread.
 * @param map the lemma map every worker compiles
 * @param workers number of threads (0 = none)
 */
export function openMatchPool(map: LemmaMap, workers: number): MatchPool {
  if (workers <= 0) {
    const local = new RowGroupMatcher(map)
    return { run: (task) => local.run(task), release: (file) => local.release(file), close: async () => {} }
  }
  const threads = Array.from({ length: workers }, () => startMatchWorker({ map }))
  const idle = [...threads]
  const queue: { id: number, task: RowGroupTask }[] = []
  const pending = new Map<number, { resolve: (r: RowGroupResult) => void, reject: (e: Error) => void }>()
  let nextId = 0
  let failure: Error | null = null

  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.pop() as Worker
      const job = queue.shift() as { id: number, task: RowGroupTask }
      w.postMessage({ id: job.id, task: job.task })
    }
  }
  for (const w of threads) {
    w.on('message', (m: { id: number, result?: RowGroupResult, error?: string }) => {
      idle.push(w)
      const p = pending.get(m.id)
      pending.delete(m.id)
      if (m.error !== undefined) p?.reject(new Error(m.error))
      else p?.resolve(m.result as RowGroupResult)
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
      queue.push({ id, task })
      pump()
      return promise
    },
    release(file) {
      for (const w of threads) w.postMessage({ id: -1, release: file })
    },
    async close() {
      await Promise.all(threads.map((w) => w.terminate()))
    },
  }
}
