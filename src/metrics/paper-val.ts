import type { ModelAccuracy, PaperValidationAccuracy, PaperValidationOptions, RecallTable, RowGroupChunk, LabelMismatch } from './types.js'
import { classRecall, equiWeightedAccuracy, type Outcome } from './accuracy.js'
import { parquetRowGroups } from '../io/parquet-row-groups.js'
import { loadValidationLabels } from '../imagenet/devkit.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { synsetText } from '../imagenet/synset-text.js'

/** The pandas index column of the released parquet: the validation file name. */
const PAPER_INDEX_COLUMN = '__index_level_0__'
const TOP1 = 'top_1_is_correct_'
const TOP5 = 'top_5_is_correct_'

/**
 * Returns the models of the paper's released results, from its column names `top_1_is_correct_<model>`
 * (those that also have a top-5 column), in column order.
 * @example paperModels(['top_1_is_correct_resnet-50', 'top_5_is_correct_resnet-50']) // ['resnet-50']
 */
export function paperModels(columns: readonly string[]): string[] {
  const set = new Set(columns)
  return columns.filter((c) => c.startsWith(TOP1) && set.has(TOP5 + c.slice(TOP1.length))).map((c) => c.slice(TOP1.length))
}

/**
 * Returns the validation image number (1..50000) of an ILSVRC-2012 validation file name.
 * @example validationImageNumber('ILSVRC2012_val_00000001.JPEG') // 1
 */
export function validationImageNumber(name: string): number {
  const m = /^ILSVRC2012_val_(\d{8})\.JPEG$/.exec(name)
  const n = m ? Number(m[1]) : NaN
  if (!(n >= 1 && n <= 50000)) throw new Error(`paper results: index value "${name}" is not a validation file name (expected ILSVRC2012_val_00000001.JPEG .. ILSVRC2012_val_00050000.JPEG)`)
  return n
}

/**
 * Computes every model's accuracy from the released per-image results, streamed one row group at a time
 * (the io layer's `parquetRowGroups`): top-1/top-5 over images and equi-weighted over classes, with
 * labels from the devkit, and cross-checks each row's `name_def_wnid` against the devkit label.
 * @param groups the parquet's row groups with the index, `name_def_wnid` and `top_{1,5}_is_correct_*` columns
 * @param labels the 50,000 validation wnids by image number - 1
 * @param options `synsetWnids` (synset text -> wnid; empty skips the check), `models`, `z`, `classes` (average the
 *   per-class recalls over these classes only, e.g. the authors' 977)
 * @returns per-model accuracies, the row count and the label mismatches
 * @example await accumulatePaperValidation(parquetRowGroups(file), labels)
 */
export async function accumulatePaperValidation(groups: AsyncIterable<RowGroupChunk> | Iterable<RowGroupChunk>, labels: readonly string[], { synsetWnids = new Map(), models: only, z = 1.96, classes: restrict }: Omit<PaperValidationOptions, 'labels'> = {}): Promise<PaperValidationAccuracy> {
  const keep = restrict ? new Set(restrict) : null
  let models: string[] | null = null
  const keys: string[] = []
  const top1 = new Map<string, Outcome[]>()
  const top5 = new Map<string, Outcome[]>()
  const mismatches: LabelMismatch[] = []
  let checked = 0
  for await (const group of groups) {
    const cols = group.columns
    if (!models) {
      const names = Object.keys(cols)
      models = paperModels(names)
      if (only) {
        const missing = only.filter((m) => !models!.includes(m))
        if (missing.length) throw new Error(`paper results: no columns for model(s) ${missing.join(', ')} (the file has ${models.join(', ')})`)
        models = [...only]
      }
      if (!cols[PAPER_INDEX_COLUMN]) throw new Error(`paper results: no index column ${PAPER_INDEX_COLUMN} (expected the pandas index of validation file names); columns are ${names.slice(0, 5).join(', ')}...`)
      if (models.length === 0) throw new Error(`paper results: no top_1_is_correct_<model> / top_5_is_correct_<model> column pairs among ${names.length} columns`)
      for (const m of models) {
        top1.set(m, [])
        top5.set(m, [])
      }
    }
    const index = cols[PAPER_INDEX_COLUMN] as string[]
    const texts = cols.name_def_wnid as (string | null)[] | undefined
    for (let r = 0; r < group.rows; r++) {
      const image = validationImageNumber(String(index[r]))
      const wnid = labels[image - 1]
      keys.push(wnid)
      if (synsetWnids.size && texts) {
        checked++
        const parquet = synsetWnids.get(String(texts[r])) ?? null
        if (parquet !== wnid) mismatches.push({ image, devkit: wnid, parquet })
      }
    }
    for (const m of models) {
      const c1 = cols[TOP1 + m] as Outcome[]
      const c5 = cols[TOP5 + m] as Outcome[]
      const a1 = top1.get(m)!
      const a5 = top5.get(m)!
      for (let r = 0; r < group.rows; r++) {
        a1.push(c1[r])
        a5.push(c5[r])
      }
    }
  }
  if (!models) throw new Error('paper results: the file has no rows')
  const out: ModelAccuracy[] = models.map((model) => {
    const t1 = classRecall(keys, top1.get(model)!, { z })
    const t5 = classRecall(keys, top5.get(model)!, { z })
    return {
      model,
      top1: t1.correct / t1.images,
      top5: t5.correct / t5.images,
      top1PerClass: equiWeightedAccuracy(keep ? onlyClasses(t1, keep) : t1, { z }),
      top5PerClass: equiWeightedAccuracy(keep ? onlyClasses(t5, keep) : t5, { z }),
      top1PerClassAll: equiWeightedAccuracy(t1, { z }),
      top5PerClassAll: equiWeightedAccuracy(t5, { z }),
      classes: t1.classes.length,
      images: t1.images,
      missing: t1.missing,
      top1Table: t1,
      top5Table: t5,
    }
  })
  return { models: out, rows: keys.length, checked, mismatches }
}

/**
 * Reproduces the paper's ImageNet-validation accuracies from its released per-image results
 * (`paper/ILSVRC2012_val.parquet`): labels from the devkit (meta.mat + ground truth), each row's
 * `name_def_wnid` cross-checked against them.
 * @param file path of the released parquet, e.g. `await dataPath('paper/ILSVRC2012_val.parquet')`
 * @param options `labels`, `synsetWnids`, `models`, `z` (defaults load the devkit and WordNet classes)
 * @returns per-model top-1/top-5 over images and equi-weighted, the row count and the label mismatches
 * @example (await paperValidationAccuracy(file)).models.find((m) => m.model === 'resnet-50')?.top1 // 0.7613
 */
export async function paperValidationAccuracy(file: string, options: PaperValidationOptions = {}): Promise<PaperValidationAccuracy> {
  const labels = options.labels ?? await loadValidationLabels()
  if (labels.length !== 50000) throw new Error(`paper results: ${labels.length} validation labels (expected 50000, one per validation image)`)
  const synsetWnids = options.synsetWnids ?? new Map((await loadImageNetClasses()).map((c) => [synsetText(c), c.wnid]))
  return accumulatePaperValidation(parquetRowGroups(file), labels, { ...options, synsetWnids })
}

/** The table's classes that `keep` holds (images and counts of the others dropped). */
function onlyClasses(table: RecallTable, keep: ReadonlySet<string>): RecallTable {
  const classes = table.classes.filter((c) => keep.has(c.key))
  let images = 0
  let correct = 0
  for (const c of classes) { images += c.n; correct += c.correct }
  return { classes, images, correct, missing: table.missing }
}
