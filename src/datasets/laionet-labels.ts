import { readIndexPickle } from '../io/pickle.js'
import { LaionetError } from '../util/errors.js'

const WNID = /^n\d{8}$/

/**
 * Reads the authors' full label file of LAIONet (`sources.laionetLabels`,
 * `wnid2laionindices(subset_sm_filt(text_to_name_def_wnid_similarity_clip-vit-base-patch32)).pkl`): a pickle of
 * `{wnid: [global LAION index, ...]}` (index = part * 1e8 + row), each class's list in the authors' order. Bounded
 * (256 MiB, 50 million items); a key that is not a wnid or a negative index is refused, naming the file.
 * @param file the .pkl
 * @returns the labels, in the file's key and list order
 * @example (await loadLaionetLabels('labels.pkl')).get('n01440764')?.length
 */
export async function loadLaionetLabels(file: string): Promise<Map<string, number[]>> {
  const labels = await readIndexPickle(file)
  for (const [wnid, rows] of labels) {
    if (!WNID.test(wnid)) throw new LaionetError('datasets', `${file}: key ${JSON.stringify(wnid.slice(0, 40))} is not a WordNet id (expected n + 8 digits)`, { code: 'invalid-input', fix: 'Set sources.laionetLabels to the authors\' wnid2laionindices(...).pkl' })
    const bad = rows.find((r) => !Number.isSafeInteger(r) || r < 0)
    if (bad !== undefined) throw new LaionetError('datasets', `${file}: class ${wnid} lists index ${bad} (expected global LAION indices >= 0, part * 1e8 + row)`, { code: 'invalid-input', fix: 'Set sources.laionetLabels to the authors\' wnid2laionindices(...).pkl' })
  }
  return labels
}
