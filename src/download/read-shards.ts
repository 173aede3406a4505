import { join } from 'node:path'
import { tarEntries } from '../io/tar-reader.js'
import { listShards } from './shard-writer.js'

/** One sample read back from a download folder. */
export interface DownloadedSample {
  /** WebDataset key (the zero-padded input row). */
  key: string
  /** Shard file holding it. */
  shard: string
  /** The stored image bytes (absent with `{ images: false }`). */
  image?: Uint8Array
  /** Extension of the image member ('jpg', 'png' or 'webp'). */
  extension: string
  /** The sample's json: row, url, caption, sizes, sha256 and the input's other columns. */
  json: Record<string, unknown>
}

/**
 * Streams the samples of the finished shards of a `laionet download` folder, in shard then key order, one sample in
 * memory at a time; unfinished .tar.tmp shards are not read.
 * @param out the download folder
 * @param options `images`: read the image bytes (default true; false reads only the json members)
 * @returns an async iterable of samples
 * @example for await (const s of downloadedSamples('laionet-images')) console.log(s.key, s.json.caption)
 */
export async function* downloadedSamples(out: string, { images = true }: { images?: boolean } = {}): AsyncGenerator<DownloadedSample> {
  for (const shard of await listShards(out)) {
    let pending: { key: string, image?: Uint8Array, extension: string } | undefined
    for await (const entry of tarEntries(join(out, shard), { contents: true })) {
      const dot = entry.name.lastIndexOf('.')
      const key = entry.name.slice(0, dot)
      const extension = entry.name.slice(dot + 1)
      if (extension !== 'json') {
        pending = { key, image: images ? entry.data : undefined, extension }
        continue
      }
      if (!pending || pending.key !== key) throw new Error(`download: ${join(out, shard)} has ${entry.name} without its image before it (not a laionet shard?)`)
      yield { key, shard, image: pending.image, extension: pending.extension, json: JSON.parse(Buffer.from(entry.data!).toString('utf8')) }
      pending = undefined
    }
  }
}
