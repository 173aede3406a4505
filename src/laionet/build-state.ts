import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileChanges, type FileFingerprint } from '../data/fingerprint.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'
import { writeErrorFor } from '../io/output-lock.js'
import { LaionetError } from '../util/errors.js'

/**
 * What a build's chunks depend on; a resumed build must have the same, or it would mix results. The threshold and
 * top-k are applied when the outputs are written, not recorded here: changing them needs no fresh start.
 */
export interface BuildConfig {
  /** The input files, in order, with their size, mtime and the hashes of their first and last blocks. */
  files: FileFingerprint[]
  /** The embedder's identity (model id or folder). */
  model: string
  /** sha256 over the model folder's files (names, sizes, content hashes); null when the embedder has no folder. */
  modelFiles: string | null
  /** The lemma map's mode, entry count and sha256 of its entries. */
  mode: string
  lemmaEntries: number
  lemmaMap: string
  /** sha256 of the synset texts (by wnid) the captions are compared with. */
  synsetTexts: string
  /** The caption column. */
  column: string
}

/** What a build has committed so far. */
export interface BuildState {
  /** Format version of this file (1: before inputs were fingerprinted). */
  version: 2
  /** The settings. */
  config: BuildConfig
  /** Chunks whose output file is complete, as `<fileIndex>-<rowGroup>` ids. */
  done: string[]
}

/** One committed chunk: the scored captions of one row group. */
export interface ChunkOutput {
  /** Rows read. */
  rows: number
  /** Captions that matched a lemma. */
  matched: number
  /** Null or empty captions. */
  emptyCaptions: number
  /** Matched captions dropped because their lemmas point to several classes. */
  multiClass: number
  /** The single-class captions with their similarity, in row order. */
  scored: ChunkCaption[]
}

/** One scored caption in a chunk file. */
export interface ChunkCaption {
  row: number
  url: string | null
  caption: string
  wnid: string
  similarity: number
  nsfw: string | null
  nsfwOk: boolean
  lemmas: string[]
}

/** Returns the id of a chunk. */
export function chunkId(fileIndex: number, rowGroup: number): string {
  return `${String(fileIndex).padStart(5, '0')}-${String(rowGroup).padStart(6, '0')}`
}

/** What {@link chunkId} writes: a zero-padded file index and row group (longer only past 99,999 files). */
const CHUNK_ID = /^\d{5,}-\d{6,}$/

/**
 * Returns `ids` when every one is a chunk id as a build writes it; anything else (a path such as `../../x`, a number,
 * a non-list) read from a state or shard file is refused, naming the file and the bad id, before any path is built.
 */
export function checkChunkIds(ids: unknown, file: string, key: string): string[] {
  if (!Array.isArray(ids)) {
    throw new LaionetError('build', `${file}: "${key}" is not a list of chunk ids (got ${ids === null ? 'null' : typeof ids})`, { code: 'invalid-input', fix: 'Rerun that build into a fresh folder' })
  }
  const bad = ids.findIndex((id) => typeof id !== 'string' || !CHUNK_ID.test(id))
  if (bad !== -1) {
    throw new LaionetError('build', `${file}: "${key}"[${bad}] is ${JSON.stringify(ids[bad])?.slice(0, 200)}, not a chunk id (expected <fileIndex>-<rowGroup> such as 00000-000003)`, {
      code: 'invalid-input', value: ids[bad], fix: 'The file was edited or damaged: rerun that build into a fresh folder',
    })
  }
  return ids as string[]
}

/**
 * Writes `text` to `file` atomically: a crash leaves the old file or the new one, never half of one. A failed write
 * (disk full, read-only) is an error naming the file.
 */
export function writeAtomic(file: string, text: string): void {
  try {
    writeFileAtomicSync(file, text)
  } catch (err) {
    throw writeErrorFor('build', file, err)
  }
}

const FRESH = (out: string) => `Rerun with the same inputs and settings to resume, or start fresh: delete ${out} or pass another --out folder`

/**
 * Reads the state of a build folder, or starts a fresh one. A folder whose build depended on other inputs, another
 * model, lemma map, synset texts or column is refused, naming each difference, rather than mixed.
 */
export function openBuildState(out: string, config: BuildConfig): BuildState {
  const file = join(out, 'state.json')
  if (!existsSync(file)) return { version: 2, config, done: [] }
  let state: BuildState
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as BuildState
  } catch (err) {
    throw new LaionetError('build', `${file} is not valid JSON`, { code: 'mismatch', cause: err, fix: `Delete the folder ${out} to start over` })
  }
  if ((state.version as number) !== 2) {
    throw new LaionetError('build', `cannot resume ${out}: its state.json (version ${String(state.version)}) does not record what its inputs held`, { code: 'mismatch', fix: `Start fresh: delete ${out} or pass another --out folder` })
  }
  checkChunkIds(state.done, file, 'done')
  const changes = configChanges(state.config, config)
  if (changes.length) throw new LaionetError('build', `cannot resume ${out}: ${changes.join('; ')}`, { code: 'mismatch', value: changes, fix: FRESH(out) })
  return state
}

/** One phrase per difference between the recorded and the current build settings (empty when they agree). */
export function configChanges(before: BuildConfig, now: BuildConfig): string[] {
  const changes = fileChanges(before.files ?? [], now.files)
  if (before.model !== now.model) changes.push(`the model was ${before.model}, now ${now.model}`)
  else if (before.modelFiles !== now.modelFiles) changes.push(`the files of the model ${now.model} changed (new weights or configuration)`)
  if (before.mode !== now.mode) changes.push(`the lemma map mode was ${before.mode}, now ${now.mode}`)
  else if (before.lemmaMap !== now.lemmaMap) changes.push(before.lemmaEntries === now.lemmaEntries
    ? `the lemma map changed (the same ${now.lemmaEntries} entries in number, other content)`
    : `the lemma map changed (${before.lemmaEntries} entries, now ${now.lemmaEntries})`)
  if (before.synsetTexts !== now.synsetTexts) changes.push('the synset texts changed')
  if (before.column !== now.column) changes.push(`the caption column was ${before.column}, now ${now.column}`)
  return changes
}

/** Commits the state (after the chunk's own file is in place). */
export function saveBuildState(out: string, state: BuildState): void {
  writeAtomic(join(out, 'state.json'), JSON.stringify(state, null, 1) + '\n')
}

/** Path of a chunk's output file. */
export function chunkFile(out: string, id: string): string {
  return join(out, 'chunks', `${id}.json`)
}

/** Reads a committed chunk; a damaged one is an error naming its file and how to redo it. */
export function readChunk(out: string, id: string): ChunkOutput {
  const file = chunkFile(out, id)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ChunkOutput
  } catch (err) {
    throw new LaionetError('build', `the chunk ${file} is damaged (${(err as Error).message})`, {
      code: 'mismatch', cause: err, fix: `Delete that file and rerun the same command: its row group is redone`,
    })
  }
}
