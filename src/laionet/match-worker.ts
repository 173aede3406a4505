// A worker thread of the match engine: compiles the lemma map once, then matches row groups on request.
import { parentPort, workerData } from 'node:worker_threads'
import { RowGroupMatcher, type RowGroupTask } from './match-row-group.js'
import type { LemmaMap } from './types.js'

const matcher = new RowGroupMatcher((workerData as { map: LemmaMap }).map)

parentPort?.on('message', (message: { id: number, task?: RowGroupTask, release?: string }) => {
  if (message.release) {
    matcher.release(message.release)
    return
  }
  const task = message.task as RowGroupTask
  matcher.run(task).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (err: Error) => parentPort?.postMessage({ id: message.id, error: err.message }),
  )
})
