import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/** The settings a build was started with; a resumed build must have the same. */
export interface BuildConfig {
  /** The input files, in order. */
  files: string[]
  /** The embedder's identity (model id or folder). */
  model: string
  /** The lemma map's mode and size (a changed map invalidates the chunks). */
  mode: string
  lemmaEntries: number
  /** The caption column. */
  column: string
}

/** What a build has committed so far. */
export interface BuildState {
  /** Format version of this file. */
  version: 1
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

/** Writes `text` to `file` atomically: a crash leaves the old file or the new one, never half of one. */
export const writeAtomic = writeFileAtomicSync

/**
 * Reads the state of a build folder, or starts a fresh one; a folder holding a build with other
 * settings is refused rather than mixed.
 */
export function openBuildState(out: string, config: BuildConfig): BuildState {
  const file = join(out, 'state.json')
  if (!existsSync(file)) return { version: 1, config, done: [] }
  let state: BuildState
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as BuildState
  } catch (err) {
    throw new Error(`build: ${file} is not valid JSON; delete the folder ${out} to start over`, { cause: err })
  }
  const before = JSON.stringify(state.config)
  const now = JSON.stringify(config)
  if (before !== now) {
    throw new Error(`build: ${out} holds a build with other settings (was ${before}, now ${now}). Use another --out folder, or delete ${out} to start over`)
  }
  return state
}

/** Commits the state (after the chunk's own file is in place). */
export function saveBuildState(out: string, state: BuildState): void {
  writeAtomic(join(out, 'state.json'), JSON.stringify(state, null, 1) + '\n')
}

/** Path of a chunk's output file. */
export function chunkFile(out: string, id: string): string {
  return join(out, 'chunks', `${id}.json`)
}
