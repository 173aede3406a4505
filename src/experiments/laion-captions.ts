import type { LaionetConfig } from '../config/types.js'
import { dataPath } from '../data/data-path.js'
import { laionParts } from '../datasets/laion-parts.js'
import { parquetMetadata } from '../io/parquet-metadata.js'
import { parquetRowGroups } from '../io/parquet-row-groups.js'
import { rowBase } from '../laionet/match-row-group.js'
import { capLaionRows } from './laion-files.js'

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
