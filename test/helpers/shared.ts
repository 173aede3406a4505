import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root (the folder holding package.json). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** ../shared beside the project (LAIONET_SHARED overrides): real data, fixtures and goldens. */
export const sharedDir = resolve(process.env.LAIONET_SHARED ?? join(root, '..', 'shared'))

/** Returns the absolute path of `rel` inside ../shared. */
export function shared(rel: string): string {
  return join(sharedDir, rel)
}

/** True when ../shared holds `rel`. */
export function hasShared(rel = 'data/SHA256SUMS'): boolean {
  return existsSync(shared(rel))
}

/**
 * Skips the current test or suite, with the reason printed, when ../shared lacks `rel`.
 * Call inside `before` or `it` with mocha's `this`: `skipWithoutShared(this, 'data/laion/...')`.
 */
export function skipWithoutShared(ctx: Mocha.Context, rel = 'data/SHA256SUMS'): void {
  if (!hasShared(rel)) {
    const title = ctx.test?.title ?? ''
    console.log(`      skipped "${title}": ${shared(rel)} is missing (the ../shared data and fixtures folder)`)
    ctx.skip()
  }
}
