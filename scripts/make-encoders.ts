// Launcher of scripts/make-encoders.py: in the venv of scripts/make-full-clip.ts (plus sentence-transformers and
// pillow), builds the tiny random MPNet (sentence-transformers layout) and the tiny ViT, ConvNeXt and BEiT image
// models with their PyTorch goldens into <cache>/models/tiny-encoders. About a minute once the venv exists.
//   node --import tsx scripts/make-encoders.ts            build when missing (or when the .py changed)
//   node --import tsx scripts/make-encoders.ts --force    rebuild
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cacheDir } from '../src/data/cache-dir.js'
import { ensureVenv } from './make-full-clip.js'

const here = dirname(fileURLToPath(import.meta.url))
const script = join(here, 'make-encoders.py')

/** The folder names of the models under {@link encodersDir}. */
export const ENCODER_FIXTURES = { mpnet: 'tiny-random-mpnet', vit: 'tiny-random-vit-model', convnext: 'tiny-random-convnext', beit: 'tiny-random-beit' } as const

/** Where the models go. */
export function encodersDir(): string {
  return join(cacheDir(), 'models', 'tiny-encoders')
}

function scriptHash(): string {
  return createHash('sha256').update(readFileSync(script)).digest('hex')
}

/**
 * Returns the folder of the tiny encoders, building them first when missing or made by another version of the
 * script. `fixtures` is ../shared/fixtures (the golden texts and images).
 */
export function ensureEncoders(fixtures: string, { force = false } = {}): string {
  const out = encodersDir()
  const stamp = join(out, 'script.sha256')
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === scriptHash()) return out
  const py = ensureVenv({ 'sentence-transformers': 'sentence_transformers', pillow: 'PIL' })
  const r = spawnSync(py, [script, '--out', out, '--fixtures', resolve(fixtures), '--stamp', scriptHash()], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  if (r.status !== 0) throw new Error(`make-encoders: building the tiny encoders failed (${r.error?.message ?? `exit ${r.status}`})\n${(r.stderr ?? '').split('\n').slice(-15).join('\n')}`)
  return out
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fixtures = process.env.LAIONET_FIXTURES ?? resolve(here, '..', '..', 'shared', 'fixtures')
  console.log(ensureEncoders(fixtures, { force: process.argv.includes('--force') }))
}
