import { readFile } from 'node:fs/promises'
import { dataPath } from '../data/data-path.js'
import { getSynset, loadSynsets } from '../wordnet/load-wordnet.js'
import type { WordNet } from '../wordnet/types.js'
import { compareClassInfo, compareDevkit, parseClassInfo } from './class-info.js'
import { loadDevkitSynsets } from './devkit.js'
import type { CheckedImageNetClasses, ImageNetClass, LoadImageNetClassesOptions } from './types.js'

/**
 * Builds ImageNet classes for `wnids` from WordNet 3.0, sorted by wnid (classifier order).
 * @param wordnet a WordNet 3.0 noun database (or the part of it holding `wnids`).
 * @param wnids the class ids, any order; duplicates or ids missing from WordNet throw.
 * @returns one class per wnid with `index` = position in sorted order.
 * @example buildImageNetClasses(wn, ['n02125311'])[0].lemmas // ['cougar', 'puma', ...]
 */
export function buildImageNetClasses(wordnet: Pick<WordNet, 'synsets'>, wnids: readonly string[]): ImageNetClass[] {
  const sorted = [...wnids].sort()
  sorted.forEach((w, i) => {
    if (w === sorted[i - 1]) throw new Error(`imagenet: wnid ${w} is listed twice (each class must appear once)`)
  })
  return sorted.map((wnid, index) => {
    const { lemmas, definition, examples } = getSynset(wordnet, wnid)
    return { index, wnid, lemmas: [...lemmas], definition, examples: [...examples] }
  })
}

/**
 * Loads the 1000 ILSVRC-2012 classes (wnids from the devkit's meta.mat, lemmas and gloss from WordNet 3.0) and
 * cross-checks them against class_info.json and the devkit, returning every disagreement.
 * @example const { classes, classInfo } = await checkImageNetClasses() // classInfo: []
 */
export async function checkImageNetClasses({ wordnetDir, classInfoFile, metaFile }: LoadImageNetClassesOptions = {}): Promise<CheckedImageNetClasses> {
  const leaves = (await loadDevkitSynsets({ metaFile })).filter((s) => s.ilsvrcId <= 1000)
  const wordnet = await loadSynsets(leaves.map((s) => s.wnid), wordnetDir)
  const classes = buildImageNetClasses(wordnet, leaves.map((s) => s.wnid))
  const glosses = new Map(classes.map((c) => [c.wnid, getSynset(wordnet, c.wnid).gloss]))
  const file = classInfoFile ?? (await dataPath('imagenet/class_info.json'))
  const info = parseClassInfo(await readFile(file, 'utf8'), file)
  return { classes, classInfo: compareClassInfo(classes, info, glosses), devkit: compareDevkit(classes, leaves, glosses) }
}

/**
 * Loads the 1000 ILSVRC-2012 classes in classifier order (sorted wnid; index 0 = n01440764 tench) with WordNet 3.0's
 * lemmas, definition and examples. With `strict` (the default) any disagreement with class_info.json or the devkit
 * throws, listing how many and the first few.
 * @example const classes = await loadImageNetClasses(); classes[0] // { index: 0, wnid: 'n01440764', lemmas: ['tench', 'Tinca tinca'], ... }
 */
export async function loadImageNetClasses(options: LoadImageNetClassesOptions = {}): Promise<ImageNetClass[]> {
  const { strict = true } = options
  const checked = await checkImageNetClasses(options)
  const problems = [...checked.classInfo.map((d) => ({ ...d, source: 'class_info.json' })), ...checked.devkit.map((d) => ({ ...d, source: 'meta.mat' }))]
  if (checked.classes.length !== 1000) throw new Error(`imagenet: the devkit lists ${checked.classes.length} leaf classes (expected 1000). Is meta.mat the ILSVRC-2012 devkit's?`)
  if (strict && problems.length) {
    const shown = problems.slice(0, 5).map((d) => `${d.source} ${d.wnid || '(file)'} ${d.field}: expected "${d.expected}", got "${d.actual}"`)
    throw new Error(`imagenet: ${problems.length} disagreement(s) with WordNet 3.0: ${shown.join('; ')}. Check the reference files are the ILSVRC-2012 ones, or pass { strict: false } and inspect checkImageNetClasses().`)
  }
  return checked.classes
}
