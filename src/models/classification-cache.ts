import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { sha256File } from '../data/hash-file.js'
import { arrayBytes, pruneCacheDir, readCacheFile, sectionArray, writeCacheFile } from '../io/cache-file.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'
import { codeVersion } from '../util/code-version.js'
import { currentContext } from '../util/context.js'
import { cpuFeatures } from '../util/cpu-features.js'
import { classifyImages } from './classify-images.js'
import { resolveModelSource } from './model-source.js'
import type { Classification, Classifier, ClassifyOptions } from './types.js'

// A classifier's run over a chunk of images, stored by what determines it: the model's files (content hashes), the
// class table, every option of the call (so an option that changes which images are kept or how they are read makes
// another entry), the code and CPU (int8 kernels differ by CPU), and each image's path and content hash. A rerun of
// the same experiment loads no model and decodes no image: it stats the files and reads the stored predictions.
// Content hashes of files are remembered by (path, size, mtime, inode), so an unchanged file is hashed once.

const FORMAT = 1
/** Chunk entries kept (one per chunk of ~256 images and model: ImageNet's 50,000 validation images x 10 models is 2,000). */
const KEEP = 20_000
const MAX_ENTRY_BYTES = 64 << 20
/** The remembered file hashes: at most this many (a larger memo is dropped and rebuilt). */
const MAX_MEMO_FILES = 2_000_000
const MEMO = 'file-sha256.json'

/** A classifier that loads its model only when a chunk is not in the cache. */
export interface CachedClassifier {
  /** {@link classifyImages} over `inputs`, from the cache when stored. */
  classify(inputs: readonly (string | Uint8Array)[], options?: ClassifyOptions): Promise<Classification>
  /** Frees the model (when it was loaded) and saves the remembered file hashes. */
  dispose(): Promise<void>
}

/** Options of {@link cachedClassifier}. */
export interface CachedClassifierOptions {
  /** The model spec (a .onnx file, a folder or a hub id): its files are hashed into the key. An unresolvable spec (a hub id not downloaded yet) runs uncached. */
  spec: string
  /** Anything else the model's outputs depend on (the class table, load options). */
  settings?: unknown
  /** The cache folder, or null for none. Default: `<cache>/classifications`. */
  dir?: string | null
}

/**
 * Wraps a classifier's loading so that chunks already classified (same model files, settings, options and images)
 * are read back instead of run.
 * @param load loads the classifier (called at most once, on the first chunk not in the cache)
 * @param options the spec, settings and cache folder
 * @example const c = cachedClassifier(() => loadClassifier(spec), { spec, settings: { classes } }); await c.classify(paths)
 */
export function cachedClassifier(load: () => Promise<Classifier>, { spec, settings = null, dir = join(currentContext().cacheDir, 'classifications') }: CachedClassifierOptions): CachedClassifier {
  let model: Promise<Classifier> | null = null
  const loaded = () => (model ??= load())
  const memo = dir === null ? null : new FileHashes(join(dir, MEMO))
  let modelKey: string | null | undefined
  let wrote = false
  const settingsText = JSON.stringify(settings) // once: the class table alone is ~100 kB of JSON
  return {
    async classify(inputs, options = {}) {
      if (dir === null || memo === null) return classifyImages(await loaded(), inputs, options)
      if (modelKey === undefined) modelKey = await modelFilesHash(spec, memo)
      if (modelKey === null) return classifyImages(await loaded(), inputs, options)
      const { onBatch, ...rest } = options
      const key = await chunkKey(modelKey, settingsText, rest, inputs, memo)
      const file = join(dir, `classify-${key.slice(0, 40)}.bin`)
      const read = readCacheFile(file, key, MAX_ENTRY_BYTES)
      const stored = read.ok ? decodeEntry(read.sections, inputs.length) : null
      if (stored) {
        onBatch?.(stored.predictions.filter((p) => p !== null).length)
        return stored
      }
      const result = await classifyImages(await loaded(), inputs, options)
      try {
        writeCacheFile(file, key, encodeEntry(result))
        wrote = true
      } catch { /* a cache that cannot be written only costs the next run this chunk again */ }
      return result
    },
    async dispose() {
      memo?.save()
      // Once per run, not per chunk: listing a folder of thousands of entries for every chunk would cost more than it saves.
      if (wrote && dir !== null) pruneCacheDir(dir, 'classify-', '.bin', KEEP)
      if (model) await (await model).dispose()
    },
  }
}

/** The model's identity: its spec and the content hash of every file of its folder (or of its .onnx file). */
async function modelFilesHash(spec: string, memo: FileHashes): Promise<string | null> {
  let path: string
  try {
    const source = resolveModelSource(spec, { offline: true })
    path = source.path
  } catch {
    return null
  }
  const h = createHash('sha256').update(`${spec}\u0000`)
  let files: string[]
  try {
    files = statSync(path).isDirectory() ? readdirSync(path, { recursive: true, encoding: 'utf8' }).sort().map((f) => join(path, f)).filter((f) => statSync(f).isFile()) : [path]
  } catch {
    return null
  }
  for (const f of files) h.update(`${f.slice(path.length)}\u0000${await memo.hash(f)}\u0000`)
  return h.digest('hex')
}

async function chunkKey(modelKey: string, settings: string, options: object, inputs: readonly (string | Uint8Array)[], memo: FileHashes): Promise<string> {
  const h = createHash('sha256')
  h.update(JSON.stringify({ format: FORMAT, modelKey, settings, options, code: codeVersion(['models', 'io', 'util']), runtimes: runtimeVersions(), cpu: cpuFeatures(), threads: currentContext().threads }))
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i]
    if (typeof x === 'string') h.update(`\u0000f${x}\u0000${await memo.hash(x) ?? 'missing'}`)
    else h.update(`\u0000b${i}:${x.length}:`).update(createHash('sha256').update(x).digest('hex'))
  }
  return h.digest('hex')
}

let versions: Record<string, string> | null = null
/** The versions of the packages that run and decode (their numerics can change between versions). */
function runtimeVersions(): Record<string, string> {
  if (versions) return versions
  const require = createRequire(import.meta.url)
  versions = { node: process.version }
  for (const name of ['onnxruntime-node', 'onnxruntime-common', '@huggingface/transformers', 'sharp', 'jpeg-js']) {
    try { versions[name] = (require(`${name}/package.json`) as { version: string }).version } catch { /* not installed */ }
  }
  return versions
}

function encodeEntry(r: Classification) {
  const scores: number[] = []
  const predictions = r.predictions.map((p) => (p ? { file: p.file, top5: p.top5.map((c) => { scores.push(c.score); return { wnid: c.wnid, index: c.index } }) } : null))
  return [
    { name: 'json', bytes: Buffer.from(JSON.stringify({ predictions, errors: r.errors, converted: r.converted }), 'utf8') },
    // Scores as float64 bytes: JSON would lose NaN and -0.
    { name: 'scores', bytes: arrayBytes(Float64Array.from(scores)) },
  ]
}

/** The stored classification, or null when the entry does not have the shape of one for `count` inputs. */
function decodeEntry(sections: Map<string, Uint8Array>, count: number): Classification | null {
  const scores = sections.get('scores') && sectionArray(sections.get('scores')!, Float64Array)
  let doc: { predictions: ({ file: string, top5: { wnid: string, index: number }[] } | null)[], errors: Classification['errors'], converted: Classification['converted'] }
  try {
    doc = JSON.parse(Buffer.from(sections.get('json') ?? new Uint8Array(0)).toString('utf8'))
  } catch {
    return null
  }
  if (!scores || !Array.isArray(doc?.predictions) || doc.predictions.length !== count || !Array.isArray(doc.errors) || typeof doc.converted !== 'object') return null
  let k = 0
  const predictions: Classification['predictions'] = []
  for (const p of doc.predictions) {
    if (p === null) { predictions.push(null); continue }
    if (typeof p?.file !== 'string' || !Array.isArray(p.top5) || k + p.top5.length > scores.length) return null
    predictions.push({ file: p.file, top5: p.top5.map((c) => ({ wnid: c.wnid, index: c.index, score: scores[k++] })) })
  }
  return k === scores.length ? { predictions, errors: doc.errors, converted: doc.converted } : null
}

/** Content hashes of files, remembered by (size, mtime, inode) in a JSON file beside the entries. */
class FileHashes {
  private known: Map<string, [number, number, number, string]> | null = null
  private changed = false
  constructor(private readonly file: string) {}

  /** The sha256 of `path`'s content, or null when it cannot be read (the classifier reports that image). */
  async hash(path: string): Promise<string | null> {
    let st
    try { st = statSync(path) } catch { return null }
    const known = this.load()
    const was = known.get(path)
    if (was && was[0] === st.size && was[1] === st.mtimeMs && was[2] === st.ino) return was[3]
    let sha: string
    try { sha = await sha256File(path) } catch { return null }
    known.set(path, [st.size, st.mtimeMs, st.ino, sha])
    this.changed = true
    return sha
  }

  save(): void {
    if (!this.changed || !this.known || this.known.size > MAX_MEMO_FILES) return
    try {
      writeFileAtomicSync(this.file, JSON.stringify(Object.fromEntries(this.known)))
      this.changed = false
    } catch { /* the next run hashes again */ }
  }

  private load(): Map<string, [number, number, number, string]> {
    if (this.known) return this.known
    this.known = new Map()
    try {
      if (statSync(this.file).size > 512 << 20) return this.known
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>
      for (const [path, v] of Object.entries(doc)) {
        // A malformed memo entry is dropped (that file is hashed again), never trusted.
        if (Array.isArray(v) && v.length === 4 && v.slice(0, 3).every((x) => typeof x === 'number') && typeof v[3] === 'string' && /^[0-9a-f]{64}$/.test(v[3])) {
          this.known.set(path, v as [number, number, number, string])
        }
      }
    } catch { /* no memo yet, or an unreadable one: start empty */ }
    return this.known
  }
}
