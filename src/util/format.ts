/**
 * The one place numbers are turned into percentages and rounded for display. Records keep full precision;
 * rounding happens only where a number is shown (a table, a sentence, a scoreboard row).
 */

/** A share in [0, 1] as percentage points, unrounded (0.5761... -> 57.61...). */
export function asPercent(share: number): number {
  return 100 * share
}

/** `x` rounded to `digits` decimals (half away from zero), for a table cell. */
export function roundTo(x: number, digits = 1): number {
  const f = 10 ** digits
  return Math.sign(x) * Math.round(Math.abs(x) * f) / f
}

/**
 * A share in [0, 1] as a percentage string for prose, e.g. `57.6%`; `—` for null or NaN.
 * @example formatShare(0.5761) // '57.6%'
 */
export function formatShare(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : `${roundTo(100 * share, digits).toFixed(digits)}%`
}

/**
 * A value for display: integers with thousands separators, others to `digits` significant decimals.
 * @example formatValue(822149) // '822,149'; formatValue(0.69612) // '0.696'
 */
export function formatValue(value: number | string | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value)) return value.toLocaleString('en-US')
  const abs = Math.abs(value)
  const decimals = abs >= 100 ? 1 : abs >= 1 ? Math.max(1, digits - 1) : digits
  return value.toFixed(decimals)
}
