import { synsetText } from '../imagenet/synset-text.js'
import type { ImageNetClass } from '../imagenet/types.js'

/**
 * Returns the text filter's query for every class, `{ wnid: '<first lemma lowercased> which is <definition>' }`,
 * in the classes' order (the paper's "[name: def]", spelled as its code does).
 * @param classes the ImageNet classes (definitions without their example sentences)
 * @returns the synset texts by wnid
 * @example synsetTexts(classes).n02125311 // 'cougar which is large American feline resembling a lion'
 */
export function synsetTexts(classes: readonly Pick<ImageNetClass, 'wnid' | 'lemmas' | 'definition'>[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of classes) out[c.wnid] = synsetText(c)
  return out
}
