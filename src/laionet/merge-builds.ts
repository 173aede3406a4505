import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { writeBuildOutputs, type BuildSummary } from './build-outputs.js'
import { readShardRecord, SHARD_FILE, type BuildShardRecord } from './build-shard.js'
import { checkChunkIds, chunkFile, configChanges, readChunk, saveBuildState, type BuildConfig, type BuildState, type ChunkOutput } from './build-state.js'

/**
 * Combines the output folders of a build run as shards (`buildLaionet(files, { shard })`, `laionet build --shard
 * i/n`, one per machine) into `out`, with exactly the bytes a single-machine build writes: `laionet.parquet`,
 * `labels.json`, `candidates.parquet` and `summary.json`, plus the chunks and `state.json` (so `out` resumes like any
 * build folder). Checks first that the shards are one job's: every shard 0..n-1 once, the same inputs (as
 * fingerprinted), model, lemma map, synset texts, column, threshold and top-k, and every chunk committed. A file that
 * failed on any shard is reported (the reason from its first failing row group) and left out, as in a single run.
 * @param shards the shards' output folders, in any order
 * @param out the merged output folder (created; not one of the shards)
 * @returns the merged build's summary (also in out/summary.json)
 * @example await mergeBuilds(['out/s0', 'out/s1', 'out/s2'], 'out/laionet')
 */
export function mergeBuilds(shards: readonly string[], out: string): BuildSummary {
  if (shards.length === 0) throw new Error('merge: no shard folders (expected the --out folders of every `laionet build --shard i/n`)')
  if (shards.some((s) => resolve(s) === resolve(out))) throw new Error(`merge: the output folder ${out} is one of the shards; pass another --out folder`)
  const parts = shards.map((dir) => ({ dir, record: requireRecord(dir), state: readState(dir) }))
  const first = parts[0]
  const count = Number(first.record.shard.split('/')[1])
  for (const p of parts.slice(1)) {
    const differs = (['files', 'model', 'mode', 'column', 'threshold', 'topK'] as const).filter((k) => JSON.stringify(p.record[k]) !== JSON.stringify(first.record[k]))
    const changes = configChanges(withoutMtimes(first.state.config), withoutMtimes(p.state.config))
    if (differs.length || changes.length) {
      throw new Error(`merge: ${p.dir} is not a shard of the same build as ${first.dir} (${[...differs.map((k) => `${k} differs`), ...changes].join('; ')}). Merge the shards of one job only`)
    }
  }
  const seen = new Map<number, string>()
  for (const p of parts) {
    const [index, n] = p.record.shard.split('/').map(Number)
    if (n !== count) throw new Error(`merge: ${p.dir} is shard ${p.record.shard}, but ${first.dir} is one of ${count}. Merge the shards of one job only`)
    if (seen.has(index)) throw new Error(`merge: shard ${p.record.shard} is given twice (${seen.get(index)} and ${p.dir})`)
    seen.set(index, p.dir)
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i))
  if (missing.length) throw new Error(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing (got ${[...seen.keys()].sort((a, b) => a - b).map((i) => `${i}/${count}`).join(', ')}). Run ${missing.length > 1 ? 'them' : 'it'} and merge again`)

  // A file failed when any shard saw it fail; the single run would have reported its first failing row group.
  const failures = new Map<number, BuildShardRecord['errors'][number]>()
  for (const p of parts) {
    for (const e of p.record.errors) {
      const before = failures.get(e.fileIndex)
      if (!before || e.rowGroup < before.rowGroup) failures.set(e.fileIndex, e)
    }
  }
  const errors = [...failures.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => ({ file: e.file, error: e.error }))

  const owner = new Map<string, string>()
  for (const p of parts) for (const id of p.record.units) owner.set(id, p.dir)
  const ids = [...owner.keys()].sort()
  const chunks: ChunkOutput[] = []
  for (const id of ids) if (!failures.has(Number(id.split('-')[0]))) chunks.push(readChunk(owner.get(id)!, id))

  mkdirSync(resolve(out, 'chunks'), { recursive: true })
  const done: string[] = []
  for (const p of parts) {
    for (const id of p.state.done) {
      if (!existsSync(chunkFile(p.dir, id))) continue
      copyFileSync(chunkFile(p.dir, id), chunkFile(out, id))
      done.push(id)
    }
  }
  saveBuildState(out, { version: first.state.version, config: first.state.config, done: [...new Set(done)].sort() })
  const { files, model, mode, threshold, topK } = first.record
  return writeBuildOutputs(out, chunks, { files, model, mode, threshold, topK: topK ?? undefined, errors })
}

// Shards run on different machines may see copies of the inputs with other mtimes: the content decides.
function withoutMtimes(config: BuildConfig): BuildConfig {
  return { ...config, files: config.files.map((f) => ({ ...f, mtimeMs: 0 })) }
}

function requireRecord(dir: string): BuildShardRecord {
  const record = readShardRecord(dir)
  if (!record) {
    throw new Error(`merge: ${dir} has no ${SHARD_FILE}: it is not the folder of a finished \`laionet build --shard i/n\`. Run (or finish) that shard, then merge`)
  }
  if (record.version !== 1) throw new Error(`merge: ${dir}/${SHARD_FILE} has version ${String(record.version)} (expected 1); rerun that shard with this laionet`)
  // Ids become file names below: only the form a build writes may reach a path.
  checkChunkIds(record.units, resolve(dir, SHARD_FILE), 'units')
  return record
}

function readState(dir: string): BuildState {
  const file = resolve(dir, 'state.json')
  let state: BuildState
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as BuildState
  } catch (err) {
    throw new Error(`merge: cannot read ${file} (${(err as Error).message}); rerun that shard`, { cause: err })
  }
  checkChunkIds(state?.done, file, 'done')
  return state
}
