import { join } from 'node:path'
import { buildFolder } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { downloadedSamples } from '../download/read-shards.js'
import { readBuild } from '../laionet/read-build.js'
import type { BuildCandidate } from '../laionet/read-build.js'
import type { LabelledEmbeddings } from '../metrics/intra-class-files.js'
import { embedImages } from '../models/embed-images.js'
import type { ImageError, ImageModel } from '../models/types.js'
import { LaionetError } from '../util/errors.js'
import { countDrops, dropRecords, imageRuleFor, type DropSide } from './image-drops.js'
import type { ExperimentRecord } from './types.js'

/** Images embedded per call of the embedding cache: bounds the image bytes held in memory at once. */
const CHUNK = 1024

/**
 * The lemma-matched pool of image-link from its downloaded images (`sources.laionPoolImages`, the folder
 * `laionet download --input <build>/candidates.parquet` wrote): each stored sample's `row` is its candidate, whose
 * class and text similarity it takes; the images are embedded with `model` through the embedding cache (a rerun
 * embeds nothing again). Candidates whose image failed to download or decode are left out, and so are those the
 * authors' verify_image drops (`methods.imageRule`), counted per reason in `dropRecords`.
 * @throws when a sample's row is not a candidate of the build or its URL differs from the candidate's, naming both
 * @example const { E, candidates } = await laionPoolFromImages(config, clip)
 */
export async function laionPoolFromImages(config: LaionetConfig, model: ImageModel, onProgress?: (message: string) => void): Promise<{ E: LabelledEmbeddings, candidates: BuildCandidate[], build: string, pool: { file: string, labels: string }, dropRecords: ExperimentRecord[], drops: DropSide }> {
  const folder = config.sources.laionPoolImages
  if (!folder) throw new LaionetError('image-link', 'sources.laionPoolImages is not set (the folder `laionet download --input <build>/candidates.parquet` wrote)', { code: 'usage' })
  const build = buildFolder(config)
  const { candidates: all } = await readBuild(build)
  const candidates: BuildCandidate[] = []
  const parts: Float32Array[] = []
  let d = 0
  let chunk: { bytes: Uint8Array, candidate: BuildCandidate }[] = []
  const imageRule = imageRuleFor(config, 'download')
  const errors: ImageError[] = []
  let read = 0
  const flush = async () => {
    if (!chunk.length) return
    const e = await embedImages(model, chunk.map((c) => c.bytes), { imageRule })
    errors.push(...e.errors)
    read += chunk.length
    chunk.forEach((c, i) => { if (e.rowOf[i] >= 0) candidates.push(c.candidate) })
    if (e.rows) { d = e.dim; parts.push(e.data.slice(0, e.rows * e.dim)) }
    onProgress?.(`image-link: embedded ${candidates.length} pool images of ${folder}`)
    chunk = []
  }
  for await (const s of downloadedSamples(folder)) {
    const row = Number(s.json.row)
    const candidate = Number.isInteger(row) ? all[row] : undefined
    if (!candidate) throw new LaionetError('image-link', `sample ${s.key} of ${join(folder, s.shard)} is row ${String(s.json.row)}, but ${join(build, 'candidates.parquet')} has ${all.length} candidates (rows 0..${all.length - 1})`, { code: 'mismatch', fix: `Download the pool with "laionet download --input ${join(build, 'candidates.parquet')}", or set sources.laionetBuild to the build it came from` })
    if (candidate.url !== null && s.json.url !== candidate.url) throw new LaionetError('image-link', `sample ${s.key} of ${join(folder, s.shard)} has URL ${JSON.stringify(String(s.json.url).slice(0, 200))} but candidate ${row} of ${join(build, 'candidates.parquet')} has ${JSON.stringify(candidate.url.slice(0, 200))}`, { code: 'mismatch', fix: 'The pool was downloaded from another build: set sources.laionetBuild to that build, or download the pool again' })
    chunk.push({ bytes: s.image!, candidate })
    if (chunk.length >= CHUNK) await flush()
  }
  await flush()
  if (candidates.length === 0) throw new LaionetError('image-link', `${folder} holds no usable pool image (expected the shards of "laionet download --input ${join(build, 'candidates.parquet')}")`, { code: 'invalid-input' })
  const X = new Float32Array(candidates.length * d)
  let at = 0
  for (const p of parts) { X.set(p, at); at += p.length }
  const drops: DropSide = { side: 'LAION pool', rule: imageRule, counts: countDrops(errors), of: read }
  const records = dropRecords('image-link', 'Section 4.2', drops.side, drops.counts, { rule: imageRule, tier: 'real', source: [folder], of: read })
  return { E: { X, n: candidates.length, d, labels: candidates.map((c) => c.wnid) }, candidates, build, pool: { file: folder, labels: join(build, 'candidates.parquet') }, dropRecords: records, drops }
}
