import { existsSync, readFileSync } from 'node:fs'
import { LaionetError } from '../util/errors.js'
import { join } from 'node:path'
import { buildFolder } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { downloadedSamples } from '../download/read-shards.js'

/**
 * Streams the downloaded LAIONet images of `sources.laionetImages` (the WebDataset shards of `laionet download`) in
 * chunks with their class: the `wnid` the build stored with each sample, else the build's labels.json by row.
 * @param options `perClass`: keep only the first N samples of each class in shard order (the paper's first 100)
 * @throws when a sample has no class, naming the shard and key and what to set
 * @example for await (const c of laionetImageChunks(config)) c.inputs.length
 */
export async function* laionetImageChunks(config: LaionetConfig, { size = 256, perClass = Infinity }: { size?: number, perClass?: number } = {}) {
  const folder = config.sources.laionetImages
  if (!folder) throw new LaionetError('experiments', 'sources.laionetImages is not set (the folder `laionet download` wrote)', { code: 'usage' })
  let byRow: Map<number, string> | null = null
  const labelsFile = join(buildFolder(config), 'labels.json')
  const seen = new Map<string, number>()
  let chunk = { inputs: [] as Uint8Array[], labels: [] as string[], names: [] as string[] }
  for await (const s of downloadedSamples(folder)) {
    let wnid = typeof s.json.wnid === 'string' ? s.json.wnid : null
    if (!wnid) {
      if (!byRow && existsSync(labelsFile)) {
        const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, number[]>
        byRow = new Map(Object.entries(labels).flatMap(([w, rows]) => rows.map((r) => [r, w] as const)))
      }
      wnid = byRow?.get(Number(s.json.row)) ?? null
    }
    if (!wnid) throw new LaionetError('experiments', `sample ${s.key} of ${join(folder, s.shard)} has no class (no "wnid" in its json and row ${String(s.json.row)} is not in ${labelsFile}); download from the build's laionet.parquet, or set sources.laionetBuild to the build it came from`, { code: 'invalid-input' })
    const n = seen.get(wnid) ?? 0
    if (n >= perClass) continue
    seen.set(wnid, n + 1)
    chunk.inputs.push(s.image!)
    chunk.labels.push(wnid)
    chunk.names.push(`${join(folder, s.shard)}:${s.key}`)
    if (chunk.inputs.length >= size) {
      yield chunk
      chunk = { inputs: [], labels: [], names: [] }
    }
  }
  if (chunk.inputs.length) yield chunk
}
