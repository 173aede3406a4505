// A worker thread of the match engine: receives the lemma map with its compiled automaton once, then matches row
// groups on request (messages are handled in order, so the first, the map, comes before any task).
import { parentPort } from 'node:worker_threads'
import type { AutomatonTables } from './LemmaAutomaton.js'
import { RowGroupMatcher, type RowGroupTask } from './match-row-group.js'
import type { LemmaMap } from './types.js'

let matcher: RowGroupMatcher | null = null

parentPort?.on('message', (message: { id: number, task?: RowGroupTask, release?: string, init?: { map: LemmaMap, tables: AutomatonTables } }) => {
  if (message.init) {
    matcher = new RowGroupMatcher(message.init.map, message.init.tables)
    return
  }
  if (!matcher) {
    parentPort?.postMessage({ id: message.id, error: 'match: a worker got a task before its lemma map' })
    return
  }
  if (message.release) {
    matcher.release(message.release)
    return
  }
  matcher.run(message.task as RowGroupTask).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (err: Error) => parentPort?.postMessage({ id: message.id, error: err.message }),
  )
})
