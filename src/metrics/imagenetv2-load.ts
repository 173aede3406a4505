import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readNpy } from '../io/npy.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { IMAGENETV2_SETS, imageNetV2Accuracy, type ImageNetV2DatasetFile } from './imagenetv2.js'
import type { ImageNetV2Accuracy, ImageNetV2Options } from './types.js'

async function list(dir: string, what: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch (err) {
    throw new Error(`imagenetv2: cannot read the ${what} folder ${dir} (expected ImageNetV2's data layout: datasets/*.json and predictions/<dataset>/<model>.npy, e.g. the imagenetv2/ data folder)`, { cause: err })
  }
}

/**
 * Computes top-1/top-5 accuracy of ImageNetV2's released top-5 predictions for every model on ImageNet
 * validation and the three ImageNetV2 test sets.
 * @param dir folder with `datasets/<dataset>.json` and `predictions/<dataset>/<model>.npy`, e.g. `await dataFolder('imagenetv2/')`
 * @param options `wnids` (classifier order; default from `loadImageNetClasses()`), `datasets`, `models`
 * @returns one row per (dataset, model): `{ dataset, model, top1, top5, images }`, datasets in
 *   IMAGENETV2_SETS order (others after, by name), models by name
 * @example (await loadImageNetV2Accuracy(await dataFolder('imagenetv2/'))).find((r) => r.model === 'resnet50')
 */
export async function loadImageNetV2Accuracy(dir: string, { wnids, datasets, models }: ImageNetV2Options = {}): Promise<ImageNetV2Accuracy[]> {
  const classes = wnids ?? (await loadImageNetClasses()).map((c) => c.wnid)
  const known = IMAGENETV2_SETS.map((s) => s.dataset)
  const found = (await list(join(dir, 'predictions'), 'predictions'))
  const names = (datasets ?? found).slice().sort((a, b) => {
    const ia = known.indexOf(a) < 0 ? known.length : known.indexOf(a)
    const ib = known.indexOf(b) < 0 ? known.length : known.indexOf(b)
    return ia - ib || a.localeCompare(b)
  })
  const rows: ImageNetV2Accuracy[] = []
  for (const dataset of names) {
    const file = join(dir, 'datasets', `${dataset}.json`)
    let json: ImageNetV2DatasetFile
    try {
      json = JSON.parse(await readFile(file, 'utf8')) as ImageNetV2DatasetFile
    } catch (err) {
      throw new Error(`imagenetv2: cannot read dataset file ${file}: ${(err as Error).message}`, { cause: err })
    }
    const files = (await list(join(dir, 'predictions', dataset), 'predictions')).filter((f) => f.endsWith('.npy'))
    const available = files.map((f) => f.slice(0, -4))
    const wanted = models ?? available
    for (const model of wanted) {
      if (!available.includes(model)) throw new Error(`imagenetv2: no predictions for model ${model} on ${dataset} (available: ${available.join(', ')})`)
      const npy = await readNpy(join(dir, 'predictions', dataset, `${model}.npy`))
      rows.push({ dataset, model, ...imageNetV2Accuracy(json, npy, classes, `${dataset}/${model}.npy`) })
    }
  }
  return rows
}
