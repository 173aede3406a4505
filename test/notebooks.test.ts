// Executes every notebook headless with the project's tslab kernel; a failing cell fails its test and
// prints the notebook, the cell and the error. Runs after the unit tests (see package.json "test").
import { expect } from 'chai'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { describeFailure, listNotebooks, runInLanes, runNotebook, type NotebookRun } from '../scripts/notebooks.js'
import { requireMirror } from './helpers/shared.js'

describe('notebooks (executed headless with the tslab kernel)', function () {
  this.timeout(30 * 60 * 1000)
  const outDir = mkdtempSync(join(tmpdir(), 'laionet-notebooks-'))

  before(function () {
    requireMirror(this) // the notebooks need the data files: skipped locally without a mirror, a failure under CI
  })

  // Both cores, as `npm run reproduce` runs them: the self-contained notebooks beside the ordered chain of the others.
  // Each test waits for its own notebook.
  const files = listNotebooks()
  const runs = new Map(files.map((f) => {
    let settle!: { resolve: (r: NotebookRun) => void, reject: (e: unknown) => void }
    const done = new Promise<NotebookRun>((resolve, reject) => { settle = { resolve, reject } })
    done.catch(() => undefined) // reported by the notebook's own test
    return [f, { done, settle }] as const
  }))
  let lanes: Promise<unknown> | null = null
  const start = () => (lanes ??= runInLanes(files, (f) => runNotebook(f, { outDir }).then(
    (r) => { runs.get(f)!.settle.resolve(r); return r },
    (err: unknown) => { runs.get(f)!.settle.reject(err); throw err },
  ), { lanes: 2 }).catch(() => undefined).finally(() => {
    // A notebook its lane never reached fails its test instead of waiting for the timeout (settled ones are unaffected).
    for (const r of runs.values()) r.settle.reject(new Error('not run: an earlier notebook of its lane threw'))
  }))

  for (const file of files) {
    it(`${basename(file)} runs every cell without an error`, async function () {
      void start()
      const run = await runs.get(file)!.done
      if (run.status !== 'ok') expect.fail(describeFailure(run))
      const executed = JSON.parse(readFileSync(run.executed, 'utf8')) as { cells: { cell_type: string; execution_count: number | null; outputs?: { data?: Record<string, unknown> }[] }[] }
      const code = executed.cells.filter((c) => c.cell_type === 'code')
      expect(code.filter((c) => c.execution_count === null), 'cells left unexecuted').to.have.length(0)
      // Figures as the ecosystem draws them: the plotly JSON with a PNG beside it, and no plotly.js in the file.
      const figures = code.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['application/vnd.plotly.v1+json'] != null)
      expect(figures.filter((o) => typeof o.data!['image/png'] !== 'string'), 'plotly outputs without a PNG').to.have.length(0)
      expect(statSync(run.executed).size, `${run.executed} size`).to.be.below(1.5e6)
    })
  }
})
