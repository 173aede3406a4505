import { existsSync, readFileSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { parquetRowGroups } from '../../src/io/parquet-row-groups.js'
import { writeFileAtomic } from '../../src/io/write-atomic.js'
import { synsetText } from '../../src/imagenet/synset-text.js'
import { releasedModels } from '../../src/datasets/released-laionet.js'
import { createRandom } from '../../src/util/random.js'
import { imageVariant, sha1, type ImageVariant } from './images.js'
import type { PlannedRow, RehearsalPlan } from './plan.js'
import { isRich, REHEARSAL_SIZE } from './plan.js'
import type { Route } from './image-server.js'

/** The folders and files of a rehearsal, relative to its root. */
export const LAYOUT = {
  laion: 'laion400m-meta',
  server: 'server',
  val: 'imagenet/ILSVRC2012_img_val',
  devkit: 'imagenet/ILSVRC2012_devkit_t12',
  v2: {
    matchedFrequency: 'imagenetv2/imagenetv2-matched-frequency-format-val',
    threshold07: 'imagenetv2/imagenetv2-threshold0.7-format-val',
    topImages: 'imagenetv2/imagenetv2-top-images-format-val',
  },
  captions: 'imagenet-captions/imagenet_captions.json',
  released: 'laionet-released/subset_sm_filt(text_to_name_def_wnid_similarity_clip-vit-base-patch32).parquet',
  build: 'laionet-build/laionet.parquet',
  images: 'laionet-images',
  poolEmbeddings: 'embeddings/laion-pool-clip.npy',
  poolLabels: 'embeddings/laion-pool-wnids.json',
  labels: 'laionet-labels/wnid2laionindices(subset_sm_filt(text_to_name_def_wnid_similarity_clip-vit-base-patch32)).pkl',
  results: 'results',
  cache: 'cache',
  config: 'laionet.config.json',
} as const

/** The encoder of the released similarity column (the paper's main LAIONet). */
export const RELEASED_ENCODER = 'clip-vit-base-patch32'

/** Writes `bytes` unless the file already holds exactly them (so a rerun leaves files and their times alone). */
export async function writeIfChanged(file: string, bytes: Uint8Array | string): Promise<void> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (existsSync(file) && readFileSync(file).equals(data)) return
  await mkdir(dirname(file), { recursive: true })
  await writeFileAtomic(file, data)
}

type Log = (line: string) => void

/**
 * Writes the served LAION images (a variant of its class's ImageNet sample for each single-class row) under
 * `server/laion/` and returns the server's routes (`laion/<index>.jpg`, and `moved/<index>.jpg` for redirects; the
 * other rows share the clip-retrieval images) and each row's image size.
 */
export async function writeServedImages(root: string, plan: RehearsalPlan, log: Log): Promise<{ routes: Map<string, Route>, sizes: Map<number, ImageVariant> }> {
  const routes = new Map<string, Route>()
  const sizes = new Map<number, ImageVariant>()
  const clipSizes = new Map<string, ImageVariant>()
  let done = 0
  for (const r of [...plan.rows, ...plan.synthetic]) {
    if (r.kind === 'clip') {
      if (!clipSizes.has(r.source)) clipSizes.set(r.source, await imageVariant(r.source, 0, plan.seed))
      sizes.set(r.index, clipSizes.get(r.source)!)
      routes.set(r.path, { kind: 'image', file: r.source })
      continue
    }
    const image = await imageVariant(r.source, r.variant, plan.seed)
    const file = join(root, LAYOUT.server, 'laion', `${r.index}.jpg`)
    await writeIfChanged(file, image.bytes)
    sizes.set(r.index, image)
    routes.set(r.path, { kind: 'image', file })
    routes.set(`moved/${r.index}.jpg`, { kind: 'image', file })
    if (++done % 100 === 0) log(`rehearse: ${done} LAION images made`)
  }
  const real = done - plan.synthetic.length
  log(`rehearse: ${real} LAION images of ${new Set(plan.rows.filter((r) => r.wnid).map((r) => r.wnid)).size} classes, ${clipSizes.size} clip-retrieval images for the other ${plan.rows.length - real} rows, ${plan.synthetic.length} images of the synthetic rows`)
  return { routes, sizes }
}

/** The Spark file name of LAION part `part`. */
export function partName(part: number, uuid: string): string {
  return `part-${String(part).padStart(5, '0')}-${uuid}-c000.snappy.parquet`
}

type Column = { name: string, data: unknown[], type: 'INT64' | 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN' }

/** LAION-400M's metadata columns for these rows, as the parts and the released LAIONet both carry them. */
function laionColumns(rows: readonly PlannedRow[], origin: string, sizes: Map<number, ImageVariant>): Column[] {
  return [
    { name: 'SAMPLE_ID', data: rows.map((r) => BigInt(r.sampleId)), type: 'INT64' },
    { name: 'URL', data: rows.map((r) => `${origin}/${r.path}`), type: 'STRING' },
    { name: 'TEXT', data: rows.map((r) => r.text), type: 'STRING' },
    { name: 'HEIGHT', data: rows.map((r) => sizes.get(r.index)!.height), type: 'INT32' },
    { name: 'WIDTH', data: rows.map((r) => sizes.get(r.index)!.width), type: 'INT32' },
    { name: 'LICENSE', data: rows.map((r) => r.license), type: 'STRING' },
    { name: 'NSFW', data: rows.map((r) => r.nsfw), type: 'STRING' },
    { name: 'similarity', data: rows.map((r) => r.similarity), type: 'DOUBLE' },
  ]
}

/**
 * Writes the LAION parts with the full LAION-400M column set (snappy, Spark names, no pandas index): the three parts
 * of the real captions, then the fourth part of the synthetic rows (`plan.synthetic`: synset texts, not captions).
 */
export async function writeLaionParts(root: string, plan: RehearsalPlan, origin: string, sizes: Map<number, ImageVariant>): Promise<string[]> {
  const files: string[] = []
  for (let part = 0; part <= REHEARSAL_SIZE.synthetic.part; part++) {
    const rows = part === REHEARSAL_SIZE.synthetic.part ? plan.synthetic : plan.rows.filter((r) => r.part === part)
    const buffer = parquetWriteBuffer({
      codec: 'SNAPPY',
      rowGroupSize: 1000,
      columnData: laionColumns(rows, origin, sizes),
    })
    const file = join(root, LAYOUT.laion, partName(part, plan.uuid))
    await writeIfChanged(file, new Uint8Array(buffer))
    files.push(file)
  }
  return files
}

/**
 * Writes the validation folder (ILSVRC2012_val_NNNNNNNN.JPEG of real validation numbers of the class, each a variant
 * of its class's sample: variants 1-3, and 3001+ past the third image of a synthetic-row class) and the devkit.
 */
export async function writeImageNetVal(root: string, plan: RehearsalPlan): Promise<number> {
  let n = 0
  for (const c of plan.classes) {
    const numbers = plan.valNumbers.get(c.wnid)!
    for (let k = 0; k < numbers.length; k++) {
      const image = await imageVariant(plan.inputs.samples.get(c.wnid)!, k < REHEARSAL_SIZE.valPerClass ? 1 + k : 3000 + k, plan.seed)
      await writeIfChanged(join(root, LAYOUT.val, `ILSVRC2012_val_${String(numbers[k]).padStart(8, '0')}.JPEG`), image.bytes)
      n++
    }
  }
  const data = join(root, LAYOUT.devkit, 'data')
  await mkdir(data, { recursive: true })
  for (const [from, to] of [[plan.inputs.metaFile, join(data, 'meta.mat')], [plan.inputs.groundTruthFile, join(data, 'ILSVRC2012_validation_ground_truth.txt')], [plan.inputs.devkitCopying, join(root, LAYOUT.devkit, 'COPYING')]] as const) {
    if (!existsSync(to)) await copyFile(from, to)
  }
  return n
}

/**
 * Writes the three ImageNetV2 sets in their real layout `<class index>/<sha1>.jpeg` (plus one undecodable file in the
 * first set): `v2PerClass` images per class, `synthetic.perSide` for a synthetic-row class (variants 2000+).
 */
export async function writeImageNetV2(root: string, plan: RehearsalPlan): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const sets = Object.entries(LAYOUT.v2)
  for (let s = 0; s < sets.length; s++) {
    const [key, folder] = sets[s]
    counts[key] = 0
    for (const c of plan.classes) {
      const rich = isRich(plan, c.wnid)
      const n = rich ? REHEARSAL_SIZE.synthetic.perSide : REHEARSAL_SIZE.v2PerClass
      for (let k = 0; k < n; k++) {
        const image = await imageVariant(plan.inputs.samples.get(c.wnid)!, rich ? 2000 + s * n + k : 4 + s * n + k, plan.seed)
        await writeIfChanged(join(root, folder, String(c.index), `${sha1(image.bytes)}.jpeg`), image.bytes)
        counts[key]++
      }
    }
    if (s === 0) {
      // One image that cannot be decoded (a download cut after its first bytes): a per-image error, never a crash.
      const c = plan.classes[0]
      const cut = (await imageVariant(plan.inputs.samples.get(c.wnid)!, 99, plan.seed)).bytes.subarray(0, 64)
      await writeIfChanged(join(root, folder, String(c.index), `${sha1(cut)}.jpeg`), cut)
      counts.undecodable = 1
    }
  }
  return counts
}

/** Writes imagenet_captions.json: per class (`synthetic.perSide` for a synthetic-row class), entries whose title is a real LAION caption of that class. */
export async function writeImageNetCaptions(root: string, plan: RehearsalPlan): Promise<number> {
  const rng = createRandom(plan.seed + 11)
  const entries: { filename: string, title: string, tags: string[], description: string, wnid: string }[] = []
  for (const c of plan.classes) {
    const titles = plan.rows.filter((r) => r.wnid === c.wnid && r.text).map((r) => r.text!)
    const n = isRich(plan, c.wnid) ? REHEARSAL_SIZE.synthetic.perSide : REHEARSAL_SIZE.captionsPerClass
    for (let k = 0; k < n; k++) {
      entries.push({
        filename: `${c.wnid}_${1000 + rng.int(9000)}.JPEG`,
        title: titles[k % titles.length],
        tags: c.lemmas.slice(0, 2).map((l) => l.toLowerCase()),
        description: k === 0 ? '' : `photo ${k}`,
        wnid: c.wnid,
      })
    }
  }
  await writeIfChanged(join(root, LAYOUT.captions), JSON.stringify(entries, null, 1) + '\n')
  return entries.length
}

/** Each model's released top-1 and top-5 accuracy on the real ImageNet validation results. */
async function modelAccuracies(file: string): Promise<Map<string, { top1: number, top5: number }>> {
  const sums = new Map<string, { top1: number, top5: number, n: number }>()
  let models: string[] | null = null
  for await (const b of parquetRowGroups(file)) {
    models ??= releasedModels(Object.keys(b.columns))
    for (const m of models) {
      const s = sums.get(m) ?? { top1: 0, top5: 0, n: 0 }
      const t1 = b.columns[`top_1_is_correct_${m}`]
      const t5 = b.columns[`top_5_is_correct_${m}`]
      for (let i = 0; i < b.rows; i++) {
        if (typeof t1[i] !== 'boolean') continue
        s.n++
        if (t1[i]) s.top1++
        if (t5[i]) s.top5++
      }
      sums.set(m, s)
    }
  }
  return new Map([...sums].map(([m, s]) => [m, { top1: s.top1 / s.n, top5: s.top5 / s.n }]))
}

/**
 * Writes a released-LAIONet parquet of the authors' documented schema (pandas index = global LAION index) for the
 * single-class, NSFW-UNLIKELY rows. The values that need the authors' models are draws: the text similarity uniform
 * in (0.82, 0.95], one row in twenty with its class name in `recognized_text` (wnid_is_in_recognized_text true), and
 * each model's top-1/top-5 outcome drawn at that model's released ImageNet accuracy (one uniform per row and model,
 * so top-1 implies top-5). The format is what is rehearsed, not the values.
 */
export async function writeReleasedLaionet(root: string, plan: RehearsalPlan, origin: string, sizes: Map<number, ImageVariant>): Promise<{ rows: number, models: string[] }> {
  const rng = createRandom(plan.seed + 29)
  const rows: PlannedRow[] = plan.rows.filter((r) => r.wnid && r.nsfw === 'UNLIKELY')
  const byWnid = new Map(plan.allClasses.map((c) => [c.wnid, c]))
  const accuracy = await modelAccuracies(plan.inputs.paperVal)
  const models = [...accuracy.keys()]
  const ocr = rows.map(() => rng.next() < 0.05)
  const columns: Column[] = [
    ...laionColumns(rows, origin, sizes),
    { name: 'name_def_wnid', data: rows.map((r) => synsetText(byWnid.get(r.wnid!)!)), type: 'STRING' },
    { name: `text_to_name_def_wnid_similarity_${RELEASED_ENCODER}`, data: rows.map(() => Math.round((0.95 - 0.13 * rng.next()) * 1e6) / 1e6), type: 'DOUBLE' },
    { name: 'recognized_text', data: rows.map((r, i) => (ocr[i] ? byWnid.get(r.wnid!)!.lemmas[0].toUpperCase() : '')), type: 'STRING' },
    { name: 'wnid_is_in_recognized_text', data: ocr, type: 'BOOLEAN' },
  ]
  for (const m of models) {
    const u = rows.map(() => rng.next())
    const { top1, top5 } = accuracy.get(m)!
    columns.push({ name: `top_1_is_correct_${m}`, data: u.map((x) => x < top1), type: 'BOOLEAN' })
    columns.push({ name: `top_5_is_correct_${m}`, data: u.map((x) => x < top5), type: 'BOOLEAN' })
  }
  columns.push({ name: '__index_level_0__', data: rows.map((r) => BigInt(r.index)), type: 'INT64' })
  const pandas = {
    index_columns: ['__index_level_0__'],
    column_indexes: [{ name: null, field_name: null, pandas_type: 'unicode', numpy_type: 'object', metadata: { encoding: 'UTF-8' } }],
    columns: columns.map((c) => ({ name: c.name === '__index_level_0__' ? null : c.name, field_name: c.name, pandas_type: c.type === 'STRING' ? 'unicode' : c.type === 'BOOLEAN' ? 'bool' : c.type === 'DOUBLE' ? 'float64' : 'int64', numpy_type: c.type === 'STRING' ? 'object' : c.type === 'BOOLEAN' ? 'bool' : c.type === 'DOUBLE' ? 'float64' : 'int64', metadata: null })),
    creator: { library: 'pyarrow', version: '14.0.1' },
    pandas_version: '2.1.4',
  }
  const buffer = parquetWriteBuffer({ codec: 'SNAPPY', columnData: columns as never, kvMetadata: [{ key: 'pandas', value: JSON.stringify(pandas) }] })
  await writeIfChanged(join(root, LAYOUT.released), new Uint8Array(buffer))
  return { rows: rows.length, models }
}
