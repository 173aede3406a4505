import { parquetSchema } from 'hyparquet'
import { parquetRowGroups } from '../io/parquet-row-groups.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { synsetText } from '../imagenet/synset-text.js'
import { LaionetError } from '../util/errors.js'
import { asInteger, checkParquet } from './parquet-source.js'
import type { ReleasedLaionet, ReleasedLaionetBatch, ReleasedLaionetOptions } from './types.js'

const WHERE = 'released LAIONet'
const KEY = 'sources.laionetReleased'
/** The columns every release documents and this reader needs. */
const RELEASED_LAIONET_REQUIRED = ['URL', 'TEXT', 'name_def_wnid', 'wnid_is_in_recognized_text'] as const
const SIMILARITY = 'text_to_name_def_wnid_similarity_'
const TOP1 = 'top_1_is_correct_'
const TOP5 = 'top_5_is_correct_'

/** The text encoders of a released parquet's `text_to_name_def_wnid_similarity_<encoder>` columns, in column order. */
export function releasedEncoders(columns: readonly string[]): string[] {
  return columns.filter((c) => c.startsWith(SIMILARITY)).map((c) => c.slice(SIMILARITY.length))
}

/** The predictors that have both `top_1_is_correct_<model>` and `top_5_is_correct_<model>` columns, in column order. */
export function releasedModels(columns: readonly string[]): string[] {
  const set = new Set(columns)
  return columns.filter((c) => c.startsWith(TOP1) && set.has(TOP5 + c.slice(TOP1.length))).map((c) => c.slice(TOP1.length))
}

/** Synset text (`<name> which is <definition>`) -> wnid of the 1000 classes. */
async function synsetTextWnids(): Promise<Map<string, string>> {
  const map = new Map<string, string>()
  for (const c of await loadImageNetClasses()) map.set(synsetText(c), c.wnid)
  return map
}

/** Appends without spreading (a row group can hold more values than a call takes arguments). */
function append<T>(target: T[], values: readonly T[]): void {
  for (const v of values) target.push(v)
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}

/**
 * Streams the authors' released LAIONet parquet (the README's schema: URL, TEXT, name_def_wnid,
 * wnid_is_in_recognized_text, SAMPLE_ID, HEIGHT, WIDTH, LICENSE, NSFW, similarity,
 * text_to_name_def_wnid_similarity_<encoder>, recognized_text, top_{1,5}_is_correct_<model>) one row group at a time.
 * The class of a row is the wnid whose synset text equals `name_def_wnid`. Rows whose `wnid_is_in_recognized_text`
 * is not `false` are dropped, as the authors' `df[df['wnid_is_in_recognized_text'] == False]` does (a null is
 * dropped too), and counted in the batch.
 * @param file the released parquet (sources.laionetReleased)
 * @param options models, text, synsetWnids
 * @returns batches of kept rows, each with its global LAION index (the file's pandas index; the row position when
 *   the file has none)
 * @throws when the file is missing, empty, not a parquet, lacks a required column, or a row's name_def_wnid is not
 *   the synset text of any class (naming the row)
 * @example for await (const b of releasedLaionetBatches('LAIONet.parquet')) kept += b.wnid.length
 */
async function* releasedLaionetBatches(file: string, { models: only, text = true, synsetWnids }: ReleasedLaionetOptions = {}): AsyncGenerator<ReleasedLaionetBatch> {
  const { file: path, plan, indexColumn } = await checkParquet(file, RELEASED_LAIONET_REQUIRED, WHERE, KEY)
  const ocrType = parquetSchema(plan.metadata).children.find((c) => c.element.name === 'wnid_is_in_recognized_text')?.element.type
  if (ocrType !== 'BOOLEAN') {
    throw new LaionetError(WHERE, `${path}: column wnid_is_in_recognized_text is ${ocrType ?? 'nested'}, not BOOLEAN (every row would be dropped)`,
      { code: 'invalid-input', value: ocrType, fix: `Set ${KEY} to the authors' released LAIONet parquet, or rewrite that column as booleans` })
  }
  const available = releasedModels(plan.columns)
  if (only) {
    const missing = only.filter((m) => !available.includes(m))
    if (missing.length) {
      throw new LaionetError(WHERE, `${path} has no top_1_is_correct_/top_5_is_correct_ columns for ${missing.join(', ')} (it has ${available.join(', ') || 'none'})`,
        { code: 'not-found', value: missing, fix: 'Ask for models the file has' })
    }
  }
  const models = only ? [...only] : available
  const encoders = releasedEncoders(plan.columns)
  const optional = ['recognized_text'].filter((c) => plan.columns.includes(c))
  const columns = [
    ...(indexColumn ? [indexColumn] : []), 'name_def_wnid', 'wnid_is_in_recognized_text',
    ...(text ? ['URL', 'TEXT', ...optional] : []), ...encoders.map((e) => SIMILARITY + e),
    ...models.flatMap((m) => [TOP1 + m, TOP5 + m]),
  ]
  const wnidOf = synsetWnids ?? (await synsetTextWnids())
  for await (const batch of parquetRowGroups(path, { columns })) {
    const c = batch.columns
    const out: ReleasedLaionetBatch = {
      file: path, rowStart: batch.rowStart, rows: batch.rows, dropped: 0, row: [], index: [], wnid: [], droppedWnid: [],
      url: [], text: [], recognizedText: [], similarity: Object.fromEntries(encoders.map((e) => [e, []])),
      top1: Object.fromEntries(models.map((m) => [m, []])), top5: Object.fromEntries(models.map((m) => [m, []])),
    }
    for (let i = 0; i < batch.rows; i++) {
      const row = batch.rowStart + i
      const name = c.name_def_wnid[i]
      const wnid = typeof name === 'string' ? wnidOf.get(name) : undefined
      if (c.wnid_is_in_recognized_text[i] !== false) {
        out.dropped++
        if (wnid !== undefined) out.droppedWnid.push(wnid)
        continue
      }
      if (wnid === undefined) {
        throw new LaionetError(WHERE, `${path}: row ${row}: name_def_wnid ${JSON.stringify(name)} is not the synset text of any ImageNet class (expected "<name> which is <definition>", e.g. "tench which is freshwater dace-like game fish of Europe and western Asia noted for ability to survive outside water")`,
          { code: 'invalid-input', value: name, fix: `Set ${KEY} to the authors' released LAIONet parquet` })
      }
      const index = indexColumn ? asInteger(c[indexColumn][i]) : row
      if (index === null) {
        throw new LaionetError(WHERE, `${path}: row ${row}: index ${indexColumn} is ${JSON.stringify(String(c[indexColumn!][i]))}, not an integer LAION index`,
          { code: 'invalid-input', value: c[indexColumn!][i], fix: `Set ${KEY} to the authors' released LAIONet parquet (its index is part * 1e8 + row)` })
      }
      out.row.push(row)
      out.index.push(index)
      out.wnid.push(wnid)
      if (text) {
        out.url.push(typeof c.URL[i] === 'string' ? c.URL[i] as string : null)
        out.text.push(typeof c.TEXT[i] === 'string' ? c.TEXT[i] as string : null)
        out.recognizedText.push(optional.length && typeof c.recognized_text[i] === 'string' ? c.recognized_text[i] as string : null)
      }
      for (const e of encoders) {
        const v = c[SIMILARITY + e][i]
        out.similarity[e].push(typeof v === 'number' && Number.isFinite(v) ? v : null)
      }
      for (const m of models) {
        out.top1[m].push(flag(c[TOP1 + m][i]))
        out.top5[m].push(flag(c[TOP5 + m][i]))
      }
    }
    yield out
  }
}

/**
 * Reads the whole released LAIONet parquet into columns (see {@link releasedLaionetBatches}): the kept rows' global
 * LAION indices, classes, captions, text-to-synset similarities per encoder and per-model top-1/top-5 correctness.
 * @param file the released parquet (sources.laionetReleased)
 * @param options models (default all), text (read URL/TEXT/recognized_text; default true), synsetWnids
 * @returns the columns of the kept rows, the models and encoders, and the counts of rows read and dropped
 * @example const released = await loadReleasedLaionet('LAIONet.parquet', { text: false }); released.models
 */
export async function loadReleasedLaionet(file: string, options: ReleasedLaionetOptions = {}): Promise<ReleasedLaionet> {
  let result: ReleasedLaionet | null = null
  for await (const b of releasedLaionetBatches(file, options)) {
    if (!result) {
      result = {
        file: b.file, rows: 0, dropped: 0, models: Object.keys(b.top1), encoders: Object.keys(b.similarity),
        row: [], index: [], wnid: [], droppedWnid: [], url: [], text: [], recognizedText: [],
        similarity: Object.fromEntries(Object.keys(b.similarity).map((e) => [e, []])),
        top1: Object.fromEntries(Object.keys(b.top1).map((m) => [m, []])), top5: Object.fromEntries(Object.keys(b.top1).map((m) => [m, []])),
      }
    }
    result.rows += b.rows
    result.dropped += b.dropped
    for (const k of ['row', 'index', 'wnid', 'droppedWnid', 'url', 'text', 'recognizedText'] as const) append(result[k] as unknown[], b[k] as readonly unknown[])
    for (const e of result.encoders) append(result.similarity[e], b.similarity[e])
    for (const m of result.models) {
      append(result.top1[m], b.top1[m])
      append(result.top5[m], b.top5[m])
    }
  }
  return result!
}
