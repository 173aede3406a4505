import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { tempPathFor } from '../io/write-atomic.js'
import { cachePath, writeStamp } from './stamp.js'
import type { ManifestEntry } from './types.js'

/**
 * Copies `entry` from the local mirror into the cache, hashing on the way (temporary file, then rename), and stamps it.
 * A missing or corrupt mirror file raises an error naming the file and, for corruption, both hashes.
 * @returns the bytes copied
 */
export async function copyFromMirror(mirror: string, cache: string, entry: ManifestEntry): Promise<number> {
  const source = join(mirror, ...entry.name.split('/'))
  const info = await stat(source).catch(() => null)
  if (!info) {
    throw new Error(`data: ${entry.name} is not in the mirror ${mirror} (LAIONET_DATA_MIRROR): expected the file ${source}. ` +
      'Point LAIONET_DATA_MIRROR at a complete copy of the data (e.g. ../shared/data), or unset it to download')
  }
  const dest = cachePath(cache, entry.name)
  await mkdir(dirname(dest), { recursive: true })
  const tmp = tempPathFor(dest)
  const hash = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    },
  })
  try {
    await pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), tap, createWriteStream(tmp))
  } catch (err) {
    await rm(tmp, { force: true })
    throw new Error(`data: cannot copy ${entry.name} from the mirror file ${source} (${(err as Error).message})`, { cause: err })
  }
  const actual = hash.digest('hex')
  if (actual !== entry.sha256 || bytes !== entry.size) {
    await rm(tmp, { force: true })
    throw new Error(`data: the mirror file ${source} for ${entry.name} is corrupt: expected sha256 ${entry.sha256} (${entry.size} bytes), ` +
      `got ${actual} (${bytes} bytes). Replace it with the original${entry.url ? ` from ${entry.url}` : ''} or point LAIONET_DATA_MIRROR at a good copy`)
  }
  await rename(tmp, dest)
  await writeStamp(cache, entry)
  return bytes
}
