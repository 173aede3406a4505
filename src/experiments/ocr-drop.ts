import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildFolder } from '../config/resolve-sources.js'
import type { LaionetConfig } from '../config/types.js'
import { readJsonl } from '../io/jsonl.js'
import { readBuildSelection } from '../laionet/ocr-filter.js'
import type { OcrFilterRow } from '../laionet/types.js'

/** Where a build keeps its `laionet ocr-filter` output (the command's default --out). */
export const OCR_FLAGS_FILE = 'ocr-flags.jsonl'

/** The OCR verdicts of a build, as the experiments apply them. */
export interface BuildOcrFlags {
  /** The verdict file read. */
  file: string
  /** The build (global LAION) rows whose image shows their class name: the authors drop them. */
  flagged: Set<number>
  /** Rows with a verdict (flagged or not, errors included). */
  verdicts: number
  /** Rows OCR could not read (kept, not flagged; the authors' OCR column has no such rows). */
  errors: number
  /** Flagged rows per class. */
  flaggedByClass: Map<string, number>
}

/**
 * The build's OCR verdicts (`<build>/ocr-flags.jsonl`, written by `laionet ocr-filter --build <build>`), or null when
 * the build has none.
 * @example const flags = await buildOcrFlags(config); flags?.flagged.has(row)
 */
export async function buildOcrFlags(config: LaionetConfig): Promise<BuildOcrFlags | null> {
  const file = join(buildFolder(config), OCR_FLAGS_FILE)
  if (!existsSync(file)) return null
  const flags: BuildOcrFlags = { file, flagged: new Set(), verdicts: 0, errors: 0, flaggedByClass: new Map() }
  for await (const r of readJsonl<OcrFilterRow>(file)) {
    if (typeof r?.row !== 'number') throw new Error(`ocr: ${file} line ${flags.verdicts + 1} has no numeric "row"; is it a laionet ocr-filter output? Rerun "laionet ocr-filter --build ${buildFolder(config)}"`)
    flags.verdicts++
    if (r.flagged) {
      flags.flagged.add(r.row)
      if (r.wnid) flags.flaggedByClass.set(r.wnid, (flags.flaggedByClass.get(r.wnid) ?? 0) + 1)
    }
    if (r.error) flags.errors++
  }
  return flags
}

/**
 * The download rows (the `row` of a `laionet download --input <build>/laionet.parquet` sample: its position in the
 * selection) whose build row is flagged: the samples the authors' `drop_if_true_cols=[OCR]` leaves out.
 * @example laionetImageChunks(config, { skipRows: await flaggedDownloadRows(config, flags) })
 */
export async function flaggedDownloadRows(config: LaionetConfig, flags: BuildOcrFlags): Promise<Set<number>> {
  const selection = await readBuildSelection(buildFolder(config))
  const out = new Set<number>()
  selection.forEach((s, i) => { if (flags.flagged.has(s.row)) out.add(i) })
  return out
}
