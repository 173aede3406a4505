import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/**
 * Returns the lowercase hex SHA-256 of a file, streamed (never held whole).
 * @example await sha256File('data/cache/imagenet/meta.mat') // '3f1c...'
 */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
