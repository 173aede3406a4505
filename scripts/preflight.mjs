#!/usr/bin/env node
// Checks, and where it can installs, everything the main job and the tests need, then builds the
// helpers package and registers the tslab kernel in a project-local Jupyter prefix (.jupyter/).
// Uses only Node built-ins: it must run on a clean clone before `npm ci`.
//
// With `--for lab` (and `--for test`, whose browser test needs it) it also installs JupyterLab into a
// project-local Python environment, .jupyter/lab, with pip (scripts/lab.requirements.txt).
//
//   node scripts/preflight.mjs --for test|reproduce|lab [--no-install]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const purpose = args.includes('--for') ? args[args.indexOf('--for') + 1] : 'reproduce'
const mayInstall = !args.includes('--no-install')
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const PYTHON = '/usr/bin/python3'
const PURPOSES = ['test', 'reproduce', 'lab']
if (!PURPOSES.includes(purpose)) {
  process.stderr.write(`preflight: FAILED: --for ${purpose} is not a purpose (expected one of ${PURPOSES.join(', ')})\n`)
  process.exit(2)
}

/** Debian packages, what each is for, the purposes that need them, and how to tell whether they are present. */
const DEBIAN = [
  { pkg: ['jupyter-nbconvert', 'python3-nbclient', 'python3-ipykernel'], why: 'runs the notebooks headless', for: ['test', 'reproduce'],
    present: () => run(PYTHON, ['-c', 'import nbclient, nbformat, jupyter_client'], { quiet: true }).ok },
  { pkg: ['chromium', 'fonts-dejavu-core'], why: 'renders figures to PNG and SVG', for: ['test', 'reproduce'],
    present: () => existsSync(process.env.LAIONET_CHROMIUM ?? '/usr/bin/chromium') },
  { pkg: ['tesseract-ocr', 'tesseract-ocr-eng'], why: 'the text-in-image (OCR) filter', for: ['test', 'reproduce'],
    present: () => run('tesseract', ['--version'], { quiet: true }).ok },
  { pkg: ['python3-venv'], why: "the project-local Python environment of JupyterLab (npm run lab)", for: ['test', 'lab'],
    present: () => run(PYTHON, ['-c', 'import ensurepip, venv'], { quiet: true }).ok },
]

/** JupyterLab's project-local environment, and the requirements it was installed from (the stamp). */
const LAB = join(root, '.jupyter', 'lab')
const LAB_REQUIREMENTS = join(root, 'scripts', 'lab.requirements.txt')
const LAB_STAMP = join(LAB, 'laionet-requirements.txt')

function log(message) {
  process.stderr.write(`preflight: ${message}\n`)
}

function run(cmd, argv, { quiet = false, env = process.env } = {}) {
  const result = spawnSync(cmd, argv, { cwd: root, env, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' })
  return { ok: result.status === 0, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
}

function fail(message) {
  log(`FAILED: ${message}`)
  process.exit(1)
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 20) fail(`Node.js ${process.versions.node} is too old: laionet needs Node.js 20 or newer`)
}

function checkDebian() {
  const missing = DEBIAN.filter((d) => d.for.includes(purpose) && !d.present())
  if (missing.length === 0) return
  const pkgs = missing.flatMap((d) => d.pkg)
  const command = `sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`
  for (const d of missing) log(`missing ${d.pkg.join(', ')} (${d.why})`)
  if (!mayInstall) fail(`install them with: ${command}`)
  if (!isRoot) fail(`not root, so not installing. Run:\n  ${command}\nthen rerun this command.`)
  log(`installing ${pkgs.join(' ')} with apt-get (about a minute)`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (!run('apt-get', ['update', '-qq'], { env }).ok || !run('apt-get', ['install', '-y', '-qq', ...pkgs], { env }).ok) {
    fail(`apt-get could not install ${pkgs.join(' ')}; run it by hand: ${command.replaceAll('sudo ', '')}`)
  }
  const still = missing.filter((d) => !d.present())
  if (still.length) fail(`still missing after apt-get: ${still.flatMap((d) => d.pkg).join(' ')}`)
}

/** node_modules is current when it exists and npm's own record of it is newer than the lock file. */
function npmCurrent() {
  const installed = join(root, 'node_modules', '.package-lock.json')
  if (!existsSync(installed)) return false
  return statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs
}

function checkNpm() {
  if (npmCurrent()) return
  if (!mayInstall) fail('npm packages are missing: run npm ci')
  log('installing npm packages (npm ci)')
  // onnxruntime-node's install step would fetch CUDA binaries from outside the npm registry; the CPU
  // binaries ship inside the package, so the download is skipped.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_fund: 'false', npm_config_audit: 'false' }
  if (!run('npm', ['ci', '--no-audit', '--no-fund'], { env }).ok) fail('npm ci failed (see above)')
}

function build() {
  log('building the helpers package (tsc -> dist/)')
  if (!run('npm', ['run', '--silent', 'build']).ok) fail('the build failed (see the TypeScript errors above)')
}

/** Registers tslab in .jupyter/ (never the user's or the system's Jupyter), pointing at this clone's binary. */
function registerKernel() {
  const prefix = join(root, '.jupyter')
  const spec = join(prefix, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json')
  const binary = join(root, 'node_modules', '.bin', 'tslab')
  if (existsSync(spec) && readFileSync(spec, 'utf8').includes(JSON.stringify(binary))) return
  log(`registering the tslab kernel in ${prefix}`)
  const result = run(binary, ['install', `--python=${PYTHON}`, `--binary=${binary}`, `--prefix=${prefix}`], { quiet: true })
  if (!result.ok) fail(`tslab install failed:\n${result.stdout}${result.stderr}`)
}

/** JupyterLab is current when its environment has the server and was installed from today's requirements. */
function labCurrent() {
  return existsSync(join(LAB, 'bin', 'jupyter-lab')) && existsSync(LAB_STAMP) &&
    readFileSync(LAB_STAMP, 'utf8') === readFileSync(LAB_REQUIREMENTS, 'utf8')
}

/**
 * Installs JupyterLab into .jupyter/lab (never the user's or the system's Python) with pip, which uses the
 * registry it is configured with (`pip config list`). One attempt per index, so an unreachable default
 * index (a machine whose pip is configured with local folders) costs seconds, not minutes of retries.
 */
function checkLab() {
  if (labCurrent()) return
  const command = `${PYTHON} -m venv ${LAB} && ${join(LAB, 'bin', 'pip')} install -r ${LAB_REQUIREMENTS}`
  if (!mayInstall) fail(`JupyterLab is not installed in ${LAB}. Install it with: ${command}`)
  log(`installing JupyterLab into ${LAB} (a project-local Python environment, pip; about 30 s)`)
  rmSync(LAB, { recursive: true, force: true })
  if (!run(PYTHON, ['-m', 'venv', LAB]).ok) fail(`could not create the Python environment ${LAB} (is python3-venv installed?)`)
  // pip's own output (dozens of warnings on a machine whose pip reads local folders) goes to a log file; the user
  // reads one line, or the log's end when pip fails.
  const pip = run(join(LAB, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--retries', '0', '--timeout', '15', '-r', LAB_REQUIREMENTS], { quiet: true })
  const logFile = join(root, '.jupyter', 'lab-install.log')
  writeFileSync(logFile, `${pip.stdout}${pip.stderr}`)
  if (!pip.ok) fail(`pip could not install ${LAB_REQUIREMENTS}. The end of its log (${logFile}):\n${`${pip.stdout}${pip.stderr}`.trim().split('\n').slice(-15).join('\n')}\npip reads its registry from its configuration (\`pip config list\`); run by hand: ${command}`)
  const installed = /Successfully installed (.*)/.exec(pip.stdout)?.[1].trim().split(/\s+/).length ?? 0
  log(`installed JupyterLab and ${installed > 0 ? `${installed - 1} more packages` : 'its packages'} into ${LAB} (pip's log: ${logFile})`)
  writeFileSync(LAB_STAMP, readFileSync(LAB_REQUIREMENTS, 'utf8'))
}

checkNode()
checkDebian()
checkNpm()
build()
registerKernel()
if (purpose === 'lab' || purpose === 'test') checkLab()
log(`ready for ${purpose}`)
