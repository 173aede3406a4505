import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { makeOutputFolder, OUTPUT_LOCK, withOutputLock } from '../io/output-lock.js'
import { fileFingerprint, folderFingerprint, valueFingerprint, type FileFingerprint } from '../data/fingerprint.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { chunkFile, chunkId, openBuildState, readChunk, saveBuildState, writeAtomic, type BuildConfig, type ChunkCaption, type ChunkOutput } from './build-state.js'
import { writeBuildOutputs, type BuildSummary } from './build-outputs.js'
import { createLemmaMatcher, type LemmaMatcher } from './lemma-matcher.js'
import { loadLemmaMap } from './load-lemma-map.js'
import { rowBase } from './match-row-group.js'
import { cutWarning, invalidUtf8Error, isInvalidText, MAX_CAPTION_BYTES, planParquet, readRowGroup, requireColumn, type CutValue, type ParquetPlan, type RowGroupSpan } from './read-captions.js'
import { inShard, shardName, type Shard } from '../io/parquet-shard.js'
import { checkShardFolder, writeShardRecord } from './build-shard.js'
import { synsetTexts } from './synset-texts.js'
import { TEXT_ENCODER_THRESHOLDS, resolveClass, scoreCaption, type TextEmbedder } from './text-filter.js'
import type { LemmaMap, LemmaMode } from './types.js'

/** Options of {@link buildLaionet}. */
export interface BuildOptions {
  /** Embeds captions and synset texts (L2-normalised rows). Required. */
  embed: TextEmbedder
  /** Identifies the embedder (model id or folder), recorded so a resumed build cannot mix models. Required. */
  model: string
  /**
   * The embedder's model folder: the sizes and content hashes of its files are recorded, so new weights in the same
   * folder refuse a resume. Default: `model` when it names an existing folder, else none.
   */
  modelFolder?: string
  /** Output folder. Required. */
  out: string
  /** Lemma map mode, used when `map` is not given. Default: `paper`. */
  mode?: LemmaMode
  /** A lemma map to use instead of loading one. */
  map?: LemmaMap
  /** Synset text by wnid. Default: `synsetTexts(await loadImageNetClasses())`. */
  synsetTexts?: Readonly<Record<string, string>>
  /**
   * Which text encoder `embed` runs: 'clip' (the paper) or 'mpnet' (all-mpnet-base-v2, Appendix A). It sets the
   * default threshold and is recorded in summary.json. Default: 'clip'.
   */
  textEncoder?: keyof typeof TEXT_ENCODER_THRESHOLDS
  /** Keep similarity strictly above this. Default: the text encoder's paper threshold, 0.82 for CLIP, 0.58 for MPNet. */
  threshold?: number
  /** Appendix B variant: keep the k most similar captions per class instead of thresholding. Default: none. */
  topK?: number
  /** The caption column. Default: `TEXT`. */
  column?: string
  /** Called after each chunk is committed (progress; tests use it to interrupt a build). */
  onChunk?: (progress: { id: string, file: string, rowGroup: number, done: number, total: number }) => void | Promise<void>
  /** Build only this shard's row groups (see `Shard`); `mergeBuilds` then combines the shards' folders. Default: all. */
  shard?: Shard
  /** Warnings that are not failures: a caption or URL over `MAX_CAPTION_BYTES`, cut. Default: none. */
  onWarning?: (message: string) => void
}

/**
 * Builds LAIONet from LAION metadata parquet files: lemma matching, multi-class captions dropped, CLIP
 * text similarity to the class's synset text, NSFW == "UNLIKELY" kept (when the column exists), and the
 * threshold (or top-k). Resumable: each row group is a chunk whose scored captions are committed to
 * `<out>/chunks/` before `<out>/state.json` records it, so a run killed at any point and started again
 * skips finished chunks and ends with byte-identical outputs. Writes `laionet.parquet` (row, url, caption,
 * wnid, similarity), `labels.json` ({wnid: rows}), `candidates.parquet` (every single-class caption with its
 * similarity, for the threshold sweep without re-embedding) and `summary.json`.
 * @param files LAION metadata parquet files
 * @param options embedder, model id, output folder, threshold
 * @returns the summary (also in summary.json)
 * @example await buildLaionet(files, { embed, model: 'Xenova/clip-vit-base-patch32', out: 'out/laionet' })
 */
export async function buildLaionet(files: readonly string[], options: BuildOptions): Promise<BuildSummary> {
  const { textEncoder = 'clip' } = options
  if (TEXT_ENCODER_THRESHOLDS[textEncoder] === undefined) throw new Error(`build: unknown text encoder "${String(textEncoder)}" (expected ${Object.keys(TEXT_ENCODER_THRESHOLDS).join(' or ')})`)
  const threshold = options.threshold ?? TEXT_ENCODER_THRESHOLDS[textEncoder]
  if (files.length === 0) throw new Error('build: no input files (expected at least one parquet file)')
  if (!Number.isFinite(threshold)) throw new Error(`build: threshold must be a number, got ${threshold}`)
  // One writer per build folder (two would commit chunks under each other's state).
  makeOutputFolder(options.out, 'build')
  return withOutputLock(join(options.out, OUTPUT_LOCK), 'build', () => buildInto(files, { ...options, threshold }), { onWarning: options.onWarning })
}

// buildLaionet once its folder is locked.
async function buildInto(files: readonly string[], options: BuildOptions & { threshold: number }): Promise<BuildSummary> {
  const { embed, model, out, textEncoder = 'clip', threshold, topK, column = 'TEXT', onChunk, shard, onWarning } = options
  const { config, map, texts } = await buildSettings(files, options)
  const state = openBuildState(out, config)
  const matcher = createLemmaMatcher(map)

  const missing = map.wnids.filter((w) => texts[w] === undefined)
  if (missing.length) throw new Error(`build: no synset text for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} (expected one per class of the lemma map)`)
  // Embedded on first need only: a rerun of a finished build embeds nothing.
  let synsets: Map<string, Float32Array> | null = null
  const synsetEmbeddings = async () => {
    if (synsets) return synsets
    const vectors = await embed(map.wnids.map((w) => texts[w]))
    if (vectors.length !== map.wnids.length) throw new Error(`build: the embedder returned ${vectors.length} vectors for ${map.wnids.length} synset texts`)
    synsets = new Map(map.wnids.map((w, i) => [w, vectors[i]]))
    return synsets
  }

  const plans: (ParquetPlan | Error)[] = []
  for (const file of files) plans.push(await planParquet(file, 'build').then((p) => requireColumn(p, column, 'build')).catch((e: Error) => e))
  // Work units (row groups of the readable files, in order) are numbered the same on every shard.
  const firstUnit = unitStarts(plans)
  const mine = (fileIndex: number, rowGroup: number) => inShard(firstUnit[fileIndex] + rowGroup, shard)
  checkShardFolder(out, shard)
  const total = plans.reduce((n, p, f) => n + (p instanceof Error ? 0 : p.rowGroups.filter((g) => mine(f, g.rowGroup)).length), 0)
  const done = new Set(state.done)
  const errors: { file: string, error: string }[] = []
  const failedAt: number[] = []
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const plan = plans[fileIndex]
    if (plan instanceof Error) {
      errors.push({ file: files[fileIndex], error: plan.message })
      failedAt.push(-1)
      continue
    }
    let at = -1
    try {
      for (const span of plan.rowGroups) {
        if (!mine(fileIndex, span.rowGroup)) continue
        at = span.rowGroup
        const id = chunkId(fileIndex, span.rowGroup)
        if (done.has(id) && existsSync(chunkFile(out, id))) continue
        const chunk = await buildChunk(plan, span, { base: rowBase(plan.file, fileIndex), column, matcher, map, embed, synsetEmbeddings, onWarning })
        writeAtomic(chunkFile(out, id), JSON.stringify(chunk))
        done.add(id)
        state.done = [...done].sort()
        saveBuildState(out, state)
        await onChunk?.({ id, file: plan.file, rowGroup: span.rowGroup, done: done.size, total })
      }
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err
      errors.push({ file: plan.file, error: err.message })
      failedAt.push(at)
    }
  }

  const chunks: ChunkOutput[] = []
  plans.forEach((plan, fileIndex) => {
    if (plan instanceof Error || errors.some((e) => e.file === plan.file)) return
    for (const span of plan.rowGroups) if (mine(fileIndex, span.rowGroup)) chunks.push(readChunk(out, chunkId(fileIndex, span.rowGroup)))
  })
  const summary = writeBuildOutputs(out, chunks, { files: [...files], model, textEncoder: textEncoder === 'clip' ? undefined : textEncoder, mode: map.mode, threshold, topK, errors })
  if (shard) {
    const units = plans.flatMap((p, f) => (p instanceof Error ? [] : p.rowGroups.filter((g) => mine(f, g.rowGroup)).map((g) => chunkId(f, g.rowGroup))))
    writeShardRecord(out, {
      version: 1, shard: shardName(shard), files: [...files], model, mode: map.mode, column, threshold, topK: topK ?? null, units,
      errors: errors.map((e, k) => ({ ...e, fileIndex: files.indexOf(e.file), rowGroup: failedAt[k] })),
    })
  }
  return summary
}

/**
 * Returns what a build of `files` with `options` depends on (its `state.json` settings: the inputs' fingerprints, the
 * model and the hashes of its files, the lemma map, the synset texts, the column), with the lemma map and synset texts
 * it uses; a finished build whose recorded settings differ is not the build these options ask for.
 * @example configChanges(recorded, (await buildSettings(files, { embed, model: clip.id, modelFolder: clip.source.path })).config)
 */
export async function buildSettings(files: readonly string[], options: Omit<BuildOptions, 'out' | 'embed'>): Promise<{ config: BuildConfig, map: LemmaMap, texts: Readonly<Record<string, string>> }> {
  const { model, mode = 'paper', column = 'TEXT' } = options
  // The class table feeds both defaults: load it once.
  const classes = options.map && options.synsetTexts ? undefined : await loadImageNetClasses()
  const map = options.map ?? await loadLemmaMap(mode, {}, { classes })
  const texts = options.synsetTexts ?? synsetTexts(classes!)
  const folder = options.modelFolder ?? (existsSync(model) ? model : undefined)
  const config: BuildConfig = {
    files: await Promise.all(files.map(fingerprintOrMissing)),
    model,
    modelFiles: folder !== undefined && existsSync(folder) ? await folderFingerprint(folder) : null,
    mode: map.mode,
    lemmaEntries: map.entries.length,
    lemmaMap: valueFingerprint(map.entries),
    synsetTexts: valueFingerprint(map.wnids.map((w) => [w, texts[w] ?? null])),
    column,
  }
  return { config, map, texts }
}

/** The number of the first work unit of each file: the row groups of the readable files before it. */
function unitStarts(plans: readonly (ParquetPlan | Error)[]): number[] {
  let at = 0
  return plans.map((p) => {
    const start = at
    if (!(p instanceof Error)) at += p.rowGroups.length
    return start
  })
}

/** What building one chunk needs besides the row group: where its rows start, the column, and the text filter's parts. */
interface ChunkContext {
  /** Global index of the file's first row. */
  base: number
  column: string
  matcher: LemmaMatcher
  map: LemmaMap
  embed: TextEmbedder
  synsetEmbeddings: () => Promise<Map<string, Float32Array>>
  onWarning?: (message: string) => void
}

async function buildChunk(plan: ParquetPlan, span: RowGroupSpan, { base, column, matcher, map, embed, synsetEmbeddings, onWarning }: ChunkContext): Promise<ChunkOutput> {
  const wanted = [column, ...['URL', 'NSFW'].filter((c) => plan.columns.includes(c) && c !== column)]
  const onCut = (cut: CutValue) => onWarning?.(cutWarning('build', plan.file, cut, MAX_CAPTION_BYTES))
  const data = await readRowGroup(plan, span, wanted, 'build', { onCut }).catch((err: Error) => { throw new InputFileError(err.message, { cause: err }) })
  const texts = data[column]
  const chunk: ChunkOutput = { rows: span.rows, matched: 0, emptyCaptions: 0, multiClass: 0, scored: [] }
  const pending: { caption: string, row: number, i: number, lemmas: string[], resolution: ReturnType<typeof resolveClass> }[] = []
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]
    if (isInvalidText(text)) throw new InputFileError(invalidUtf8Error('build', plan.file, span.rowStart + i, column, text))
    if (typeof text !== 'string' || text.length === 0) { chunk.emptyCaptions++; continue }
    const m = matcher.match(text)
    if (!m) continue
    chunk.matched++
    const resolution = resolveClass(m.lemmas, m.wnids, map)
    if (resolution.kind === 'multi') { chunk.multiClass++; continue }
    pending.push({ caption: text, row: base + span.rowStart + i, i, lemmas: m.lemmas, resolution })
  }
  if (pending.length === 0) return chunk
  const synsets = await synsetEmbeddings()
  const vectors = await embed(pending.map((p) => p.caption))
  if (vectors.length !== pending.length) throw new Error(`build: the embedder returned ${vectors.length} vectors for ${pending.length} captions`)
  pending.forEach((p, k) => {
    const scored = scoreCaption(p.resolution, vectors[k], synsets) as { wnid: string, similarity: number }
    const url = data.URL?.[p.i]
    const nsfw = data.NSFW?.[p.i]
    const nsfwText = typeof nsfw === 'string' ? nsfw : null
    const entry: ChunkCaption = {
      row: p.row,
      url: typeof url === 'string' ? url : isInvalidText(url) ? url.replaced : null,
      caption: p.caption,
      wnid: scored.wnid,
      similarity: scored.similarity,
      nsfw: nsfwText,
      nsfwOk: data.NSFW === undefined || nsfwText === 'UNLIKELY',
      lemmas: p.lemmas,
    }
    chunk.scored.push(entry)
  })
  return chunk
}

// A file that cannot be opened is recorded as missing, so its appearance later is a change too.
function fingerprintOrMissing(file: string): Promise<FileFingerprint> {
  return fileFingerprint(file).catch(() => ({ path: file, size: -1, mtimeMs: 0, head: '', tail: '' }))
}

/** A problem with one input file: reported, and the other files still build. Anything else stops the build. */
class InputFileError extends Error {
  override name = 'InputFileError'
}
