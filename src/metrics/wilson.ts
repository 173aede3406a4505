import type { Interval } from './types.js'

/**
 * The normal quantile statsmodels' `proportion_confint(count, n, alpha=0.05, method='wilson')` uses:
 * `scipy.stats.norm.isf(0.025)`. The authors' calc_utils.py takes the interval at this quantile and divides its width
 * by their own constant z = 1.96 to get a standard error.
 */
export const WILSON_Z_95 = 1.959963984540054

/**
 * Returns the Wilson score interval of a binomial proportion (statsmodels' `proportion_confint(method='wilson')`,
 * which the paper uses). Unlike the normal interval it stays inside [0, 1] and is not degenerate at 0 or n successes.
 * @param successes number of successes, 0 <= successes <= n
 * @param n number of trials, n >= 1
 * @param z normal quantile (default 1.96: 95%)
 * @returns `{ lower, upper }`
 * @example wilsonInterval(0, 10) // { lower: 0, upper: 0.2775 }
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): Interval {
  if (!(n >= 1) || !(successes >= 0) || successes > n) {
    throw new Error(`wilson: need 0 <= successes <= n and n >= 1, got successes=${successes}, n=${n}`)
  }
  const p = successes / n
  const z2 = z * z
  const denom = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denom
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) }
}
