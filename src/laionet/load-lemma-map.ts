import { loadImageNetClasses } from '../imagenet/load-classes.js'
import type { ImageNetClass } from '../imagenet/types.js'
import { loadNounExceptions } from '../wordnet/load-wordnet.js'
import { buildLemmaMap } from './lemma-map.js'
import { invertNounExceptions } from './plurals.js'
import type { ExtendedOptions, LemmaMap, LemmaMode } from './types.js'

/**
 * Loads the ImageNet classes (WordNet 3.0) and, in extended mode, WordNet's irregular plurals, and builds
 * the lemma map of `mode`.
 * @param mode `paper` or `extended`
 * @param options extended-mode recoveries (ignored in paper mode)
 * @param loaded `classes` already loaded by the caller (saves reading WordNet again). Default: loadImageNetClasses().
 * @returns the lemma map
 * @example (await loadLemmaMap('paper')).entries.length // 1825
 */
export async function loadLemmaMap(mode: LemmaMode, options: ExtendedOptions = {}, loaded: { classes?: readonly ImageNetClass[] } = {}): Promise<LemmaMap> {
  if (mode !== 'paper' && mode !== 'extended') throw new Error(`lemma map: unknown mode "${String(mode)}" (expected "paper" or "extended")`)
  const classes = loaded.classes ?? await loadImageNetClasses()
  if (mode === 'paper') return buildLemmaMap(classes, { mode })
  const irregularPlurals = options.irregularPlurals ?? invertNounExceptions(await loadNounExceptions())
  return buildLemmaMap(classes, { ...options, mode, irregularPlurals })
}
