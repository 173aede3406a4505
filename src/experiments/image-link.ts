import { join } from 'node:path'
import { LaionetError } from '../util/errors.js'
import { paperValue } from '../paper/registry.js'
import { buildFolder, experimentSources } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { readBuild } from '../laionet/read-build.js'
import { synsetTexts } from '../laionet/synset-texts.js'
import { loadLabelledEmbeddings } from '../metrics/intra-class-files.js'
import { embedTexts } from '../models/embed-texts.js'
import { frontier42 } from '../plots/figures/frontier-4-2.js'
import { simulatedFrontierInput } from '../plots/inputs/simulated.js'
import { roundTo } from '../util/format.js'
import { part, recorder, simulatedStudy } from './common.js'
import { laionPoolFromImages } from './image-link-images.js'
import { IMAGE_LINK_REFERENCE, imageLinkDatasets, imageLinkMeans, type PooledMean } from './image-link-measure.js'
import { imageNetValSet } from './imagenet-val-set.js'
import { dropRecords, dropTable, type DropSide } from './image-drops.js'
import type { EmbeddedSet } from './embed-sets.js'
import type { LabelledSet } from './intra-class-source.js'
import type { LabelledEmbeddings } from '../metrics/intra-class-files.js'
import type { BuildCandidate } from '../laionet/read-build.js'
import { gatherRows, groupRows } from '../metrics/group-rows.js'
import { loadConfiguredClip } from './text-filter-model.js'
import type { ExperimentContext, ExperimentRecord, ExperimentResult } from './types.js'

const rec = recorder('image-link')

/** The paper's four equal-size datasets (TMLR Sec. 4.2): text threshold t, image threshold i, mean intra-class similarity. */
const PAPER_IMAGE_LINK = (['A', 'B', 'C', 'D'] as const).map((name) => ({
  name,
  textThreshold: paperValue(`imageLink.textThreshold${name}`),
  imageThreshold: paperValue(`imageLink.imageThreshold${name}`),
  meanIntraClass: paperValue(`imageLink.mean${name}`),
}))

/**
 * Reads `sources.embeddings.laionPool`, the CLIP image embeddings of the lemma-matched LAION pool, and checks that its
 * rows follow the build's candidates.parquet (one row per candidate, same class), which gives each row its caption
 * and text similarity.
 * @throws when the counts or the classes disagree, naming both files
 * @example const { E, candidates } = await laionPool(config)
 */
async function laionPool(config: LaionetConfig) {
  const pool = config.sources.embeddings.laionPool!
  const E = await loadLabelledEmbeddings(pool.file, pool.labels)
  const build = buildFolder(config)
  const { candidates } = await readBuild(build)
  if (candidates.length !== E.n) throw new LaionetError('image-link', `${pool.file} has ${E.n} rows but the build's ${join(build, 'candidates.parquet')} has ${candidates.length} candidates; sources.embeddings.laionPool must hold one image embedding per candidate of sources.laionetBuild, in its order`, { code: 'mismatch' })
  const mismatch = candidates.findIndex((c, r) => c.wnid !== E.labels[r])
  if (mismatch >= 0) throw new LaionetError('image-link', `row ${mismatch} of ${pool.labels} is ${E.labels[mismatch]} but candidate ${mismatch} of the build is ${candidates[mismatch].wnid}; the pool's rows must follow candidates.parquet`, { code: 'mismatch' })
  return { E, candidates, build, pool }
}

/** The pool with its rows sorted by candidate row (downloaded pools come in download-completion order). */
function inRowOrder<P extends { E: LabelledEmbeddings, candidates: BuildCandidate[] }>(pool: P): P {
  const order = pool.candidates.map((_, i) => i).sort((a, b) => pool.candidates[a].row - pool.candidates[b].row)
  if (order.every((o, i) => o === i)) return pool
  const { E } = pool
  return { ...pool, E: { ...E, X: gatherRows(E.X, order, E.d), labels: order.map((o) => E.labels[o]) }, candidates: order.map((o) => pool.candidates[o]) }
}

/**
 * TMLR Sec. 4.2, datasets A-D: adding an image link to LAION's text-based selection, the authors' way. Real branch: the
 * CLIP image embeddings of the lemma-matched pool (`sources.embeddings.laionPool`, one row per candidate of the
 * build's candidates.parquet, whose stored text similarity gives t), or the pool's downloaded images
 * (`sources.laionPoolImages`, embedded with the configured CLIP through the embedding cache); their similarity to the
 * synset texts gives i. The pool drops its NSFW rows; each dataset has the size of the authors' reference (text >= 0.82,
 * image >= 0.2); its mean is the mean of the pooled resampled pairs (min(#pairs, 100) per class, first
 * `limits.laionetPerClass` images per class) over the classes common to A-D, and ImageNet validation's comparator
 * (`image-link-imagenet`: its embeddings or folder) is pooled the same way over those classes. Else the simulated
 * world's frontier.
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
  let pool: Awaited<ReturnType<typeof laionPool>> & { dropRecords?: ExperimentRecord[], drops?: DropSide }
  let inetSet: LabelledSet | EmbeddedSet | null
  const inetChoice = part(sources, 'image-link-imagenet')
  const texts = synsetTexts(await loadImageNetClasses())
  try {
    // The pool's image embeddings: precomputed (sources.embeddings.laionPool), or its downloaded images embedded here.
    pool = choice.branch === 'images' ? await laionPoolFromImages(config, model.clip, onProgress) : await laionPool(config)
    const wnids = [...new Set(pool.E.labels)].sort()
    onProgress?.(`image-link: embedding ${wnids.length} synset texts with ${model.spec}`)
    T = { ...(await embedTexts(model.clip, wnids.map((w) => texts[w]))), wnids }
    if (inetChoice.branch === 'images') onProgress?.(`image-link: embedding the ImageNet validation images of ${config.sources.imagenetVal.folder}`)
    inetSet = await imageNetValSet(config, inetChoice, model.clip)
  } finally {
    await model.clip.dispose()
  }
  // Candidate (LAION) row order, whatever order the images were downloaded in: the first rows of a class and the
  // seeded pair draws then do not depend on download timing.
  const { E, candidates, build } = inRowOrder(pool)
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
  const chosen = imageLinkDatasets({ text: candidates.map((c) => c.similarity), image, nsfwOk: candidates.map((c) => c.nsfwOk), labels: E.labels }, PAPER_IMAGE_LINK.map((p) => p.textThreshold))
  const perClass = config.limits.laionetPerClass
  const sets = chosen.datasets.map((s) => {
    // Only the first `perClass` rows of each class are measured (the authors' --do_sample --n_sample 100).
    const rows = [...groupRows(s.rows.map((r) => E.labels[r]), { maxPerClass: perClass }).values()].flat().map((k) => s.rows[k]).sort((a, b) => a - b)
    return { X: gatherRows(E.X, rows, E.d), labels: rows.map((r) => E.labels[r]), d: E.d }
  })
  if (inetSet && inetSet.d !== E.d) throw new LaionetError('image-link', `the LAION pool embeddings have width ${E.d} but the ImageNet validation embeddings ${inetSet.d} (embed both with models.clip)`, { code: 'mismatch' })
  const inet = inetSet ? { set: inetSet, tier: inetChoice.tier, source: inetChoice.source } : null
  const means = await imageLinkMeans(sets, inet?.set ?? null)
  const points = chosen.datasets.map((s, j) => ({ name: PAPER_IMAGE_LINK[j].name, textThreshold: s.textThreshold, imageThreshold: s.imageThreshold, meanIntraClass: means.sets[j].mean, size: s.rows.length, classes: means.common.length, expected: means.sets[j].expected, sd: means.sets[j].sd }))
  const tier = choice.tier
  const src = [...choice.source, join(build, 'candidates.parquet')]
  const sizeNote = chosen.fromReference ? `the size of the pool's rows with text >= ${IMAGE_LINK_REFERENCE.text} and image >= ${IMAGE_LINK_REFERENCE.image} (the authors' reference)` : `the authors' reference (NSFW-free rows with text >= ${IMAGE_LINK_REFERENCE.text} and image >= ${IMAGE_LINK_REFERENCE.image}) holds no class with two images, so the size is half the rows above t_A`
  const pooling = (m: PooledMean) => `pooled resampled pairs: min(#pairs, 100) drawn with replacement per class over the ${m.classes} classes common to A-D (seeded; expectation ${m.expected}, draw sd ${m.sd})`
  const drops: DropSide[] = [...(pool.drops ? [pool.drops] : []), ...(inet && 'drops' in inet.set ? [{ side: 'ImageNet validation', ...inet.set.drops }] : [])]
  const records = [
    ...points.flatMap((p, j) => [
      rec(`imageLink.mean${PAPER_IMAGE_LINK[j].name}`, 'Section 4.2', `mean intra-class similarity of dataset ${p.name}`, means.common.length ? p.meanIntraClass : null, { tier, source: src, note: `text > ${p.textThreshold}, image >= ${roundTo(p.imageThreshold, 4)}, ${p.size} samples (NSFW dropped: ${chosen.nsfwDropped} pool rows); first ${perClass} per class; ${pooling(means.sets[j])}` }),
      rec(`imageLink.imageThreshold${PAPER_IMAGE_LINK[j].name}`, 'Section 4.2', `image threshold of dataset ${p.name} (equal sizes)`, Number.isFinite(p.imageThreshold) ? p.imageThreshold : null, { tier, source: src, note: 'the smallest image similarity kept: the dataset is the reference size\'s rows of highest image similarity among text > t (the authors: golden-section search, rounded to 4 decimals)' }),
      rec(`imageLink.textThreshold${PAPER_IMAGE_LINK[j].name}`, 'Section 4.2', `text threshold of dataset ${p.name}`, p.textThreshold, { tier, source: src }),
    ]),
    rec('imageLink.datasetSize', 'Section 4.2', 'size of each image-linked dataset (equal by construction)', chosen.size, { tier, source: src, note: sizeNote }),
    // The pool images the authors' verify_image dropped (the images branch only), and the ImageNet validation images
    // their local rule (mode RGB) dropped (its folder branch only).
    ...(pool.dropRecords ?? []).map((r) => ({ ...r, tier })),
    ...(inet && 'drops' in inet.set ? dropRecords('image-link', 'Section 4.2', 'ImageNet validation', inet.set.drops.counts, { rule: inet.set.drops.rule, tier: inet.tier, source: inet.source, of: inet.set.drops.of }) : []),
    inet && means.imagenet && means.common.length
      ? rec('imageLink.imagenetMean', 'Section 4.2', 'mean intra-class similarity of ImageNet validation (pooled resampled pairs over the common classes)', means.imagenet.mean, { tier: inet.tier, source: inet.source, note: `${pooling(means.imagenet)}${means.imagenet.missing.length ? `; ${means.imagenet.missing.length} common classes have fewer than 2 ImageNet images and are left out` : ''}` })
      : rec('imageLink.imagenetMean', 'Section 4.2', 'mean intra-class similarity of ImageNet validation', null, { tier: 'quoted', source: [], note: inet ? 'no class is common to the four datasets' : 'needs ImageNet validation\'s embeddings (sources.embeddings.imagenetVal) or folder (sources.imagenetVal.folder)' }),
  ]
  return {
    experiment: 'image-link', sources, records,
    // The frontier needs a mean per dataset: none when no class has two images in all four sets.
    figures: means.common.length ? [{ id: 'frontier-4-2', figure: frontier42({ tier, note: `${E.n} lemma-matched LAION images; each dataset has ${chosen.size} samples; means over ${means.common.length} common classes`, points, ...(means.imagenet ? { imagenetMean: means.imagenet.mean } : {}) }) }] : [],
    tables: [{ id: 'datasets', title: 'The four equal-size datasets', rows: points.map((p) => ({ ...p })) }, ...drops.length ? [dropTable('image-drops', drops)] : []],
  }
}
