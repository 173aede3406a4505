import { synsetText } from './synset-text.js'
import type { ClassTableRow, ImageNetClass } from './types.js'

/**
 * Flattens the classes into one row per class for a table (arquero `aq.from`, danfo `new DataFrame`).
 * @returns rows with the first lemma as `name`, lemma and example counts, and the paper's synset text.
 * @example aq.from(classTable(classes)).view(5)
 */
export function classTable(classes: readonly ImageNetClass[]): ClassTableRow[] {
  return classes.map((c) => ({
    index: c.index,
    wnid: c.wnid,
    name: c.lemmas[0] ?? '',
    lemmas: c.lemmas.join(', '),
    lemmaCount: c.lemmas.length,
    definition: c.definition,
    exampleCount: c.examples.length,
    synsetText: synsetText(c),
  }))
}
