import type { ClassInfoEntry, ClassDisagreement, DevkitSynset, ImageNetClass } from './types.js'

/**
 * Parses ImageNetV2's class_info.json (`[{ cid, wnid, synset: string[], gloss }]`), validating each entry's shape.
 * @param file used in error messages only.
 * @example parseClassInfo(text)[0] // { cid: 0, wnid: 'n01440764', synset: ['tench', 'Tinca tinca'], gloss: '...' }
 */
export function parseClassInfo(text: string, file = 'class_info.json'): ClassInfoEntry[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new Error(`imagenet: ${file} is not valid JSON`, { cause: err })
  }
  if (!Array.isArray(json)) throw new Error(`imagenet: ${file} must hold a JSON array of classes, got ${typeof json}`)
  return json.map((e: Record<string, unknown>, i) => {
    const ok = e && typeof e.cid === 'number' && typeof e.wnid === 'string' && typeof e.gloss === 'string'
      && Array.isArray(e.synset) && e.synset.every((s) => typeof s === 'string')
    if (!ok) throw new Error(`imagenet: ${file} entry ${i} lacks cid (number), wnid, gloss (strings) or synset (string array): ${JSON.stringify(e).slice(0, 120)}`)
    return { cid: e.cid as number, wnid: e.wnid as string, synset: e.synset as string[], gloss: e.gloss as string }
  })
}

/**
 * Lists every difference between our classes (WordNet 3.0) and class_info.json: order (wnid), cid, lemmas and
 * gloss (the full WordNet gloss, examples included, is rebuilt from `glosses`).
 * @param glosses full WordNet gloss by wnid.
 * @returns the disagreements, empty when the two agree.
 * @example compareClassInfo(classes, info, glosses).length // 0
 */
export function compareClassInfo(classes: ImageNetClass[], info: ClassInfoEntry[], glosses: Map<string, string>): ClassDisagreement[] {
  const out: ClassDisagreement[] = []
  if (info.length !== classes.length) {
    out.push({ index: -1, wnid: '', field: 'wnid', expected: `${classes.length} classes`, actual: `${info.length} entries` })
  }
  for (const cls of classes) {
    const e = info[cls.index]
    if (!e) continue
    const base = { index: cls.index, wnid: cls.wnid }
    if (e.wnid !== cls.wnid) out.push({ ...base, field: 'wnid', expected: cls.wnid, actual: e.wnid })
    if (e.cid !== cls.index) out.push({ ...base, field: 'cid', expected: String(cls.index), actual: String(e.cid) })
    if (e.wnid !== cls.wnid) continue
    if (e.synset.join('|') !== cls.lemmas.join('|')) out.push({ ...base, field: 'lemmas', expected: cls.lemmas.join(', '), actual: e.synset.join(', ') })
    const gloss = glosses.get(cls.wnid) ?? ''
    if (e.gloss !== gloss) out.push({ ...base, field: 'gloss', expected: gloss, actual: e.gloss })
  }
  return out
}

/**
 * Lists every difference between our classes and the devkit's leaf synsets (words = lemmas joined by `, `, gloss).
 * @param leaves the devkit's synsets for the classes' wnids (any order).
 * @example compareDevkit(classes, devkit.slice(0, 1000), glosses) // []
 */
export function compareDevkit(classes: ImageNetClass[], leaves: DevkitSynset[], glosses: Map<string, string>): ClassDisagreement[] {
  const byWnid = new Map(leaves.map((s) => [s.wnid, s]))
  const out: ClassDisagreement[] = []
  for (const cls of classes) {
    const s = byWnid.get(cls.wnid)
    const base = { index: cls.index, wnid: cls.wnid }
    if (!s) {
      out.push({ ...base, field: 'wnid', expected: cls.wnid, actual: 'missing from the devkit' })
      continue
    }
    if (s.words !== cls.lemmas.join(', ')) out.push({ ...base, field: 'lemmas', expected: cls.lemmas.join(', '), actual: s.words })
    const gloss = glosses.get(cls.wnid) ?? ''
    if (s.gloss !== gloss) out.push({ ...base, field: 'gloss', expected: gloss, actual: s.gloss })
  }
  return out
}
