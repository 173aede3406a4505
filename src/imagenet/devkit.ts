import { readFile } from 'node:fs/promises'
import { dataPath } from '../data/data-path.js'
import { readMat5 } from './mat5.js'
import type { MatFile, MatValue } from './mat5-types.js'
import type { DevkitOptions, DevkitSynset } from './types.js'

/**
 * Extracts the ILSVRC-2012 devkit's synset table from a parsed meta.mat (`synsets`, a 1860x1 struct array).
 * @returns the nodes in file order, which is ILSVRC2012_ID order (1..1000 are the leaf classes).
 * @example parseDevkitSynsets(parseMat5(buf))[0] // { ilsvrcId: 1, wnid: 'n02119789', words: 'kit fox, Vulpes macrotis', ... }
 */
function parseDevkitSynsets(mat: MatFile): DevkitSynset[] {
  const table = mat.variables.get('synsets')
  if (!table || table.type !== 'struct') {
    throw new Error(`devkit: meta.mat has no "synsets" struct array (variables: ${[...mat.variables.keys()].join(', ') || 'none'}). Expected the ILSVRC-2012 devkit's data/meta.mat.`)
  }
  return table.elements.map((el, i) => ({
    ilsvrcId: scalar(el.ILSVRC2012_ID, 'ILSVRC2012_ID', i),
    wnid: text(el.WNID, 'WNID', i),
    words: text(el.words, 'words', i),
    gloss: text(el.gloss, 'gloss', i),
    numChildren: scalar(el.num_children, 'num_children', i),
    children: el.children?.type === 'numeric' ? Array.from(el.children.data, Number) : [],
    wordnetHeight: scalar(el.wordnet_height, 'wordnet_height', i),
    numTrainImages: scalar(el.num_train_images, 'num_train_images', i),
  }))
}

/**
 * Loads the devkit's 1860 synsets from meta.mat.
 * @param options `metaFile` (default: `dataPath('imagenet/meta.mat')`).
 * @example const leaves = (await loadDevkitSynsets()).slice(0, 1000)
 */
export async function loadDevkitSynsets({ metaFile }: DevkitOptions = {}): Promise<DevkitSynset[]> {
  const file = metaFile ?? (await dataPath('imagenet/meta.mat'))
  const synsets = parseDevkitSynsets(await readMat5(file))
  synsets.forEach((s, i) => {
    if (s.ilsvrcId !== i + 1) throw new Error(`devkit: ${file} element ${i + 1} has ILSVRC2012_ID ${s.ilsvrcId} (expected ${i + 1}: the table must be in ID order)`)
  })
  return synsets
}

/**
 * Maps the devkit's validation ground truth (one ILSVRC2012_ID per line, image 1 first) to wnids.
 * @param text the contents of ILSVRC2012_validation_ground_truth.txt.
 * @param synsets the devkit table, in ID order.
 * @returns one wnid per validation image: index 0 = ILSVRC2012_val_00000001.
 * @example parseValidationGroundTruth('490\n', synsets) // ['n01751748']
 */
export function parseValidationGroundTruth(text: string, synsets: DevkitSynset[]): string[] {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines.map((line, i) => {
    const id = Number(line.trim())
    if (!Number.isInteger(id) || id < 1 || id > 1000) {
      throw new Error(`devkit: validation ground truth line ${i + 1} is "${line}" (expected an ILSVRC2012_ID from 1 to 1000)`)
    }
    return synsets[id - 1].wnid
  })
}

/**
 * Loads the 50,000 ImageNet validation labels as wnids, mapping the devkit's ILSVRC2012_IDs (NOT sorted-wnid
 * indices) through meta.mat.
 * @returns wnids by validation image number - 1 (index 0 = image 1 = n01751748 sea snake).
 * @example (await loadValidationLabels())[0] // 'n01751748'
 */
export async function loadValidationLabels(options: DevkitOptions = {}): Promise<string[]> {
  const synsets = await loadDevkitSynsets(options)
  const file = options.groundTruthFile ?? (await dataPath('imagenet/ILSVRC2012_validation_ground_truth.txt'))
  const labels = parseValidationGroundTruth(await readFile(file, 'utf8'), synsets)
  if (labels.length !== 50000) throw new Error(`devkit: ${file} has ${labels.length} labels (expected 50000, one per validation image)`)
  return labels
}

function scalar(value: MatValue | undefined, field: string, i: number): number {
  if (value?.type !== 'numeric' || value.data.length !== 1) throw new Error(`devkit: synsets(${i + 1}).${field} is not a numeric scalar`)
  return Number(value.data[0])
}

function text(value: MatValue | undefined, field: string, i: number): string {
  if (value?.type !== 'char') throw new Error(`devkit: synsets(${i + 1}).${field} is not a char array`)
  return value.rows.join('\n')
}
