import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { SourceChoice } from '../config/resolve-sources.js'
import { dataFolder } from '../data/data-path.js'
import type { ImageNetV2DatasetFile } from '../metrics/imagenetv2.js'
import { meanSelectionFrequency, type SelectionFrequencies } from '../metrics/selection-frequency.js'
import { LaionetError } from '../util/errors.js'
import { recorder } from './common.js'
import { V2_SETS } from './imagenetv2-accuracy.js'
import type { ExperimentRecord } from './types.js'

const rec = recorder('imagenetv2')

/** ImageNetV2's MTurk data covers some 250k images (candidates and ImageNet validation): tens of MB as JSON. */
const MAX_FREQUENCY_BYTES = 512 * 1024 * 1024

const IDS = { matchedFrequency: 'fig7.selectionFrequencyMatched', threshold07: 'fig7.selectionFrequencyThreshold07', topImages: 'fig7.selectionFrequencyTopImages' } as const

/** Reads a selection-frequency file (`{ image id: { wnid: fraction } }`), bounded, with errors naming it. */
export async function loadSelectionFrequencies(file: string): Promise<SelectionFrequencies> {
  const fix = 'Set sources.imagenetV2SelectionFrequencies to a JSON object { image id: { wnid: fraction selected } } (ImageNetV2\'s MTurkData.image_fraction_selected)'
  let size: number
  try {
    size = (await stat(file)).size
  } catch (err) {
    throw new LaionetError('imagenetv2', `cannot read the selection-frequency file ${file}: ${(err as Error).message}`, { code: 'not-found', fix, cause: err })
  }
  if (size > MAX_FREQUENCY_BYTES) throw new LaionetError('imagenetv2', `${file} has ${size} bytes, more than the ${MAX_FREQUENCY_BYTES} a selection-frequency file may have`, { code: 'invalid-input', fix })
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new LaionetError('imagenetv2', `${file} is not valid JSON: ${(err as Error).message}`, { code: 'invalid-input', fix, cause: err })
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LaionetError('imagenetv2', `${file} is not a JSON object of image id -> { wnid: fraction }`, { code: 'invalid-input', fix })
  for (const [img, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LaionetError('imagenetv2', `${file}: image ${JSON.stringify(img.slice(0, 80))} maps to ${Array.isArray(v) ? 'an array' : typeof v}, not { wnid: fraction }`, { code: 'invalid-input', fix })
  }
  return raw as SelectionFrequencies
}

/**
 * Fig. 7's three mean MTurk selection frequencies (tier `released`) from ImageNetV2's per-image frequencies over the
 * image lists of its test sets (datasets/imagenetv2-{b-33,a-44,c-12}.json of the imagenetv2 data folder), as
 * ImageNetV2's sample_dataset.py averages them; without the file, the paper's values are quoted.
 */
export async function selectionFrequencyRecords(choice: SourceChoice): Promise<ExperimentRecord[]> {
  const names = { matchedFrequency: 'MatchedFrequency', threshold07: 'Threshold0.7', topImages: 'TopImages' } as const
  const keys = Object.keys(IDS) as (keyof typeof IDS)[]
  if (choice.branch !== 'released') {
    return keys.map((k) => rec(IDS[k], 'Fig. 7', `mean MTurk selection frequency of ImageNetV2 ${names[k]}`, null, { tier: 'quoted', source: [], note: `${choice.reason}; ${choice.upgrade ?? ''}` }))
  }
  const file = choice.source[0]
  const freq = await loadSelectionFrequencies(file)
  const dir = await dataFolder('imagenetv2/')
  const out: ExperimentRecord[] = []
  for (const k of keys) {
    const datasetFile = join(dir, 'datasets', `${V2_SETS[k].dataset}.json`)
    const dataset = JSON.parse(await readFile(datasetFile, 'utf8')) as ImageNetV2DatasetFile
    const { mean, images } = meanSelectionFrequency(dataset, freq, `${file} over ${datasetFile}`)
    out.push(rec(IDS[k], 'Fig. 7', `mean MTurk selection frequency of ImageNetV2 ${names[k]}`, mean, { tier: 'released', source: [file, datasetFile], note: `mean of image_fraction_selected[image][wnid] over the ${images} images of ${V2_SETS[k].dataset}` }))
  }
  return out
}
