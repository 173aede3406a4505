import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dataFolder } from '../../src/data/data-path.js'
import { createRandom } from '../../src/util/random.js'
import { writeIfChanged } from './write-sources.js'

// Fig. 7's selection frequencies and Appendix A's build, as the rehearsal configures them (issue #22).

/** Where the rehearsal writes ImageNetV2's per-image selection frequencies, and where its MPNet build goes. */
export const EXTRA_LAYOUT = {
  selectionFrequencies: 'imagenetv2/mturk-image-fraction-selected.json',
  mpnetBuild: 'laionet-build-mpnet',
} as const

/** The sources keys the rehearsal adds for them (the MPNet build only when the encoders are made). */
export function extraSources(encoders: boolean): Record<string, string> {
  return { imagenetV2SelectionFrequencies: EXTRA_LAYOUT.selectionFrequencies, ...(encoders ? { laionetMpnetBuild: EXTRA_LAYOUT.mpnetBuild } : {}) }
}

/**
 * Writes a stand-in of ImageNetV2's per-image MTurk selection frequencies in the format of its code
 * (`MTurkData.image_fraction_selected`: `{ image id: { wnid: selected / valid assignments } }`), for every
 * `[image, wnid]` row of the three test sets' dataset files in the data mirror: k of n workers (n 10..12) selected
 * each image, k drawn around each set's paper mean, so the experiment's means land near 0.73 / 0.85 / 0.93. An image
 * in two sets keeps its first draw, as one image has one frequency. Made-up numbers in the real format: they test the
 * reading and averaging, not ImageNetV2.
 * @returns the file written and the images it covers
 */
export async function writeSelectionFrequencies(root: string, seed: number): Promise<{ file: string, images: number }> {
  const dir = await dataFolder('imagenetv2/')
  const rng = createRandom(seed)
  const out: Record<string, Record<string, number>> = {}
  for (const [dataset, p] of [['imagenetv2-b-33', 0.73], ['imagenetv2-a-44', 0.85], ['imagenetv2-c-12', 0.93]] as const) {
    const { image_filenames: rows } = JSON.parse(await readFile(join(dir, 'datasets', `${dataset}.json`), 'utf8')) as { image_filenames: [string, string][] }
    for (const [img, wnid] of rows) {
      if (out[img]?.[wnid] !== undefined) continue
      const n = 10 + rng.int(3)
      let k = 0
      for (let i = 0; i < n; i++) if (rng.next() < p) k++
      ;(out[img] ??= {})[wnid] = k / n
    }
  }
  const file = join(root, EXTRA_LAYOUT.selectionFrequencies)
  await writeIfChanged(file, JSON.stringify(out) + '\n')
  return { file, images: Object.keys(out).length }
}
