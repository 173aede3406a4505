import { existsSync, readFileSync } from 'node:fs'
import { LaionetError } from '../util/errors.js'
import { join } from 'node:path'
import { buildFolder } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { downloadedSamples } from '../download/read-shards.js'
import { loadLaionetLabels } from '../datasets/laionet-labels.js'
import { parquetRows } from '../io/parquet-row-groups.js'

/**
 * Streams the downloaded LAIONet images of `sources.laionetImages` (the WebDataset shards of `laionet download`) in
 * chunks with their class: the `wnid` the build stored with each sample, else the build's labels.json by row.
 * @param options `perClass`: keep only the first N samples of each class in shard order (the paper's first 100);
 * `skipRows`: download rows (the sample json's `row`) left out before anything else, e.g. the OCR-flagged ones
 * @throws when a sample has no class, naming the shard and key and what to set
 * @example for await (const c of laionetImageChunks(config)) c.inputs.length
 */
export async function* laionetImageChunks(config: LaionetConfig, { size = 256, perClass = Infinity, skipRows }: { size?: number, perClass?: number, skipRows?: ReadonlySet<number> } = {}) {
  const folder = config.sources.laionetImages
  if (!folder) throw new LaionetError('experiments', 'sources.laionetImages is not set (the folder `laionet download` wrote)', { code: 'usage' })
  let byRow: Map<number, string> | null = null
  const labelsFile = join(buildFolder(config), 'labels.json')
  const seen = new Map<string, number>()
  // With the authors' label file, a class's first `perClass` images follow the authors' order (issue #22 item 5).
  const chosen = Number.isFinite(perClass) && config.sources.laionetLabels ? await authorsFirst(config, folder, perClass) : null
  let chunk = { inputs: [] as Uint8Array[], labels: [] as string[], names: [] as string[] }
  for await (const s of downloadedSamples(folder)) {
    if (skipRows?.has(Number(s.json.row))) continue
    if (chosen && !chosen.has(`${s.shard}:${s.key}`)) continue
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

/**
 * The samples (`shard:key`) that are each class's first `perClass` in the authors' label file's order: a sample's
 * global LAION index comes from the build's laionet.parquet (download row r is its row r), its rank from its class's
 * list in `sources.laionetLabels`; samples the file does not list come after the listed ones, in shard order.
 */
async function authorsFirst(config: LaionetConfig, folder: string, perClass: number): Promise<Set<string>> {
  const labels = await loadLaionetLabels(config.sources.laionetLabels!)
  const rank = new Map<string, Map<number, number>>()
  for (const [wnid, rows] of labels) rank.set(wnid, new Map(rows.map((r, i) => [r, i])))
  const parquet = join(buildFolder(config), 'laionet.parquet')
  const global: number[] = []
  if (existsSync(parquet)) for await (const r of parquetRows(parquet, { columns: ['row'] })) global.push(Number(r.row))
  const perWnid = new Map<string, { id: string, rank: number, order: number }[]>()
  const always: string[] = []
  let order = 0
  for await (const s of downloadedSamples(folder, { images: false })) {
    const wnid = typeof s.json.wnid === 'string' ? s.json.wnid : null
    if (!wnid) { always.push(`${s.shard}:${s.key}`); continue } // classed by labels.json in the main pass, in shard order
    const index = global[Number(s.json.row)]
    const r = index === undefined ? undefined : rank.get(wnid)?.get(index)
    const list = perWnid.get(wnid) ?? perWnid.set(wnid, []).get(wnid)!
    list.push({ id: `${s.shard}:${s.key}`, rank: r ?? Infinity, order: order++ })
  }
  const chosen = new Set<string>(always)
  for (const list of perWnid.values()) list.sort((a, b) => a.rank - b.rank || a.order - b.order).slice(0, perClass).forEach((x) => chosen.add(x.id))
  return chosen
}
