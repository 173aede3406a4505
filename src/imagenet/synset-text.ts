import type { ImageNetClass } from './types.js'

/**
 * Returns the paper's synset text (its CLIP "query"): `<first lemma lowercased> which is <definition>`.
 * @example synsetText(cougar) // 'cougar which is large American feline resembling a lion'
 */
export function synsetText(cls: Pick<ImageNetClass, 'lemmas' | 'definition'>): string {
  const name = cls.lemmas[0]
  if (name === undefined) throw new Error('imagenet: synsetText needs a class with at least one lemma')
  return `${name.toLowerCase().replace(/_/g, ' ')} which is ${cls.definition}`
}
