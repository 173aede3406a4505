import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../io/write-atomic.js'
import { LaionetError } from '../util/errors.js'
import type { DownloadOptions } from './types.js'

/** What the samples of a download folder depend on, recorded in `<out>/settings.json` by its first run. */
interface DownloadSettings {
  /** Format version of the file. */
  version: 1
  /** The input files, in order (rows are numbered across them; each row's URL is checked against status.jsonl). */
  inputs: string[]
  /** The options that change what is stored, with their defaults filled in. */
  options: { format: string, maxSide: number, quality: number, maxPixels: number, maxBytes: number, urlColumn: string | null, captionColumn: string | null, allowCredentials: boolean, shard: string }
}

// Names as the command line spells them, for the refusal message.
const FLAGS: Record<keyof DownloadSettings['options'], string> = {
  format: '--format', maxSide: '--max-side', quality: '--quality', maxPixels: '--max-pixels', maxBytes: '--max-bytes',
  urlColumn: '--url-col', captionColumn: '--caption-col', allowCredentials: 'allowCredentials', shard: '--shard',
}

/** Returns the settings a download with these inputs and options records. */
function downloadSettings(inputs: readonly string[], options: DownloadOptions): DownloadSettings {
  return {
    version: 1,
    inputs: [...inputs],
    options: {
      format: options.format ?? 'jpeg',
      maxSide: options.maxSide ?? 512,
      quality: options.quality ?? 95,
      maxPixels: options.maxPixels ?? 89_478_485,
      maxBytes: options.maxBytes ?? 20_000_000,
      urlColumn: options.urlColumn ?? null,
      captionColumn: options.captionColumn ?? null,
      allowCredentials: options.allowCredentials ?? false,
      // A folder holds one shard's rows: resumed as another shard it would mix two.
      shard: options.shard ? `${options.shard.index}/${options.shard.count}` : 'all',
    },
  }
}

/**
 * Checks a resumed download folder against its recorded settings: a resume whose output-changing options (format,
 * size and pixel limits, quality, columns, the `--shard`) differ is refused, naming each change, so one folder never
 * mixes, say, 512-px JPEGs and 64-px PNGs. Retries, timeouts and concurrency may change freely. (That the inputs
 * still hold the same rows is checked row by row against the URLs in status.jsonl.) A new folder gets the function
 * that records its settings, which the caller runs just before the first row is stored: a run that fails before any
 * row (a typo in --url-col) leaves no settings to refuse the corrected command.
 * @param dir the output folder (exists)
 * @param inputs the input files
 * @param options the download options
 * @returns for a new folder, the function that writes settings.json (idempotent); for a resumed one, a no-op
 */
export async function checkDownloadSettings(dir: string, inputs: readonly string[], options: DownloadOptions): Promise<() => Promise<void>> {
  const file = join(dir, 'settings.json')
  const now = downloadSettings(inputs, options)
  let text: string | null = null
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (text === null) {
    let written: Promise<void> | undefined
    return () => (written ??= writeFileAtomic(file, JSON.stringify(now, null, 1) + '\n'))
  }
  let before: DownloadSettings
  try {
    before = JSON.parse(text) as DownloadSettings
  } catch (err) {
    throw new LaionetError('download', `${file} is not valid JSON`, { code: 'mismatch', cause: err, fix: `Delete ${dir} to start over` })
  }
  const changes: string[] = []
  for (const key of Object.keys(FLAGS) as (keyof DownloadSettings['options'])[]) {
    // A folder recorded before downloads could be sharded holds every row: 'all'.
    const was = key === 'shard' ? before.options?.shard ?? 'all' : before.options?.[key]
    if (was !== now.options[key]) changes.push(`${FLAGS[key]} was ${String(was)}, now ${String(now.options[key])}`)
  }
  if (changes.length) {
    throw new LaionetError('download', `cannot resume ${dir}: ${changes.join('; ')}`, {
      code: 'mismatch', value: changes,
      fix: `Rerun with the same inputs and settings to resume, or start fresh: delete ${dir} or pass another --out folder`,
    })
  }
  return () => Promise.resolve()
}
