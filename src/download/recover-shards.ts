import { join } from 'node:path'
import { tarEntries } from '../io/tar-reader.js'
import type { StatusLogWriter, StatusState } from './status-log.js'
import type { StatusRecord } from './types.js'

/**
 * Restores the ok lines of shards that a killed run renamed but did not record: every sample json in a finished shard
 * whose row is not recorded ok in that shard gets its status line back, so a rerun neither loses nor repeats it.
 * Shards whose ok count already matches are only listed (one header read per member), not read.
 * @returns the number of samples recovered
 * @example await recoverShards('out', ['00000.tar'], state, log)
 */
export async function recoverShards(out: string, shards: readonly string[], state: StatusState, log: StatusLogWriter): Promise<number> {
  let recovered = 0
  for (const shard of shards) {
    const file = join(out, shard)
    let samples = 0
    for await (const entry of tarEntries(file, { contents: false })) if (entry.name.endsWith('.json')) samples++
    if (samples === (state.okPerShard.get(shard) ?? 0)) continue
    const records: StatusRecord[] = []
    for await (const entry of tarEntries(file)) {
      if (!entry.name.endsWith('.json')) continue
      const json = JSON.parse(Buffer.from(entry.data!).toString('utf8')) as { row: number, url: string, key: string }
      if (state.status.get(json.row) === 'ok') continue
      records.push({ row: json.row, url: json.url, status: 'ok', shard, key: json.key })
      state.status.set(json.row, 'ok')
    }
    await log.append(records)
    state.okPerShard.set(shard, samples)
    recovered += records.length
  }
  return recovered
}
