import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { sortedWnids } from './sorted-wnids.js'
import type { ImageNetV2FolderOptions, LabelledImage } from './types.js'

const IMAGE = /\.(jpe?g|png|webp)$/i

/**
 * Lists an ImageNetV2 test set on disk (subfolders 0..999 named by classifier index, `<class index>/<hash>.jpeg`), in a
 * stable order: class index ascending, then file name (code-point order). A subfolder that is not a class index
 * (other than hidden ones) is an error naming it; files other than images are ignored.
 * @param folder e.g. imagenetv2-matched-frequency-format-val
 * @returns the images with their wnid (folder i = the i-th wnid in sorted order) and classifier index
 * @example const v2 = await imageNetV2Folders('/data/imagenetv2-matched-frequency-format-val')
 */
export async function imageNetV2Folders(folder: string, { wnids }: ImageNetV2FolderOptions = {}): Promise<LabelledImage[]> {
  const dir = resolve(folder)
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`datasets: cannot read the ImageNetV2 folder ${dir} (${err.code}). Set sources.imagenetV2 in laionet.config.json`, { cause: err })
  })
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))
  // The real layout is <class index>/<hash>.jpeg with canonical numbers: '007' or 'n01440764' is another layout.
  const odd = folders.find((e) => !/^(0|[1-9]\d*)$/.test(e.name))
  if (odd) throw new Error(`datasets: ${join(dir, odd.name)} is not a class index folder (expected subfolders named 0..999, the ImageNetV2 "format-val" layout <class index>/<hash>.jpeg). Set sources.imagenetV2 to the extracted imagenetv2-*-format-val folder, or move that folder out`)
  const classes = folders.map((e) => Number(e.name)).sort((a, b) => a - b)
  if (classes.length === 0) throw new Error(`datasets: ${dir} has no class subfolders 0..999 (expected the ImageNetV2 "format-val" layout)`)
  const order = wnids ?? (await sortedWnids())
  if (order.length !== 1000) throw new Error(`datasets: expected 1000 wnids in sorted order, got ${order.length}`)
  const bad = classes.find((c) => c >= order.length)
  if (bad !== undefined) throw new Error(`datasets: ${join(dir, String(bad))} is not a class index (expected 0..999)`)
  const images: LabelledImage[] = []
  for (const classIndex of classes) {
    const sub = join(dir, String(classIndex))
    const files = (await readdir(sub)).filter((n) => IMAGE.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const name of files) images.push({ path: join(sub, name), wnid: order[classIndex], classIndex })
  }
  return images
}
