// Launcher of scripts/make-full-clip.py: makes a project-local Python venv under the cache (CPU torch, transformers,
// onnx from pip; never into the repo), then builds the full-size random-weight CLIP ViT-B/32 into
// <cache>/models/full-random-clip-vit-b32 with its PyTorch goldens, or runs the PyTorch peer benchmark on it.
//   node --import tsx scripts/make-full-clip.ts            build when missing (or when the .py changed)
//   node --import tsx scripts/make-full-clip.ts --force    rebuild
// pip uses this machine's local wheel folders when they exist (/opt/pypi/simple, /opt/pypi-more/simple, with the
// pip config's find-links), else pip's configured index; LAIONET_PIP_ARGS adds arguments (e.g. an --index-url).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cacheDir } from '../src/data/cache-dir.js'
import { useEnvironmentContext } from '../src/config/context.js'

// The environment (LAIONET_DATA_MIRROR, LAIONET_CACHE, ...) becomes the default context once, as for `import 'laionet'`.
useEnvironmentContext()

const here = dirname(fileURLToPath(import.meta.url))
const script = join(here, 'make-full-clip.py')
/** The Python packages of the venv (torch pinned to the CPU wheel of this machine's wheel folder when there). */
const PACKAGES = ['torch', 'transformers', 'onnx', 'numpy']

/** Where the model goes. */
export function fullClipDir(): string {
  return join(cacheDir(), 'models', 'full-random-clip-vit-b32')
}

function venvPython(): string {
  return join(cacheDir(), 'clip-venv', 'bin', 'python')
}

// Output is kept and shown only on failure (pip warns about every local index folder it skips).
function run(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => l && !l.includes('is neither a file nor a directory')).slice(-15).join('\n')
    throw new Error(`make-full-clip: ${what} failed (${r.error?.message ?? `exit ${r.status}`}): ${cmd} ${args.join(' ')}\n${tail}`)
  }
  return r.stdout
}

/**
 * Makes the venv when it lacks torch or transformers (or one of `extra`: pip name -> module name, e.g.
 * { 'sentence-transformers': 'sentence_transformers' } for scripts/make-encoders.ts); returns its python.
 */
export function ensureVenv(extra: Record<string, string> = {}): string {
  const py = venvPython()
  const modules = ['torch', 'transformers', 'onnx', ...Object.values(extra)].join(', ')
  if (existsSync(py) && spawnSync(py, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0) return py
  if (!existsSync(py)) run('python3', ['-m', 'venv', join(cacheDir(), 'clip-venv')], 'creating the venv (apt-get install python3-venv)')
  const local = ['/opt/pypi/simple', '/opt/pypi-more/simple'].filter((d) => existsSync(d))
  const index = local.length > 0 ? ['--index-url', `file://${local[0]}`, ...local.slice(1).flatMap((d) => ['--extra-index-url', `file://${d}`])] : []
  const pipArgs = (process.env.LAIONET_PIP_ARGS ?? '').split(/\s+/).filter(Boolean)
  run(py, ['-m', 'pip', 'install', '--quiet', ...index, ...pipArgs, ...PACKAGES, ...Object.keys(extra)], `pip install of ${[...PACKAGES, ...Object.keys(extra)].join(', ')}`)
  return py
}

/** sha256 of the .py: a changed script rebuilds the model. */
function scriptHash(): string {
  return createHash('sha256').update(readFileSync(script)).digest('hex')
}

/**
 * Returns the model folder, building it first when it is missing, incomplete or from another version of the
 * script. `fixtures` is ../shared/fixtures (the real tokenizer, the golden texts and pixel values).
 */
export function ensureFullClip(fixtures: string, { force = false } = {}): string {
  const out = fullClipDir()
  const golden = join(out, 'golden.json')
  const stamp = join(out, 'script.sha256')
  const fresh = existsSync(golden) && existsSync(join(out, 'onnx', 'vision_model.onnx')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === scriptHash()
  if (fresh && !force) return out
  const py = ensureVenv()
  run(py, [script, 'build', '--out', out, '--fixtures', fixtures, '--stamp', scriptHash()], 'building the full-size CLIP')
  return out
}

/** Runs the PyTorch peer benchmark (same model, same inputs); returns its JSON. */
export function torchBench(fixtures: string, spec: { texts: string[], images: number, batches: number[], threads: number[] }, resultsFile: string): unknown {
  const py = ensureVenv()
  const specFile = `${resultsFile}.spec.json`
  writeFileSync(specFile, JSON.stringify(spec)) // the texts: too long for a command line
  run(py, [script, 'bench', '--out', fullClipDir(), '--fixtures', fixtures, '--spec', specFile, '--results', resultsFile], 'the PyTorch benchmark')
  return JSON.parse(readFileSync(resultsFile, 'utf8'))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fixtures = join(here, '..', '..', 'shared', 'fixtures')
  const t0 = Date.now()
  const dir = ensureFullClip(fixtures, { force: process.argv.includes('--force') })
  console.log(`make-full-clip: ${dir} ready in ${Math.round((Date.now() - t0) / 100) / 10} s`)
}
