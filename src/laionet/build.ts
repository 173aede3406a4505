import { existsSync, readFileSync } from 'node:fs'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { chunkFile, chunkId, openBuildState, saveBuildState, writeAtomic, type ChunkCaption, type ChunkOutput } from './build-state.js'
import { writeBuildOutputs, type BuildSummary } from './build-outputs.js'
import { createLemmaMatcher, type LemmaMatcher } from './lemma-matcher.js'
import { loadLemmaMap } from './load-lemma-map.js'
import { rowBase } from './match-row-group.js'
import { invalidUtf8Error, isInvalidText, planParquet, readRowGroup, requireColumn, type ParquetPlan, type RowGroupSpan } from './read-captions.js'
import { synsetTexts } from './synset-texts.js'
import { PAPER_THRESHOLD, resolveClass, scoreCaption, type TextEmbedder } from './text-filter.js'
import type { LemmaMap, LemmaMode } from './types.js'

/** Options of {@link buildLaionet}. */
export interface BuildOptions {
  /** Embeds captions and synset texts (L2-normalised rows). Required. */
  embed: TextEmbedder
  /** Identifies the embedder (model id or folder), recorded so a resumed build cannot mix models. Required. */
  model: string
  /** Output folder. Required. */
  out: string
  /** Lemma map mode, used when `map` is not given. Default: `paper`. */
  mode?: LemmaMode
  /** A lemma map to use instead of loading one. */
  map?: LemmaMap
  /** Synset text by wnid. Default: `synsetTexts(await loadImageNetClasses())`. */
  synsetTexts?: Readonly<Record<string, string>>
  /** Keep similarity strictly above this. Default: 0.82 (the paper). */
  threshold?: number
  /** Appendix B variant: keep the k most similar captions per class instead of thresholding. Default: none. */
  topK?: number
  /** The caption column. Default: `TEXT`. */
  column?: string
  /** Called after each chunk is committed (progress; tests use it to interrupt a build). */
  onChunk?: (progress: { id: string, file: string, rowGroup: number, done: number, total: number }) => void | Promise<void>
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
  const { embed, model, out, mode = 'paper', threshold = PAPER_THRESHOLD, topK, column = 'TEXT', onChunk } = options
  if (files.length === 0) throw new Error('build: no input files (expected at least one parquet file)')
  if (!Number.isFinite(threshold)) throw new Error(`build: threshold must be a number, got ${threshold}`)
  // The class table feeds both defaults: load it once.
  const classes = options.map && options.synsetTexts ? undefined : await loadImageNetClasses()
  const map = options.map ?? await loadLemmaMap(mode, {}, { classes })
  const texts = options.synsetTexts ?? synsetTexts(classes!)
  const state = openBuildState(out, { files: [...files], model, mode: map.mode, lemmaEntries: map.entries.length, column })
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
  const total = plans.reduce((n, p) => n + (p instanceof Error ? 0 : p.rowGroups.length), 0)
  const done = new Set(state.done)
  const errors: { file: string, error: string }[] = []
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const plan = plans[fileIndex]
    if (plan instanceof Error) {
      errors.push({ file: files[fileIndex], error: plan.message })
      continue
    }
    try {
      for (const span of plan.rowGroups) {
        const id = chunkId(fileIndex, span.rowGroup)
        if (done.has(id) && existsSync(chunkFile(out, id))) continue
        const chunk = await buildChunk(plan, span, rowBase(plan.file, fileIndex), column, matcher, map, embed, synsetEmbeddings)
        writeAtomic(chunkFile(out, id), JSON.stringify(chunk))
        done.add(id)
        state.done = [...done].sort()
        saveBuildState(out, state)
        await onChunk?.({ id, file: plan.file, rowGroup: span.rowGroup, done: done.size, total })
      }
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err
      errors.push({ file: plan.file, error: err.message })
    }
  }

  const chunks: ChunkOutput[] = []
  plans.forEach((plan, fileIndex) => {
    if (plan instanceof Error || errors.some((e) => e.file === plan.file)) return
    for (const span of plan.rowGroups) chunks.push(JSON.parse(readFileSync(chunkFile(out, chunkId(fileIndex, span.rowGroup)), 'utf8')) as ChunkOutput)
  })
  return writeBuildOutputs(out, chunks, { files: [...files], model, mode: map.mode, threshold, topK, errors })
}

async function buildChunk(
  plan: ParquetPlan, span: RowGroupSpan, base: number, column: string, matcher: LemmaMatcher, map: LemmaMap,
  embed: TextEmbedder, synsetEmbeddings: () => Promise<Map<string, Float32Array>>,
): Promise<ChunkOutput> {
  const wanted = [column, ...['URL', 'NSFW'].filter((c) => plan.columns.includes(c) && c !== column)]
  const data = await readRowGroup(plan, span, wanted, 'build').catch((err: Error) => { throw new InputFileError(err.message, { cause: err }) })
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

/** A problem with one input file: reported, and the other files still build. Anything else stops the build. */
class InputFileError extends Error {
  override name = 'InputFileError'
}
