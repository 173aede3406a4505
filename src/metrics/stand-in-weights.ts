import { createRandom } from '../util/random.js'

/**
 * Returns stand-in class frequencies with a LAIONet-like long tail, for demonstrating class-weighted
 * accuracy (Fig. 5) when no LAIONet label file is available: weight ∝ 1 / rank^exponent, the ranks
 * assigned to the classes by a seeded shuffle. The default exponent 0.75 gives the largest of 1000 classes
 * about 5% of the mass, as LAIONet's most frequent class ("web site", PAPER.md Fig. 4). These are not
 * LAIONet's frequencies: results computed with them are tier `simulated`.
 * @param keys the classes (wnids)
 * @param options `seed` (default 0), `exponent` (default 0.75)
 * @returns a Map from class to weight in the order of `keys`, weights summing to 1
 * @example standInClassWeights(wnids, { seed: 1 }).get('n04590129')
 */
export function standInClassWeights(keys: readonly string[], { seed = 0, exponent = 0.75 }: { seed?: number, exponent?: number } = {}): Map<string, number> {
  if (!(exponent >= 0) || !Number.isFinite(exponent)) throw new Error(`accuracy: stand-in weight exponent must be a finite number >= 0, got ${exponent}`)
  const rank = new Map(createRandom(seed).shuffle([...keys]).map((key, r) => [key, r + 1]))
  let total = 0
  for (const r of rank.values()) total += r ** -exponent
  return new Map(keys.map((key) => [key, rank.get(key)! ** -exponent / total]))
}
