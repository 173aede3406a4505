import { join } from 'node:path'
import { LaionetError } from '../util/errors.js'
import { paperValue } from '../paper/registry.js'
import { buildFolder, experimentSources } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { readBuild } from '../laionet/read-build.js'
import { synsetTexts } from '../laionet/synset-texts.js'
import { intraClassByLabelAsync } from '../metrics/intra-class-by-label.js'
import { loadLabelledEmbeddings } from '../metrics/intra-class-files.js'
import { embedTexts } from '../models/embed-texts.js'
import { frontier42 } from '../plots/figures/frontier-4-2.js'
import { simulatedFrontierInput } from '../plots/inputs/simulated.js'
import { roundTo } from '../util/format.js'
import { part, recorder, simulatedStudy } from './common.js'
import { laionPoolFromImages } from './image-link-images.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentResult } from './types.js'

const rec = recorder('image-link')

/** The paper's four equal-size datasets (TMLR Sec. 4.2): text threshold t, image threshold i, mean intra-class similarity. */
const PAPER_IMAGE_LINK = (['A', 'B', 'C', 'D'] as const).map((name) => ({
  name,
  textThreshold: paperValue(`imageLink.textThreshold${name}`),
  imageThreshold: paperValue(`imageLink.imageThreshold${name}`),
  meanIntraClass: paperValue(`imageLink.mean${name}`),
}))

/**
 * Chooses the image threshold of each text threshold so that the four datasets have the same size, as the paper
 * does: the size is that of dataset A at the paper's (t, i) (half of the pool above t_A when that is empty, e.g.
 * with the tiny CLIP), and each dataset keeps the `size` rows of highest image similarity among those with text
 * similarity >= t.
 * @returns per dataset the kept row indices and the image threshold (the smallest image similarity kept)
 * @example equalSizeDatasets(text, image, [0.81, 0.79])
 */
export function equalSizeDatasets(text: ArrayLike<number>, image: ArrayLike<number>, thresholds: readonly number[] = PAPER_IMAGE_LINK.map((p) => p.textThreshold), firstImageThreshold: number = PAPER_IMAGE_LINK[0].imageThreshold) {
  const n = text.length
  const above = (t: number) => Array.from({ length: n }, (_, r) => r).filter((r) => text[r] >= t)
  const first = above(thresholds[0])
  let size = first.filter((r) => image[r] >= firstImageThreshold).length
  if (size === 0) size = Math.ceil(first.length / 2)
  return thresholds.map((t) => {
    const rows = above(t).sort((a, b) => image[b] - image[a] || a - b).slice(0, size)
    return { textThreshold: t, rows: rows.sort((a, b) => a - b), imageThreshold: rows.length ? rows.reduce((a, r) => Math.min(a, image[r]), Infinity) : NaN }
  })
}

/**
 * Reads `sources.embeddings.laionPool`, the CLIP image embeddings of the lemma-matched LAION pool, and checks that its
 * rows follow the build's candidates.parquet (one row per candidate, same class), which gives each row its caption
 * and text similarity.
 * @throws when the counts or the classes disagree, naming both files
 * @example const { E, candidates } = await laionPool(config)
 */
export async function laionPool(config: LaionetConfig) {
  const pool = config.sources.embeddings.laionPool!
  const E = await loadLabelledEmbeddings(pool.file, pool.labels)
  const build = buildFolder(config)
  const { candidates } = await readBuild(build)
  if (candidates.length !== E.n) throw new LaionetError('image-link', `${pool.file} has ${E.n} rows but the build's ${join(build, 'candidates.parquet')} has ${candidates.length} candidates; sources.embeddings.laionPool must hold one image embedding per candidate of sources.laionetBuild, in its order`, { code: 'mismatch' })
  const mismatch = candidates.findIndex((c, r) => c.wnid !== E.labels[r])
  if (mismatch >= 0) throw new LaionetError('image-link', `row ${mismatch} of ${pool.labels} is ${E.labels[mismatch]} but candidate ${mismatch} of the build is ${candidates[mismatch].wnid}; the pool's rows must follow candidates.parquet`, { code: 'mismatch' })
  return { E, candidates, build, pool }
}

/**
 * TMLR Sec. 4.2, datasets A-D: adding an image link to LAION's text-based selection. Real branch: the CLIP image
 * embeddings of the lemma-matched pool (`sources.embeddings.laionPool`, one row per candidate of the build's
 * candidates.parquet, whose stored text similarity gives t), or the pool's downloaded images
 * (`sources.laionPoolImages`, embedded here with the configured CLIP through the embedding cache); their similarity to
 * the synset texts embedded with the configured CLIP gives i; thresholds are chosen so the four datasets have the same size; their mean intra-class
 * similarity is compared with the paper's. Else the simulated world's frontier.
 * @example const { records } = await imageLink({ config: await loadConfig() })
 */
export async function imageLink({ config, onProgress }: ExperimentContext): Promise<ExperimentResult> {
  const sources = experimentSources(config, 'image-link')
  const choice = part(sources, 'image-link')
  if (choice.branch === 'simulated') {
    const input = simulatedFrontierInput(await simulatedStudy(1))
    const records = input.points.map((p, j) => rec(j < PAPER_IMAGE_LINK.length ? `imageLink.mean${PAPER_IMAGE_LINK[j].name}` : `imageLink.mean.${p.name}`, 'Section 4.2', `mean intra-class similarity of dataset ${p.name}`, p.meanIntraClass, { unit: 'similarity', tier: 'simulated', source: [], note: `simulated world, seed 1; ${input.note}` }))
    const needs = 'needs the lemma-matched LAION pool\'s image embeddings (sources.embeddings.laionPool)'
    records.push(
      rec('imageLink.datasetSize', 'Section 4.2', 'size of each image-linked dataset (equal by construction)', null, { tier: 'quoted', source: [], note: needs }),
      ...PAPER_IMAGE_LINK.map((p) => rec(`imageLink.imageThreshold${p.name}`, 'Section 4.2', `image threshold of dataset ${p.name} (equal sizes)`, null, { tier: 'quoted', source: [], note: needs })),
    )
    return { experiment: 'image-link', sources, records, figures: [{ id: 'frontier-4-2', figure: frontier42(input) }], tables: [] }
  }
  const model = await loadConfiguredClip(config)
  let T
  let pool: Awaited<ReturnType<typeof laionPool>> & { dropRecords?: Awaited<ReturnType<typeof laionPoolFromImages>>['dropRecords'] }
  const texts = synsetTexts(await loadImageNetClasses())
  try {
    // The pool's image embeddings: precomputed (sources.embeddings.laionPool), or its downloaded images embedded here.
    pool = choice.branch === 'images' ? await laionPoolFromImages(config, model.clip, onProgress) : await laionPool(config)
    const wnids = [...new Set(pool.E.labels)].sort()
    onProgress?.(`image-link: embedding ${wnids.length} synset texts with ${model.spec}`)
    T = { ...(await embedTexts(model.clip, wnids.map((w) => texts[w]))), wnids }
  } finally {
    await model.clip.dispose()
  }
  const { E, candidates, build } = pool
  const wnids = T.wnids
  if (T.dim !== E.d) throw new LaionetError('image-link', `${pool.pool.file} has width ${E.d} but models.clip ${model.spec} embeds texts in ${T.dim} dimensions (the pool must be embedded with the configured CLIP)`, { code: 'mismatch' })
  const at = new Map(wnids.map((w, i) => [w, i]))
  const image = new Float64Array(E.n)
  for (let r = 0; r < E.n; r++) {
    const t = at.get(E.labels[r])! * T.dim
    let s = 0
    for (let k = 0; k < E.d; k++) s += E.X[r * E.d + k] * T.data[t + k]
    image[r] = s
  }
  const text = candidates.map((c) => c.similarity)
  const sets = equalSizeDatasets(text, image)
  const tier = choice.tier
  const points = await Promise.all(sets.map(async (s, j) => {
    const X = new Float32Array(s.rows.length * E.d)
    s.rows.forEach((r, k) => X.set(E.X.subarray(r * E.d, (r + 1) * E.d), k * E.d))
    const stats = await intraClassByLabelAsync(X, s.rows.map((r) => E.labels[r]), E.d, { maxPerClass: config.limits.laionetPerClass })
    const means = [...stats.values()].map((x) => x.mean).filter(Number.isFinite)
    return { name: PAPER_IMAGE_LINK[j].name, textThreshold: s.textThreshold, imageThreshold: s.imageThreshold, meanIntraClass: means.reduce((a, b) => a + b, 0) / Math.max(1, means.length), size: s.rows.length }
  }))
  const src = [...choice.source, join(build, 'candidates.parquet')]
  const records = [
    ...points.flatMap((p, j) => [
      rec(`imageLink.mean${PAPER_IMAGE_LINK[j].name}`, 'Section 4.2', `mean intra-class similarity of dataset ${p.name}`, Number.isFinite(p.meanIntraClass) ? p.meanIntraClass : null, { tier, source: src, note: `t >= ${p.textThreshold}, i >= ${roundTo(p.imageThreshold, 4)}, ${p.size} samples` }),
      rec(`imageLink.imageThreshold${PAPER_IMAGE_LINK[j].name}`, 'Section 4.2', `image threshold of dataset ${p.name} (equal sizes)`, Number.isFinite(p.imageThreshold) ? p.imageThreshold : null, { tier, source: src }),
      rec(`imageLink.textThreshold${PAPER_IMAGE_LINK[j].name}`, 'Section 4.2', `text threshold of dataset ${p.name}`, p.textThreshold, { tier, source: src }),
    ]),
    rec('imageLink.datasetSize', 'Section 4.2', 'size of each image-linked dataset (equal by construction)', points[0]?.size ?? null, { tier, source: src }),
    // The pool images the authors' verify_image dropped (the images branch only).
    ...(pool.dropRecords ?? []).map((r) => ({ ...r, tier })),
  ]
  return {
    experiment: 'image-link', sources, records,
    figures: [{ id: 'frontier-4-2', figure: frontier42({ tier, note: `${E.n} lemma-matched LAION images; each dataset has ${points[0]?.size ?? 0} samples`, points }) }],
    tables: [{ id: 'datasets', title: 'The four equal-size datasets', rows: points.map((p) => ({ ...p })) }],
  }
}
