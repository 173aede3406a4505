import { createRandom } from '../util/random.js'
import type { Selection, World } from './types.js'

/**
 * Returns a copy of a selection in which each row, with probability `share`, carries the label of another
 * class (uniform among the other classes present): label noise with no selection at all. Images stay the same;
 * only what they are called changes, which is what a mislabelled web sample does to a dataset.
 * @param world the simulated world
 * @param sel the clean selection
 * @param share probability of a wrong label, in [0, 1]
 * @param options `seed` (default 0)
 * @returns the relabelled selection, named `<name> + <share> label noise`
 * @example relabelShare(world, selectImageAware(world), 0.2, { seed: 1 })
 */
export function relabelShare(world: World, sel: Selection, share: number, { seed = 0 } = {}): Selection {
  if (!(share >= 0 && share <= 1)) throw new Error(`simulate: label-noise share must be in [0, 1], got ${share}`)
  const present = [...new Set(sel.labels)].sort((a, b) => a - b)
  const rng = createRandom(seed)
  const labels = Int32Array.from(sel.labels, (c) => {
    const flip = rng.next() < share
    const pick = rng.int(Math.max(1, present.length - 1))
    if (!flip || present.length < 2) return c
    // Skip the true class: index among the others.
    const at = present.indexOf(c)
    return present[pick >= at ? pick + 1 : pick]
  })
  return { name: `${sel.name} + ${share} label noise`, rows: sel.rows, labels }
}
