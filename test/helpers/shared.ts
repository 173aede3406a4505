import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root (the folder holding package.json). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** ../shared beside the project (LAIONET_SHARED overrides): real data, fixtures and goldens. */
export const sharedDir = resolve(process.env.LAIONET_SHARED ?? join(root, '..', 'shared'))

/**
 * True under continuous integration (`CI=true` or `CI=1`). CI always has ../shared and LAIONET_DATA_MIRROR, so there
 * a missing prerequisite fails the suite instead of skipping it: a green CI proves every suite ran.
 */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1'
}

/** Returns the absolute path of `rel` inside ../shared. */
export function shared(rel: string): string {
  return join(sharedDir, rel)
}

/** True when ../shared holds `rel`. */
export function hasShared(rel = 'data/SHA256SUMS'): boolean {
  return existsSync(shared(rel))
}

/**
 * Skips the current test or suite with `reason` printed; under CI (see {@link inCi}) throws instead, so the suite fails.
 * Call inside `before` or `it` with mocha's `this`.
 */
export function skipOrFail(ctx: Mocha.Context, reason: string, env: NodeJS.ProcessEnv = process.env): void {
  const title = ctx.test?.title ?? ''
  if (inCi(env)) throw new Error(`"${title}" cannot run: ${reason}. Under CI=true this is a failure, not a skip (CI has ../shared, LAIONET_DATA_MIRROR and what scripts/preflight.mjs installs and builds)`)
  console.log(`      skipped "${title}": ${reason}`)
  ctx.skip()
}

/**
 * Skips the current test or suite, with the reason printed, when ../shared lacks `rel`; fails under CI.
 * Call inside `before` or `it` with mocha's `this`: `skipWithoutShared(this, 'data/laion/...')`.
 */
export function skipWithoutShared(ctx: Mocha.Context, rel = 'data/SHA256SUMS', env: NodeJS.ProcessEnv = process.env): void {
  if (!hasShared(rel)) skipOrFail(ctx, `${shared(rel)} is missing (the ../shared data and fixtures folder)`, env)
}

/**
 * Returns LAIONET_DATA_MIRROR when it names an existing folder; otherwise skips the suite (fails under CI).
 * @example before(function () { mirror = requireMirror(this) })
 */
export function requireMirror(ctx: Mocha.Context, env: NodeJS.ProcessEnv = process.env): string {
  const mirror = env.LAIONET_DATA_MIRROR
  if (!mirror || !existsSync(mirror)) {
    skipOrFail(ctx, `the data files are needed; set LAIONET_DATA_MIRROR to a mirror folder (e.g. ../shared/data). Got ${mirror ?? 'nothing'}`, env)
  }
  return mirror as string
}
