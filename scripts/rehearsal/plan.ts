import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { dataFolder, dataPath } from '../../src/data/data-path.js'
import { loadValidationLabels } from '../../src/imagenet/devkit.js'
import { loadImageNetClasses } from '../../src/imagenet/load-classes.js'
import type { ImageNetClass } from '../../src/imagenet/types.js'
import { parquetRows } from '../../src/io/parquet-row-groups.js'
import { synsetText } from '../../src/imagenet/synset-text.js'
import { createLemmaMatcher } from '../../src/laionet/lemma-matcher.js'
import { loadLemmaMap } from '../../src/laionet/load-lemma-map.js'
import { fixtureModelDir } from '../../src/models/fixtures-dir.js'
import { createRandom } from '../../src/util/random.js'

/** Where a LAION URL's image comes from: a variant of its class's ImageNet sample, or a clip-retrieval image. */
export type UrlKind = 'laion' | 'clip'

/** One row of the rehearsal's LAION parts: a real caption of the 10,000-row sample. */
export interface PlannedRow {
  /** Part number (0, 1, 2 for the real captions; 3 for the synthetic rows). */
  part: number
  /** Row in its part. */
  row: number
  /** Global LAION index part * 1e8 + row. */
  index: number
  /** The real caption (a synthetic row: its class's synset text). */
  text: string | null
  /** The real URL it had (kept for the record, not served). */
  originalUrl: string
  /** SAMPLE_ID: the row's index in the img2dataset sample file. */
  sampleId: number
  /** The class of a single-class lemma match, else null. */
  wnid: string | null
  /** What its URL serves (the failure modes are given to some LAIONet rows after the build, by the server's routes). */
  kind: UrlKind
  /** URL path on the server (no host): e.g. 'laion/200000017.jpg'. */
  path: string
  /** The real image its bytes come from (an ImageNet sample of its class, or a clip-retrieval image). */
  source: string
  /** Variant of `source` (0 = as is). */
  variant: number
  /** LAION's NSFW tag: UNLIKELY, UNSURE or NSFW. */
  nsfw: string
  /** LICENSE. */
  license: string
  /** LAION's CLIP image-text similarity (>= 0.3 in LAION-400M). */
  similarity: number
}

/** Everything the rehearsal makes, decided before any file is written (deterministic in the seed). */
export interface RehearsalPlan {
  seed: number
  /** The 10,000 real rows over three parts. */
  rows: PlannedRow[]
  /**
   * The synthetic rows of the fourth part, beside the real captions: for each class of `richClasses`,
   * `REHEARSAL_SIZE.synthetic.rowsPerClass` rows whose caption is exactly the class's synset text (so any CLIP scores
   * them 1 against it, above 0.82 even with the tiny random model), each pointing at its own variant of the class's
   * ImageNet sample. They give those classes enough LAIONet samples for the per-class tests (>= 7 on both sides).
   */
  synthetic: PlannedRow[]
  /** The classes of the synthetic rows (their synset text matches exactly that class under the paper map), which
   * also get `REHEARSAL_SIZE.synthetic.perSide` validation, ImageNetV2 and ImageNet-Captions images. */
  richClasses: string[]
  /** Spark job uuid shared by the part names. */
  uuid: string
  /** The classes of the ImageNet-side sources (val, V2, captions): the most frequent single-class matches. */
  classes: ImageNetClass[]
  /** All 1000 classes (sorted-wnid order). */
  allClasses: ImageNetClass[]
  /** Validation image numbers per rehearsal class (their real devkit label is that class). */
  valNumbers: Map<string, number[]>
  /** The real files the rehearsal reads. */
  inputs: { laionSample: string, samples: Map<string, string>, clipImages: string[], metaFile: string, groundTruthFile: string, devkitCopying: string, paperVal: string, classifier: string, clip: string }
}

/** Sizes of the rehearsal (small: CI runs it). */
export const REHEARSAL_SIZE = {
  parts: 3, classes: 40, valPerClass: 3, v2PerClass: 2, captionsPerClass: 3,
  /** The synthetic fourth part: `classes` classes of `rowsPerClass` rows each; those classes have `perSide` images
   * in the validation folder, each ImageNetV2 set and ImageNet-Captions. */
  synthetic: { part: 3, classes: 4, rowsPerClass: 10, perSide: 8 },
} as const

/** Whether a class is one of the plan's synthetic-row classes. */
export function isRich(plan: Pick<RehearsalPlan, 'richClasses'>, wnid: string): boolean {
  return plan.richClasses.includes(wnid)
}

function uuidFrom(rng: ReturnType<typeof createRandom>): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * Plans the rehearsal from the real files of the data mirror: the 10,000 real LAION captions split over three
 * parts, each matched to the lemmas (paper mode) so that a caption of one class points at a variant of that class's
 * real ImageNet sample image, the rest at the clip-retrieval images; the 40 most frequent classes for the ImageNet
 * side, with validation image numbers whose real devkit label is that class; and a synthetic fourth part (`synthetic`,
 * kept apart from `rows` so every count of the real captions stays theirs) of synset-text rows for 4 of those classes.
 * @param seed the seed of every random choice
 */
export async function planRehearsal(seed: number): Promise<RehearsalPlan> {
  const rng = createRandom(seed)
  const laionSample = await dataPath('laion/laion400m-sample-10000.parquet')
  const samplesDir = await dataFolder('imagenet/samples/')
  const clipDir = await dataFolder('clip/golden-real/')
  const samples = new Map<string, string>()
  for (const name of (await readdir(samplesDir)).sort()) {
    const m = /^(n\d{8})_.*\.JPEG$/.exec(name)
    if (m) samples.set(m[1], join(samplesDir, name))
  }
  const clipImages = (await readdir(clipDir)).filter((n) => n.endsWith('.jpg')).sort().map((n) => join(clipDir, n))
  const allClasses = await loadImageNetClasses()
  const matcher = createLemmaMatcher(await loadLemmaMap('paper', {}, { classes: allClasses }))
  const raw: { text: string | null, url: string, sampleId: number }[] = []
  for await (const r of parquetRows(laionSample, { columns: ['URL', 'TEXT', '__index_level_0__'] })) {
    raw.push({ text: typeof r.TEXT === 'string' ? r.TEXT : null, url: String(r.URL), sampleId: Number(r.__index_level_0__) })
  }
  const perPart = Math.ceil(raw.length / REHEARSAL_SIZE.parts)
  const perClass = new Map<string, number>()
  const rows: PlannedRow[] = raw.map((r, i) => {
    const part = Math.floor(i / perPart)
    const row = i - part * perPart
    const index = part * 1e8 + row
    const m = matcher.match(r.text)
    const wnid = m && m.wnids.length === 1 && samples.has(m.wnids[0]) ? m.wnids[0] : null
    const u = rng.next()
    const nsfw = u < 0.04 ? 'NSFW' : u < 0.07 ? 'UNSURE' : 'UNLIKELY'
    const license = rng.next() < 0.03 ? 'by-nc-sa' : '?'
    const similarity = Math.round((0.3 + 0.15 * rng.next()) * 1e6) / 1e6
    if (wnid) {
      const ordinal = perClass.get(wnid) ?? 0
      perClass.set(wnid, ordinal + 1)
      return { part, row, index, text: r.text, originalUrl: r.url, sampleId: r.sampleId, wnid, kind: 'laion', path: `laion/${index}.jpg`, source: samples.get(wnid)!, variant: 10 + ordinal, nsfw, license, similarity }
    }
    const clip = clipImages[i % clipImages.length]
    return { part, row, index, text: r.text, originalUrl: r.url, sampleId: r.sampleId, wnid: null, kind: 'clip', path: `clip/${clip.slice(clipDir.length + 1)}`, source: clip, variant: 0, nsfw, license, similarity }
  })
  const byWnid = new Map(allClasses.map((c) => [c.wnid, c]))
  const ranked = [...perClass.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, REHEARSAL_SIZE.classes)
  const classes = ranked.map(([w]) => byWnid.get(w)!).sort((a, b) => a.index - b.index)
  // The most frequent classes whose synset text lemma-matches exactly that class (so its synthetic rows are its).
  const richClasses = ranked.map(([w]) => w).filter((w) => {
    const m = matcher.match(synsetText(byWnid.get(w)!))
    return m !== null && m.wnids.length === 1 && m.wnids[0] === w
  }).slice(0, REHEARSAL_SIZE.synthetic.classes)
  if (richClasses.length < REHEARSAL_SIZE.synthetic.classes) throw new Error(`rehearse: only ${richClasses.length} of the rehearsal classes have a synset text matching just that class; need ${REHEARSAL_SIZE.synthetic.classes}`)
  const synthetic: PlannedRow[] = []
  const { part: sPart, rowsPerClass } = REHEARSAL_SIZE.synthetic
  for (const w of [...richClasses].sort()) {
    for (let k = 0; k < rowsPerClass; k++) {
      const row = synthetic.length
      const index = sPart * 1e8 + row
      synthetic.push({
        part: sPart, row, index, text: synsetText(byWnid.get(w)!), originalUrl: '', sampleId: 1e9 + row, wnid: w, kind: 'laion',
        path: `laion/${index}.jpg`, source: samples.get(w)!, variant: 1000 + k, nsfw: 'UNLIKELY', license: '?', similarity: 0.35,
      })
    }
  }
  const metaFile = await dataPath('imagenet/meta.mat')
  const groundTruthFile = await dataPath('imagenet/ILSVRC2012_validation_ground_truth.txt')
  const labels = await loadValidationLabels({ metaFile, groundTruthFile })
  const valNumbers = new Map<string, number[]>()
  for (const c of classes) {
    const numbers = labels.flatMap((w, i) => (w === c.wnid ? [i + 1] : []))
    const k = richClasses.includes(c.wnid) ? REHEARSAL_SIZE.synthetic.perSide : REHEARSAL_SIZE.valPerClass
    valNumbers.set(c.wnid, rng.sample(numbers, k).sort((a, b) => a - b))
  }
  return {
    seed, rows, synthetic, richClasses, uuid: uuidFrom(rng), classes, allClasses, valNumbers,
    inputs: {
      laionSample, samples, clipImages, metaFile, groundTruthFile,
      devkitCopying: await dataPath('imagenet/DEVKIT-COPYING'),
      paperVal: await dataPath('paper/ILSVRC2012_val.parquet'),
      classifier: await dataPath('models/mobilenetv2-12-int8.onnx'),
      clip: fixtureModelDir('tiny-random-clip'),
    },
  }
}
