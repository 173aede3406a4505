import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { tempPathFor } from '../io/write-atomic.js'
import type { ChunkCaption, ChunkOutput } from './build-state.js'
import { classFrequencies, selectByThreshold, selectTopK } from './selection.js'

/** What a build produced. */
export interface BuildSummary {
  /** Inputs, embedder and settings. */
  files: string[]
  model: string
  /** The text encoder when it is not CLIP: 'mpnet' for Appendix A's build (absent: CLIP, the paper's). */
  textEncoder?: string
  mode: string
  threshold: number
  /** Set for the top-k variant (then `threshold` is not applied). */
  topK: number | null
  /** Rows read, captions matched, null or empty captions, and matched captions dropped as multi-class. */
  rows: number
  matched: number
  emptyCaptions: number
  multiClass: number
  /** Single-class captions with a similarity (stored in candidates.parquet). */
  candidates: number
  /** Of those, dropped by the NSFW filter. */
  nsfwDropped: number
  /** Captions selected into LAIONet, and their classes. */
  samples: number
  classes: number
  /** The most frequent class and its share of the samples, in [0, 1]. */
  topClass: { wnid: string, share: number } | null
  /** Files that failed, with the reason; none of their rows are in the outputs. */
  errors: { file: string, error: string }[]
  /** The files written, relative to the output folder (none when `kept`). */
  outputs: string[]
  /**
   * True when this run had errors and wrote no outputs: the folder already held a finished build (whose outputs were
   * left as they were), or every input failed (no empty outputs are written).
   */
  kept: boolean
}

const OUTPUTS = ['laionet.parquet', 'labels.json', 'candidates.parquet', 'summary.json']

/**
 * Writes a build's outputs from its committed chunks, in chunk order: `laionet.parquet`, `labels.json`,
 * `candidates.parquet`, `summary.json`. Deterministic: the same chunks give the same bytes. All four are written to
 * temporary files first and renamed into place only once every one is complete; a run with errors never replaces the
 * outputs of an earlier finished build (`kept`).
 */
export function writeBuildOutputs(
  out: string, chunks: readonly ChunkOutput[],
  meta: { files: string[], model: string, textEncoder?: string, mode: string, threshold: number, topK?: number, errors: { file: string, error: string }[] },
): BuildSummary {
  const scored: ChunkCaption[] = chunks.flatMap((c) => c.scored)
  const selected = meta.topK === undefined ? selectByThreshold(scored, meta.threshold) : selectTopK(scored, meta.topK, { method: 'candidates' })
  const labels: Record<string, number[]> = {}
  for (const s of selected) (labels[s.wnid] ??= []).push(s.row)
  const sortedLabels = Object.fromEntries(Object.keys(labels).sort().map((w) => [w, labels[w]]))
  const freq = classFrequencies(selected)

  const kept = meta.errors.length > 0 && (existsSync(join(out, 'summary.json')) || meta.errors.length === meta.files.length)
  const summary: BuildSummary = {
    files: meta.files,
    model: meta.model,
    ...(meta.textEncoder ? { textEncoder: meta.textEncoder } : {}),
    mode: meta.mode,
    threshold: meta.threshold,
    topK: meta.topK ?? null,
    rows: sum(chunks, (c) => c.rows),
    matched: sum(chunks, (c) => c.matched),
    emptyCaptions: sum(chunks, (c) => c.emptyCaptions),
    multiClass: sum(chunks, (c) => c.multiClass),
    candidates: scored.length,
    nsfwDropped: scored.filter((s) => !s.nsfwOk).length,
    samples: selected.length,
    classes: freq.length,
    topClass: freq.length ? { wnid: freq[0].wnid, share: freq[0].share } : null,
    errors: meta.errors,
    outputs: kept ? [] : OUTPUTS,
    kept,
  }
  if (kept) return summary
  const contents: Record<string, Uint8Array | string> = {
    'laionet.parquet': parquet(captionColumns(selected)),
    'labels.json': JSON.stringify(sortedLabels) + '\n',
    'candidates.parquet': parquet([
      ...captionColumns(scored),
      { name: 'nsfw', data: scored.map((s) => s.nsfw), type: 'STRING' },
      { name: 'nsfw_ok', data: scored.map((s) => s.nsfwOk), type: 'BOOLEAN', nullable: false },
      { name: 'lemmas', data: scored.map((s) => s.lemmas), type: 'JSON', nullable: false },
    ]),
    'summary.json': JSON.stringify(summary, null, 2) + '\n',
  }
  replaceAll(out, contents)
  return summary
}

// Writes every file to a temporary beside it, then renames them all: a failure while writing leaves the old set.
// summary.json is renamed last, so a folder with a new summary.json has the new outputs beside it.
function replaceAll(out: string, contents: Record<string, Uint8Array | string>): void {
  mkdirSync(out, { recursive: true })
  const temps = new Map<string, string>()
  try {
    for (const [name, data] of Object.entries(contents)) {
      const tmp = tempPathFor(join(out, name))
      temps.set(name, tmp)
      writeFileSync(tmp, data)
    }
  } catch (err) {
    for (const tmp of temps.values()) rmSync(tmp, { force: true })
    throw err
  }
  for (const [name, tmp] of temps) renameSync(tmp, join(out, name))
}

type Column = Parameters<typeof parquetWriteBuffer>[0]['columnData'][number]

// The columns laionet.parquet and candidates.parquet share, in this order.
function captionColumns(captions: readonly ChunkCaption[]): Column[] {
  return [
    { name: 'row', data: captions.map((s) => BigInt(s.row)), type: 'INT64', nullable: false },
    { name: 'url', data: captions.map((s) => s.url), type: 'STRING' },
    { name: 'caption', data: captions.map((s) => s.caption), type: 'STRING' },
    { name: 'wnid', data: captions.map((s) => s.wnid), type: 'STRING', nullable: false },
    { name: 'similarity', data: captions.map((s) => s.similarity), type: 'DOUBLE', nullable: false },
  ]
}

function parquet(columnData: Column[]): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData }))
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((n, t) => n + f(t), 0)
}
