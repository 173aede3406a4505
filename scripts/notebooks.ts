// Executes the notebooks headless with Debian's Jupyter and the project-local tslab kernel.
// Used by the main job (scripts/reproduce.ts) and by the test suite (test/notebooks.test.ts).
//
//   node --import tsx scripts/notebooks.ts [notebooks/NN_name.ipynb ...]   (default: all, in order)
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const PYTHON = '/usr/bin/python3'

/** How one notebook run ended. */
export interface NotebookRun {
  /** File name without extension, e.g. `04_accuracy`. */
  name: string
  /** The notebook that was executed. */
  source: string
  /** The executed copy (written even when a cell failed). */
  executed: string
  status: 'ok' | 'failed'
  seconds: number
  /** On failure: the failing cell's index (0-based), its source and the error text. */
  failure?: { cell: number; source: string; error: string }
}

/** Returns notebooks/*.ipynb in run order (their NN_ prefix). */
export function listNotebooks(dir = join(root, 'notebooks')): string[] {
  return readdirSync(dir).filter((f) => /^\d\d_.*\.ipynb$/.test(f)).sort().map((f) => join(dir, f))
}

/** Path variables a user may give relative to where they typed the command (the project root). */
const PATH_VARIABLES = ['LAIONET_DATA_MIRROR', 'LAIONET_CACHE', 'LAIONET_CONFIG', 'LAIONET_FIXTURES', 'LAIONET_MODELS', 'LAIONET_CLIP_MODEL_DIR']

/**
 * The environment every kernel gets: the project-local kernel registry, the output folder, and the path
 * variables made absolute, because a kernel runs in notebooks/ and would read `../shared/data` from there.
 */
export function kernelEnv(outDir: string, extra: NodeJS.ProcessEnv = {}, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const absolute = Object.fromEntries(PATH_VARIABLES.filter((name) => env[name]).map((name) => [name, resolve(env[name]!)]))
  return {
    ...env,
    ...absolute,
    JUPYTER_PATH: [join(root, '.jupyter', 'share', 'jupyter'), env.JUPYTER_PATH].filter(Boolean).join(':'),
    LAIONET_OUT: outDir,
    // Jupyter must not write runtime files into a read-only or shared home.
    JUPYTER_RUNTIME_DIR: join(outDir, '.jupyter-runtime'),
    ...extra,
  }
}

/**
 * Executes one notebook into `<outDir>/notebooks/` and resolves to how it ended (it never rejects for
 * a failing cell: the caller decides; it rejects only when Jupyter itself cannot start).
 */
export async function runNotebook(source: string, { outDir = join(root, 'out'), env = {} as NodeJS.ProcessEnv, timeoutSeconds = 1200 } = {}): Promise<NotebookRun> {
  if (!existsSync(join(root, '.jupyter', 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error('notebooks: the tslab kernel is not registered; run `node scripts/preflight.mjs` (npm test and npm run reproduce do it)')
  }
  const name = basename(source, '.ipynb')
  const executed = join(outDir, 'notebooks', `${name}.ipynb`)
  const started = Date.now()
  const stderr = await new Promise<{ code: number | null; text: string }>((done, reject) => {
    const child = spawn(PYTHON, [join(root, 'scripts', 'execute_notebook.py'), source, executed, String(timeoutSeconds)], {
      cwd: dirname(source), env: kernelEnv(outDir, env), stdio: ['ignore', 'ignore', 'pipe'],
    })
    let text = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
    child.on('error', (err) => reject(new Error(`notebooks: cannot start ${PYTHON} (install Debian's python3-nbclient)`, { cause: err })))
    child.on('close', (code) => done({ code, text }))
  })
  const seconds = (Date.now() - started) / 1000
  if (stderr.code === 0) return { name, source, executed, status: 'ok', seconds }
  const jsonLine = stderr.text.trim().split('\n').reverse().find((l) => l.startsWith('{"cell"'))
  const failure = jsonLine
    ? (JSON.parse(jsonLine) as NotebookRun['failure'])
    : { cell: -1, source: '', error: stderr.text.trim().slice(-4000) || `exit status ${stderr.code}` }
  return { name, source, executed, status: 'failed', seconds, failure }
}

/**
 * Notebooks that share nothing with the others while they run: they call no experiment (so no LAIONet build folder
 * or classifier run that another notebook writes), write only their own results file and figures, and the caches
 * they do share (CLIP embeddings) are written atomically. They may run beside the others; the rest run in order.
 */
export const SELF_CONTAINED = new Set(['03_models', '06_causal_story', '07_authors_methods'])

/**
 * Runs notebooks on `lanes` lanes (2 on a 2-core machine halves the main job: a kernel is one JavaScript thread).
 * The notebooks not in `selfContained` run one after another in the order given, on one lane; every free lane
 * takes the next self-contained notebook, so the chain never waits for them. Resolves to the runs in the order given.
 * @param files notebooks in run order
 * @param run runs one notebook (its index in `files` too)
 */
export async function runInLanes<T>(files: readonly string[], run: (file: string, index: number) => Promise<T>, { lanes = 1, selfContained = SELF_CONTAINED } = {}): Promise<T[]> {
  if (!(Number.isInteger(lanes) && lanes >= 1)) throw new Error(`notebooks: lanes must be a positive integer, got ${lanes}`)
  const results = new Array<T>(files.length)
  const indices = files.map((_, i) => i)
  const isFree = (i: number) => lanes > 1 && selfContained.has(basename(files[i], '.ipynb'))
  const chain = indices.filter((i) => !isFree(i))
  const free = indices.filter(isFree)
  const take = async (queue: number[]) => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) results[i] = await run(files[i], i)
  }
  // Lane 0 runs the chain, then helps with what is left of the free queue; the other lanes only take free notebooks.
  await Promise.all([take(chain).then(() => take(free)), ...Array.from({ length: lanes - 1 }, () => take(free))])
  return results
}

/** Formats a failed run for a terminal: the notebook, the cell and its error. */
export function describeFailure(run: NotebookRun): string {
  const f = run.failure
  if (!f) return `${run.name}: ok`
  const source = f.source.split('\n').slice(0, 12).map((l) => `    | ${l}`).join('\n')
  return `notebook ${basename(run.source)} failed at cell ${f.cell}:\n${source}\n  error:\n${f.error.split('\n').slice(0, 30).map((l) => `    ${l}`).join('\n')}\n  executed copy: ${run.executed}`
}

async function cli(): Promise<void> {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'))
  const outDir = resolve(process.env.LAIONET_OUT ?? join(root, 'out'))
  let failed = 0
  for (const file of files.length ? files.map((f) => resolve(f)) : listNotebooks()) {
    const run = await runNotebook(file, { outDir })
    process.stderr.write(run.status === 'ok' ? `ok      ${run.name} (${run.seconds.toFixed(1)} s)\n` : `${describeFailure(run)}\n`)
    if (run.status === 'failed') failed++
  }
  process.exitCode = failed ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli()
