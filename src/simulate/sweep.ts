import { compareIntraClass } from '../metrics/compare.js'
import { LIST_DIALS, resolveSimulationConfig } from './config.js'
import { selectImageAware, selectTextOnly } from './selection.js'
import { measureSelection } from './study.js'
import type { SimulationConfig } from './types.js'
import { createWorld } from './world.js'

/** Numeric (non-list) dials that a sweep can vary. */
export type ScalarDial = Exclude<keyof SimulationConfig, 'selectionFrequencySweep' | 'frontierTextThresholds'>

/** The headline comparison at one value of a dial. */
export interface DialPoint {
  /** The dial's value. */
  value: number
  /** Mean intra-class similarity of the text-only (LAIONet) selection. */
  textOnly: number
  /** Mean intra-class similarity of the image-aware (ImageNet) selection. */
  imageAware: number
  /** textOnly - imageAware: negative when text-only selection gives more diverse classes. */
  gap: number
  /** Share of compared classes where text-only is significantly lower (paper's test). */
  lowerShare: number
  /** Share of compared classes where text-only is significantly higher (paper's test). */
  higherShare: number
  /** Text-only selection size. */
  textOnlySize: number
}

/**
 * Varies one dial, regenerating the world at each value with the same seed (so everything the dial does not
 * touch stays the same), and measures the text-only vs image-aware comparison: the experiment behind
 * "the dial that would break the story".
 * @param dial the dial to vary, e.g. `captionDescribesImage`
 * @param values its values (each validated against the dial's range)
 * @param config the other dials (defaults fill the rest)
 * @param options `seed` (default 1)
 * @returns one {@link DialPoint} per value, in order
 * @example sweepDial('captionDescribesImage', [0, 0.5, 1], { classes: 100, candidates: 30000 }).map((p) => p.gap)
 */
export function sweepDial(dial: ScalarDial, values: number[], config: Partial<SimulationConfig> = {}, { seed = 1 } = {}): DialPoint[] {
  if (LIST_DIALS.has(dial)) {
    throw new Error(`simulate: sweepDial varies one number; "${dial}" is a list dial`)
  }
  return values.map((value) => measureDial(dial, value, config, { seed, source: `sweep of ${dial}` }).point)
}

/**
 * The world regenerated at one value of one dial (same seed), and the text-only vs image-aware comparison there: the
 * step that `sweepDial` and the slider frames of src/plots share.
 * @param source names the caller in a range error, e.g. `sweep of labelNoise`
 * @returns the headline {@link DialPoint} and the full per-class comparison
 */
export function measureDial(dial: ScalarDial, value: number, config: Partial<SimulationConfig>, { seed, source }: { seed: number, source: string }) {
  const world = createWorld(resolveSimulationConfig({ ...config, [dial]: value }, { source }), { seed })
  const textOnly = measureSelection(world, selectTextOnly(world))
  const imageAware = measureSelection(world, selectImageAware(world))
  const comparison = compareIntraClass(textOnly.intra, imageAware.intra)
  const point: DialPoint = {
    value,
    textOnly: textOnly.intraMean,
    imageAware: imageAware.intraMean,
    gap: textOnly.intraMean - imageAware.intraMean,
    lowerShare: comparison.paper.lowerShare,
    higherShare: comparison.paper.higherShare,
    textOnlySize: textOnly.selection.rows.length,
  }
  return { point, comparison }
}
