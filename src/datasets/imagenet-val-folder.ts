import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { loadValidationLabels } from '../imagenet/devkit.js'
import { sortedWnids } from './sorted-wnids.js'
import type { ImageNetValFolderOptions, LabelledImage } from './types.js'

const VAL_NAME = /^ILSVRC2012_val_(\d{8})\.JPEG$/

function devkitFile(devkit: string, name: string): string {
  for (const candidate of [join(devkit, 'data', name), join(devkit, name)]) if (existsSync(candidate)) return candidate
  throw new Error(`datasets: the devkit folder ${devkit} has no ${name} (looked in data/ and the folder itself). Point sources.imagenetVal.devkit at ILSVRC2012_devkit_t12`)
}

/**
 * Lists an ImageNet validation folder (ILSVRC2012_val_NNNNNNNN.JPEG, flat) with each image's class from the devkit,
 * in image-number order. Other files are ignored; an image number outside the labels is an error.
 * @param folder the folder holding the validation JPEGs
 * @returns the images with their wnid and classifier index, image 1 first
 * @example const images = await imageNetValFolder('/data/ILSVRC2012/val', { devkit: '/data/ILSVRC2012_devkit_t12' })
 */
export async function imageNetValFolder(folder: string, { devkit, labels, requireAll = false, wnids: classOrder }: ImageNetValFolderOptions = {}): Promise<LabelledImage[]> {
  const dir = resolve(folder)
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`datasets: cannot read the ImageNet validation folder ${dir} (${err.code}). Set sources.imagenetVal.folder`, { cause: err })
  })
  const found = names.map((name) => [name, VAL_NAME.exec(name)] as const).filter(([, m]) => m)
    .map(([name, m]) => ({ name, number: Number(m![1]) }))
    .sort((a, b) => a.number - b.number)
  if (found.length === 0) throw new Error(`datasets: ${dir} holds no ILSVRC2012_val_NNNNNNNN.JPEG files (expected the flat validation folder)`)
  if (requireAll && found.length !== 50000) throw new Error(`datasets: ${dir} holds ${found.length} validation images (expected 50000)`)
  const wnids = labels ?? (await loadValidationLabels(devkit ? { metaFile: devkitFile(devkit, 'meta.mat'), groundTruthFile: devkitFile(devkit, 'ILSVRC2012_validation_ground_truth.txt') } : {}))
  const distinct = [...new Set(wnids)].sort()
  const order = classOrder ?? (distinct.length === 1000 ? distinct : await sortedWnids())
  const index = new Map(order.map((w, i) => [w, i]))
  return found.map(({ name, number }) => {
    const wnid = wnids[number - 1]
    if (wnid === undefined) throw new Error(`datasets: ${join(dir, name)} is image ${number} but the labels cover 1..${wnids.length}`)
    const classIndex = index.get(wnid)
    if (classIndex === undefined) throw new Error(`datasets: label ${wnid} of image ${number} is not one of the 1000 classes`)
    return { path: join(dir, name), wnid, classIndex }
  })
}
