// Starts JupyterLab (installed by scripts/preflight.mjs into .jupyter/lab) on 127.0.0.1 with the project's
// tslab kernel as the default for notebooks/, and prints the URL with its token. `npm run lab` runs the
// preflight first; the browser test (test/browser/lab.test.ts) starts and stops it through startLab.
//
//   node --import tsx scripts/lab.ts [--port 8888] [--no-browser] [--ServerApp.x=y ...]
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { kernelEnv, root } from './notebooks.js'

/** The project-local Python environment that holds JupyterLab. */
export const LAB_ENV = join(root, '.jupyter', 'lab')

/**
 * JupyterLab settings for this project's server: no news or update checks (they would reach the network),
 * every cell kept in the page (the browser test reads all outputs), the tslab kernel preferred.
 */
export const LAB_SETTINGS = {
  '@jupyterlab/apputils-extension:notification': { fetchNews: 'false', checkForUpdates: false },
  '@jupyterlab/notebook-extension:tracker': { windowingMode: 'none' },
} as const

/** Options of {@link startLab}. */
export interface LabOptions {
  /** Port on 127.0.0.1; taken or not, it is never changed silently. Default: 8888. */
  port?: number
  /** Let Jupyter open the lab in the default browser. Default: false. */
  openBrowser?: boolean
  /** The access token. Default: env JUPYTER_TOKEN, else 24 random bytes (hex). */
  token?: string
  /** Where notebooks write results and figure specs (LAIONET_OUT). Default: env LAIONET_OUT, else out/. */
  outDir?: string
  /** More `jupyter lab` arguments, passed through. Default: none. */
  extraArgs?: string[]
  /** Extra environment for the server and its kernels. Default: none. */
  env?: NodeJS.ProcessEnv
  /** How long to wait for the server to answer. Default: 60000 ms. */
  timeoutMs?: number
  /** Copy the server's log to this process's stderr. Default: false (it is kept for error messages). */
  echoLog?: boolean
  /**
   * A folder of this server's own JupyterLab state (user settings, workspaces), e.g. a test's temporary folder.
   * Default: none (the project's .jupyter/config/lab, kept between runs).
   */
  stateDir?: string
  /** User settings by plugin id, written into `stateDir` (e.g. autosave off). Default: none. */
  settings?: Record<string, Record<string, unknown>>
}

/** A running server. */
export interface LabServer {
  port: number
  token: string
  /** `http://127.0.0.1:<port>` */
  baseUrl: string
  /** The lab's address with its token: open it in a browser. */
  url: string
  process: ChildProcess
  /** The server's log so far. */
  log(): string
  /** Shuts down every kernel and the server (through its API, then by signal); idempotent. */
  stop(): Promise<void>
}

/** Returns `jupyter lab`'s arguments for this project: local address only, notebooks/ as root, tslab default. */
export function labArgs(port: number, { openBrowser = false, extraArgs = [] as string[] } = {}): string[] {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`lab: --port must be an integer in 1..65535, got ${port}`)
  return [
    '-m', 'jupyterlab',
    `--ServerApp.ip=127.0.0.1`, `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
    `--ServerApp.root_dir=${join(root, 'notebooks')}`,
    '--MultiKernelManager.default_kernel_name=tslab', '--KernelSpecManager.allowed_kernelspecs=tslab', '--KernelSpecManager.allowed_kernelspecs=jslab',
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', '--LabApp.extension_manager=readonly',
    // custom/custom.css of the project's Jupyter configuration (writeSettings): figures' PNGs scaled to the cell.
    '--LabApp.custom_css=True',
    `--config=${join(root, 'scripts', 'lab.config.py')}`,
    ...(openBrowser ? [] : ['--no-browser']),
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ...extraArgs,
  ]
}

/**
 * Lab extensions this project turns off: the debugger, whose icon would promise what the TypeScript kernel does not
 * have (tslab implements no debug protocol; the page would log "No active debugger session").
 */
export const DISABLED_EXTENSIONS = ['@jupyterlab/debugger-extension'] as const

/**
 * Writes the project's JupyterLab settings where the lab reads its overrides (inside .jupyter/lab), and its page
 * configuration (the disabled extensions) into the project's Jupyter configuration folder, as
 * `jupyter labextension disable` would.
 */
function writeSettings(): void {
  const dir = join(LAB_ENV, 'share', 'jupyter', 'lab', 'settings')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'overrides.json'), JSON.stringify(LAB_SETTINGS, null, 2) + '\n')
  const labconfig = join(root, '.jupyter', 'config', 'labconfig')
  mkdirSync(labconfig, { recursive: true })
  writeFileSync(join(labconfig, 'page_config.json'), JSON.stringify({ disabledExtensions: Object.fromEntries(DISABLED_EXTENSIONS.map((e) => [e, true])) }, null, 2) + '\n')
  // The plotly renderer shows a figure's PNG (900 px wide, for GitHub) until the pointer enters it: scale it to the cell.
  const custom = join(root, '.jupyter', 'config', 'custom')
  mkdirSync(custom, { recursive: true })
  writeFileSync(join(custom, 'custom.css'), '.jp-RenderedPlotly > img.plot-img { max-width: 100%; height: auto; }\n')
}

/** Writes `settings` as JupyterLab user settings under `<dir>/user-settings` and returns the lab arguments that use `dir`. */
function stateArgs(dir: string, settings: Record<string, Record<string, unknown>>): string[] {
  for (const [plugin, values] of Object.entries(settings)) {
    const [pkg, name] = plugin.split(':')
    if (!pkg || !name) throw new Error(`lab: a settings key must be a plugin id such as "@jupyterlab/docmanager-extension:plugin", got ${JSON.stringify(plugin)}`)
    const file = join(dir, 'user-settings', pkg, `${name}.jupyterlab-settings`)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(values, null, 2) + '\n')
  }
  return [`--LabApp.user_settings_dir=${join(dir, 'user-settings')}`, `--LabApp.workspaces_dir=${join(dir, 'workspaces')}`]
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** Kernels this server started: their command line names a connection file in the server's runtime folder. */
function kernelPids(runtimeDir: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmd.includes(`${runtimeDir}/kernel-`)) pids.push(Number(entry))
    } catch { /* the process ended meanwhile */ }
  }
  return pids
}

/**
 * Starts JupyterLab from .jupyter/lab and resolves once its API answers.
 * @throws when the lab is not installed (run the preflight), the port is taken, or the server does not answer.
 * @example const lab = await startLab({ port: 8899 }); console.log(lab.url); await lab.stop()
 */
export async function startLab({
  port = 8888, openBrowser = false, token = process.env.JUPYTER_TOKEN || randomBytes(24).toString('hex'),
  outDir = resolve(process.env.LAIONET_OUT ?? join(root, 'out')), extraArgs = [], env = {}, timeoutMs = 60_000, echoLog = false, stateDir, settings = {},
}: LabOptions = {}): Promise<LabServer> {
  const python = join(LAB_ENV, 'bin', 'python')
  if (!existsSync(join(LAB_ENV, 'bin', 'jupyter-lab'))) {
    throw new Error(`lab: JupyterLab is not installed in ${LAB_ENV}. Run \`node scripts/preflight.mjs --for lab\` (npm run lab does it)`)
  }
  writeSettings()
  const serverEnv = kernelEnv(outDir, {
    JUPYTER_TOKEN: token,
    // The project's own Jupyter configuration and workspaces, never the user's ~/.jupyter.
    JUPYTER_CONFIG_DIR: join(root, '.jupyter', 'config'),
    JUPYTER_PLATFORM_DIRS: '1',
    ...env,
  })
  const runtimeDir = serverEnv.JUPYTER_RUNTIME_DIR!
  mkdirSync(runtimeDir, { recursive: true })
  if (Object.keys(settings).length && stateDir == null) throw new Error('lab: settings need a stateDir to be written to')
  const args = labArgs(port, { openBrowser, extraArgs: [...(stateDir == null ? [] : stateArgs(stateDir, settings)), ...extraArgs] })
  const child = spawn(python, args, { cwd: join(root, 'notebooks'), env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-200_000)
    if (echoLog) process.stderr.write(chunk)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let exited: number | null | undefined
  const exit = new Promise<void>((done) => child.on('exit', (code) => { exited = code; done() }))
  child.on('error', (err) => { text += `\n${err.message}`; exited = -1 })

  const baseUrl = `http://127.0.0.1:${port}`
  const api = (path: string, init: RequestInit = {}) => fetch(`${baseUrl}${path}`, { ...init, headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(5000) })
  let stopped: Promise<void> | undefined
  const stop = () => stopped ??= (async () => {
    if (exited === undefined) {
      await api('/api/shutdown', { method: 'POST' }).catch(() => undefined)
      await Promise.race([exit, sleep(10_000)])
    }
    if (exited === undefined) {
      child.kill('SIGTERM')
      await Promise.race([exit, sleep(5000)])
    }
    if (exited === undefined) child.kill('SIGKILL')
    // Kernels run in sessions of their own: end any that the shutdown left behind, by pid.
    for (const pid of kernelPids(runtimeDir)) {
      try { process.kill(pid, 'SIGKILL') } catch { /* already gone */ }
    }
  })()

  const started = Date.now()
  for (;;) {
    if (exited !== undefined) {
      const taken = /already in use|Address already in use/i.test(text)
      throw new Error(`lab: JupyterLab stopped before it answered${taken ? ` (port ${port} is taken: choose another with --port)` : ''}. Its log:\n${text.trim().split('\n').slice(-15).join('\n')}`)
    }
    const ok = await api('/api/status').then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() - started > timeoutMs) {
      await stop()
      throw new Error(`lab: JupyterLab did not answer on ${baseUrl} within ${timeoutMs / 1000} s. Its log:\n${text.trim().split('\n').slice(-15).join('\n')}`)
    }
    await sleep(250)
  }
  return { port, token, baseUrl, url: `${baseUrl}/lab?token=${token}`, process: child, log: () => text, stop }
}

const USAGE = `npm run lab -- [--port N] [--no-browser] [jupyter lab options]

Starts JupyterLab on 127.0.0.1 (default port 8888) with the TypeScript (tslab) kernel for notebooks/ and
prints the address with its token. Results and figure specs go to LAIONET_OUT (default out/). Ctrl-C stops it.`

/** Parses the command line: `--port N` / `--port=N`, `--no-browser`, `--help`; anything else goes to jupyter. */
export function parseLabArgs(argv: string[]): { port: number, openBrowser: boolean, extraArgs: string[], help: boolean } {
  let port = 8888
  let openBrowser = true
  let help = false
  const extraArgs: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--help' || a === '-h') help = true
    else if (a === '--no-browser') openBrowser = false
    else if (a === '--port' || a.startsWith('--port=')) {
      const value = a === '--port' ? argv[++i] : a.slice('--port='.length)
      port = Number(value)
      if (value === undefined || !/^\d+$/.test(value) || port < 1 || port > 65535) throw new Error(`lab: --port needs a port number in 1..65535, got ${JSON.stringify(value ?? '')}`)
    } else extraArgs.push(a)
  }
  return { port, openBrowser, extraArgs, help }
}

async function cli(): Promise<void> {
  let args: ReturnType<typeof parseLabArgs>
  try {
    args = parseLabArgs(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`)
    process.exit(2)
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const lab = await startLab({ port: args.port, openBrowser: args.openBrowser, extraArgs: args.extraArgs }).catch((err: Error) => {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  })
  process.stdout.write(`JupyterLab is running with the TypeScript (tslab) kernel for notebooks/:\n\n    ${lab.url}\n\n` +
    `Open a notebook, change a dial, run the cells (Run > Run All Cells). Ctrl-C stops the server and its kernels.\n`)
  lab.process.stderr!.on('data', (chunk: Buffer) => { if (/\[(E|C) /.test(chunk.toString())) process.stderr.write(chunk) })
  const quit = () => { void lab.stop().then(() => process.exit(0)) }
  process.on('SIGINT', quit)
  process.on('SIGTERM', quit)
  lab.process.on('exit', (code) => { process.exitCode = code ?? 1 })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli()
