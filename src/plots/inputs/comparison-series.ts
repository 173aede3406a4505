import type { ClassComparison } from '../../metrics/types.js'
import type { ClassDifferenceSeries } from '../types.js'

/** Legend names of the two tests of `compareIntraClass`, in every figure that draws them. */
const TEST_NAMES = { paper: 'paper test (pairs independent)', corrected: 'corrected test (jackknife over images)' } as const

/** Readable class names by class key: a Map, a plain object, or a function (missing names fall back to the key). */
export type ClassNames = Map<string, string> | Record<string, string> | ((key: string) => string | undefined)

/**
 * Turns a per-class comparison (`compareIntraClass`, `crossModalDifficulty`, a simulated study's) into the per-test
 * series that Fig. 6, 9 and Appendix D draw: delta with the interval delta ± half-width of each test. Classes with a
 * non-finite delta or half-width are left out.
 * @param comparison anything with the per-class `classes` of a comparison (a minus b).
 * @param options `names`: readable class names for hover text (default: the key); `tests`: which tests to draw, in
 *   order (default: both).
 * @returns one series per test.
 * @example fig6IntraClass({ tier: 'real', histograms, differences: comparisonSeries(compareIntraClass(a, b)) })
 */
export function comparisonSeries(
  comparison: { classes: readonly ClassComparison[] },
  { names, tests = ['paper', 'corrected'] }: { names?: ClassNames, tests?: ('paper' | 'corrected')[] } = {},
): ClassDifferenceSeries[] {
  if (!Array.isArray(comparison?.classes)) throw new Error('plots: comparisonSeries needs the result of compareIntraClass ({ classes: [...] })')
  const nameOf = (key: string) => (typeof names === 'function' ? names(key) : names instanceof Map ? names.get(key) : names?.[key]) ?? key
  return tests.map((test) => ({
    name: TEST_NAMES[test],
    rows: comparison.classes
      .filter((c) => Number.isFinite(c.delta) && Number.isFinite(c[test].halfWidth))
      .map((c) => ({ wnid: c.key, name: nameOf(c.key), delta: c.delta, low: c.delta - c[test].halfWidth, high: c.delta + c[test].halfWidth })),
  }))
}
