import { loadDevkitSynsets } from '../imagenet/devkit.js'

/**
 * Returns the 1000 ILSVRC-2012 wnids in sorted order: the classifier output order, and ImageNetV2's folder order.
 * @example (await sortedWnids())[0] // 'n01440764'
 */
export async function sortedWnids(): Promise<string[]> {
  const leaves = (await loadDevkitSynsets()).filter((s) => s.ilsvrcId <= 1000)
  return leaves.map((s) => s.wnid).sort()
}
