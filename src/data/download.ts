import { open, mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { LaionetError } from '../util/errors.js'
import { sha256File } from './hash-file.js'
import { cachePath, writeStamp } from './stamp.js'
import type { FetchLike, ManifestEntry } from './types.js'

/**
 * The request never got an answer (no network, DNS failure, refused connection): every other file would fail the
 * same way, so fetchData stops at the first one instead of trying all 1,072.
 */
class NoConnectionError extends LaionetError {
  override name = 'NoConnectionError'
  constructor(message: string, { cause }: { cause?: unknown } = {}) {
    super('data', message, { code: 'no-connection', cause })
  }
}

const MIRROR_HINT = 'Without network access, set LAIONET_DATA_MIRROR=<dir> to a local copy of the data (e.g. ../shared/data)'

/**
 * Downloads `entry` into the cache: streams to `<file>.partial`, resumes an existing partial with an HTTP Range
 * request, checks size and sha256, renames into place and stamps it. A partial is kept when the connection drops
 * (rerun to resume) and deleted when the finished file has the wrong hash.
 * @returns the bytes received by this call
 */
export async function downloadFile(entry: ManifestEntry, cache: string, fetchFn: FetchLike): Promise<number> {
  if (entry.url === null) {
    throw new Error(`data: ${entry.name} has no public URL${entry.note ? ` (${entry.note})` : ''}. ` +
      'Only a mirror can provide it: set LAIONET_DATA_MIRROR=<dir> to a local copy of the data (e.g. ../shared/data)')
  }
  const url = entry.url
  const dest = cachePath(cache, entry.name)
  const partial = `${dest}.partial`
  await mkdir(dirname(dest), { recursive: true })
  let have = (await stat(partial).catch(() => null))?.size ?? 0
  if (have > entry.size) {
    await rm(partial, { force: true })
    have = 0
  }
  let received = 0
  if (have < entry.size || entry.size === 0) {
    let res: Response
    try {
      res = await fetchFn(url, have > 0 ? { headers: { Range: `bytes=${have}-` } } : {})
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message
      throw new NoConnectionError(`data: cannot download ${entry.name} from ${url} (${cause}). ${MIRROR_HINT}`, { cause: err })
    }
    if (res.status === 416 && have > 0) {
      // The server says the partial already holds every byte: fall through to the checksum.
    } else if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined)
      throw new Error(`data: download of ${entry.name} failed: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${url}. ` +
        `Check the URL in data/manifest.json, or ${MIRROR_HINT.replace(/^W/, 'w')}`)
    } else {
      const resumed = res.status === 206 && have > 0 && contentRangeStart(res) === have
      if (!resumed) have = 0
      received = await streamBody(res.body, partial, resumed, entry, url, have)
    }
  }
  const size = (await stat(partial)).size
  const actual = await sha256File(partial)
  if (actual !== entry.sha256 || size !== entry.size) {
    await rm(partial, { force: true })
    throw new Error(`data: checksum mismatch for ${entry.name} downloaded from ${url}: expected sha256 ${entry.sha256} (${entry.size} bytes), ` +
      `got ${actual} (${size} bytes). The file was deleted; if the upstream file changed, update data/manifest.json`)
  }
  await rename(partial, dest)
  await writeStamp(cache, entry)
  return received
}

function contentRangeStart(res: Response): number | null {
  const m = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')
  return m ? Number(m[1]) : null
}

async function streamBody(body: ReadableStream<Uint8Array>, partial: string, append: boolean,
  entry: ManifestEntry, url: string, start: number): Promise<number> {
  const fh = await open(partial, append ? 'a' : 'w')
  let written = 0
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      await fh.write(chunk)
      written += chunk.length
    }
  } catch (err) {
    throw new Error(`data: download of ${entry.name} from ${url} was interrupted after ${start + written} of ${entry.size} bytes ` +
      `(${(err as Error).message}). The partial file ${partial} is kept: run the same command again to resume`, { cause: err })
  } finally {
    await fh.close()
  }
  return written
}
