import { className } from '../../simulate/captions.js'
import { classOfKey } from '../../simulate/measure.js'
import { cachedMeasureDial } from '../../simulate/study-cache.js'
import { sweepDial, type ScalarDial } from '../../simulate/sweep.js'
import type { SimulationConfig } from '../../simulate/types.js'
import type { DialFrame } from '../figures/dial-sweep.js'
import { comparisonSeries } from './comparison-series.js'

/**
 * The frames of a dial slider: at each value of one dial, the world regenerated with the same seed (as
 * `sweepDial` does) and Fig. 6's comparison there, text-only minus image-aware per class with the paper's test,
 * besides the headline numbers. Computed once, ahead of time, so a reader drags the dial without a kernel (and stored
 * in the simulation cache, so a rerun of the notebook reads each frame back).
 * @param dial the dial to vary, e.g. `captionDescribesImage`
 * @param values its values, in slider order (each validated against the dial's range)
 * @param config the other dials (defaults fill the rest)
 * @param options `seed` (default 1)
 * @returns one {@link DialFrame} per value: what `dialSliderFigure` draws, and a `sweepDial` point for `dialFigure`
 * @example dialSliderFigure('labelNoise', simulatedDialFrames('labelNoise', [0, 0.1, 0.2], { classes: 100, candidates: 30000 }))
 */
export function simulatedDialFrames(dial: ScalarDial, values: number[], config: Partial<SimulationConfig> = {}, { seed = 1 } = {}): DialFrame[] {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`plots: simulatedDialFrames needs at least one value of ${dial}, got ${JSON.stringify(values)}`)
  if (new Set(values).size !== values.length) throw new Error(`plots: simulatedDialFrames got a value of ${dial} twice (${JSON.stringify(values)}); a slider step per value`)
  sweepDial(dial, [], config, { seed }) // refuses a list dial with sweepDial's message
  return values.map((value) => {
    const { point, comparison } = cachedMeasureDial(dial, value, config, { seed, source: `slider of ${dial}` })
    return { ...point, rows: comparisonSeries(comparison, { names: (key) => className(classOfKey(key)), tests: ['paper'] })[0].rows }
  })
}
