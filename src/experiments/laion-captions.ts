import type { LaionetConfig } from '../config/types.js'
import { dataPath } from '../data/data-path.js'
import { laionParts } from '../datasets/laion-parts.js'
import { parquetMetadata } from '../io/parquet-metadata.js'
import { parquetRowGroups } from '../io/parquet-row-groups.js'
import { rowBase } from '../laionet/match-row-group.js'
import { capLaionRows } from './laion-files.js'
import { nearestByInnerProduct } from '../simulate/text-nearest.js'
import { LaionetError } from '../util/errors.js'

/** One block of LAION captions: global rows (part * 1e8 + row), texts and URLs. */
export interface CaptionBlock {
  rows: number[]
  texts: string[]
  urls: (string | null)[]
}

/**
 * The LAION files whose captions Fig. 9 searches: every configured part (`sources.laionParquet`, cut by
 * `limits.maxLaionRows` as the construction cuts them), or the real 10,000-caption sample when none is configured.
 * @returns the files with their global row base (part * 1e8)
 * @example const { files } = await laionCaptionFiles(config)
 */
export async function laionCaptionFiles(config: LaionetConfig): Promise<{ files: { file: string, rowBase: number }[], sample: boolean }> {
  if (config.sources.laionParquet.length === 0) return { files: [{ file: await dataPath('laion/laion400m-sample-10000.parquet'), rowBase: 0 }], sample: true }
  const parts = await laionParts(config.sources.laionParquet)
  const capped = await capLaionRows(parts.map((p) => p.file), config.limits.maxLaionRows, config.cacheDir)
  return { files: capped.files.map((file, i) => ({ file, rowBase: rowBase(file, i) })), sample: false }
}

/**
 * Streams the captions of `files` in blocks of at most `blockSize`, one row group read at a time. A missing caption
 * becomes "None", as the authors' index does (`fillna(CLIPConfig.REPLACE_NA_STR)`).
 * @example for await (const b of laionCaptionBlocks(files, 32768)) search(b.texts)
 */
export async function* laionCaptionBlocks(files: readonly { file: string, rowBase: number }[], blockSize: number): AsyncGenerator<CaptionBlock> {
  for (const { file, rowBase: base } of files) {
    const names = (await parquetMetadata(file)).columns.map((c) => c.name)
    const columns = ['TEXT', ...(names.includes('URL') ? ['URL'] : [])]
    for await (const b of parquetRowGroups(file, { columns, batchSize: blockSize })) {
      yield {
        rows: Array.from({ length: b.rows }, (_, i) => base + b.rowStart + i),
        texts: b.columns.TEXT.map((t) => (typeof t === 'string' ? t : 'None')),
        urls: b.columns.URL ? b.columns.URL.map((u) => (typeof u === 'string' ? u : null)) : new Array(b.rows).fill(null),
      }
    }
  }
}

/**
 * Exact nearest LAION caption of each query over every block of `blocks` (e.g. all configured LAION parts, see
 * laionCaptionBlocks), by inner product of unit CLIP text embeddings; ties go to the earliest row. The authors search an
 * approximate FAISS index (autofaiss under a 16 GB memory budget, product-quantised), so their nearest caption is
 * sometimes not the nearest and their similarity is the quantised one; this search is exact.
 * @returns per query the nearest global row (-1 when none), its similarity, and that row's text and URL
 * @example await nearestInBlocks(C.data, C.dim, laionCaptionBlocks(files, 32768), (t) => embedTexts(clip, t))
 */
export async function nearestInBlocks(Q: Float32Array, d: number, blocks: AsyncIterable<CaptionBlock>, embed: (texts: string[]) => Promise<{ data: Float32Array, dim: number }>, { onBlock }: { onBlock?: (done: number) => void } = {}) {
  const m = Q.length / d
  const index = new Float64Array(m).fill(-1)
  const similarity = new Float64Array(m).fill(-Infinity)
  const text: string[] = new Array(m).fill('')
  const url: (string | null)[] = new Array(m).fill(null)
  let done = 0
  for await (const b of blocks) {
    if (b.texts.length === 0) continue
    const block = await embed(b.texts)
    if (block.dim !== d) throw new LaionetError('imagenet-captions', `the pool captions embed to width ${block.dim} but the queries have ${d} (embed both with models.clip)`, { code: 'mismatch' })
    const part = nearestByInnerProduct(Q, block.data, d)
    for (let q = 0; q < m; q++) {
      if (part.similarity[q] > similarity[q]) {
        const k = part.index[q]
        similarity[q] = part.similarity[q]; index[q] = b.rows[k]; text[q] = b.texts[k]; url[q] = b.urls[k]
      }
    }
    done += b.texts.length
    onBlock?.(done)
  }
  return { index, similarity, text, url }
}
