import type { ImageNetV2DatasetFile } from './imagenetv2.js'

/**
 * ImageNetV2's per-image MTurk selection frequencies as its code holds them: `MTurkData.image_fraction_selected`
 * (modestyachts/ImageNetV2, code/mturk_data.py), `{ image id: { wnid: fraction of valid assignments that selected
 * the image for that wnid } }`, here read from that dict written as JSON.
 */
export type SelectionFrequencies = Record<string, Record<string, number>>

/**
 * The mean MTurk selection frequency of a test set, as ImageNetV2's sample_dataset.py prints it ("Average selection
 * frequency"): the mean of `image_fraction_selected[img][wnid]` over the `[img, wnid]` rows of the dataset file.
 * @param where names the files in error messages
 * @example meanSelectionFrequency({ image_filenames: [['a', 'n1']] }, { a: { n1: 0.9 } }) // { mean: 0.9, images: 1 }
 */
export function meanSelectionFrequency(dataset: ImageNetV2DatasetFile, frequencies: SelectionFrequencies, where = 'selection frequencies'): { mean: number, images: number } {
  const rows = dataset.image_filenames
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`imagenetv2: ${where}: the dataset file has no image_filenames rows`)
  let sum = 0
  for (const [i, [img, wnid]] of rows.entries()) {
    const f = Object.hasOwn(frequencies, img) && Object.hasOwn(frequencies[img], wnid) ? frequencies[img][wnid] : undefined
    if (typeof f !== 'number' || !(f >= 0 && f <= 1)) throw new Error(`imagenetv2: ${where}: row ${i} (image ${JSON.stringify(img)}, ${wnid}) has ${f === undefined ? 'no selection frequency' : `selection frequency ${JSON.stringify(f)} (expected 0..1)`}; the file must hold ImageNetV2's image_fraction_selected for every image of its test sets`)
    sum += f
  }
  return { mean: sum / rows.length, images: rows.length }
}
