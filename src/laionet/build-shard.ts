import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { shardName, type Shard } from '../io/parquet-shard.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/** The file in a shard's output folder that records which shard it is and what it did: what `laionet merge` reads. */
export const SHARD_FILE = 'shard.json'

/** What a shard's build folder records in {@link SHARD_FILE}. */
export interface BuildShardRecord {
  /** Format version. */
  version: 1
  /** The shard, `i/n`. */
  shard: string
  /** The input files as given, in order (the same list on every shard). */
  files: string[]
  /** The embedder's identity, the lemma map's mode, the caption column, the threshold and top-k. */
  model: string
  mode: string
  column: string
  threshold: number
  topK: number | null
  /** The chunks (row groups) of this shard, as `<fileIndex>-<rowGroup>` ids, all committed. */
  units: string[]
  /** Files that failed in this shard: where (row group, -1 for the footer) and why. */
  errors: { file: string, fileIndex: number, rowGroup: number, error: string }[]
}

/** Reads a folder's shard record, or null when it has none. */
export function readShardRecord(out: string): BuildShardRecord | null {
  const file = join(out, SHARD_FILE)
  if (!existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BuildShardRecord
  } catch (err) {
    throw new Error(`build: ${file} is not valid JSON (${(err as Error).message}). Rerun that shard into a fresh folder`, { cause: err })
  }
}

/**
 * Refuses to resume a folder that holds another shard (or a whole run when `shard` is given, or a shard when not):
 * the chunks would still be right, but the outputs would be neither the shard's nor the whole run's.
 */
export function checkShardFolder(out: string, shard: Shard | undefined): void {
  const record = readShardRecord(out)
  const before = record?.shard ?? null
  const now = shard ? shardName(shard) : null
  if (before === now || (before === null && !existsSync(join(out, 'summary.json')))) return
  throw new Error(`build: ${out} holds ${before ? `shard ${before}` : 'a whole (unsharded) build'}, not ${now ? `shard ${now}` : 'a whole build'}. Pass that --shard again to resume it, or another --out folder`)
}

/** Writes a shard's record (atomically, after its outputs). */
export function writeShardRecord(out: string, record: BuildShardRecord): void {
  writeFileAtomicSync(join(out, SHARD_FILE), JSON.stringify(record, null, 1) + '\n')
}
