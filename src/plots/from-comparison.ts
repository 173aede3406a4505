import type { IntraClassComparison } from '../metrics/types.js'
import type { ClassDifferenceSeries } from './types.js'

/** Legend names of the two tests of `compareIntraClass`. */
const TEST_NAMES = { paper: 'paper test (pairs independent)', corrected: 'corrected test (jackknife over images)' } as const

/**
 * Turns a `compareIntraClass` result into the per-test series that Fig. 6, 9 and Appendix D draw:
 * delta with the interval delta ± half-width of each test.
 * @param comparison the per-class comparison (a minus b).
 * @param options `names`: readable class names by wnid for hover text (default: the wnid);
 *   `tests`: which tests to draw, in order (default: both).
 * @returns one series per test.
 * @example fig6IntraClass({ tier: 'real', histograms, differences: comparisonSeries(compareIntraClass(a, b)) })
 */
export function comparisonSeries(
  comparison: IntraClassComparison,
  { names, tests = ['paper', 'corrected'] }: { names?: Map<string, string> | Record<string, string>, tests?: ('paper' | 'corrected')[] } = {},
): ClassDifferenceSeries[] {
  if (!Array.isArray(comparison?.classes)) throw new Error('plots: comparisonSeries needs the result of compareIntraClass ({ classes: [...] })')
  const nameOf = (key: string) => (names instanceof Map ? names.get(key) : names?.[key]) ?? key
  return tests.map((test) => ({
    name: TEST_NAMES[test],
    rows: comparison.classes
      .filter((c) => Number.isFinite(c.delta) && Number.isFinite(c[test].halfWidth))
      .map((c) => ({ wnid: c.key, name: nameOf(c.key), delta: c.delta, low: c.delta - c[test].halfWidth, high: c.delta + c[test].halfWidth })),
  }))
}
