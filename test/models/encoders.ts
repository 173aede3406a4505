import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENCODER_FIXTURES, encodersDir, ensureEncoders } from '../../scripts/make-encoders.js'
import { inCi, shared, skipWithoutShared } from '../helpers/shared.js'

/**
 * Returns the folder of one tiny encoder built by scripts/make-encoders.ts (never committed: it goes into the cache).
 * Under CI (or LAIONET_ENCODERS=1) a missing build is made here (about 1 min, plus 2 for a fresh venv), never
 * skipped; elsewhere the suite skips and says how to build it.
 */
export function encoderFixture(ctx: Mocha.Context, which: keyof typeof ENCODER_FIXTURES): string {
  skipWithoutShared(ctx, 'fixtures/golden/clip_golden.json')
  let dir = encodersDir()
  if (inCi() || process.env.LAIONET_ENCODERS === '1') {
    ctx.timeout(900_000)
    dir = ensureEncoders(shared('fixtures'))
  } else if (!existsSync(join(dir, 'script.sha256'))) {
    console.log(`      skipped: no tiny encoders in ${dir}; build them with \`node --import tsx scripts/make-encoders.ts\` (about 1-3 min; CI builds them)`)
    ctx.skip()
  }
  return join(dir, ENCODER_FIXTURES[which])
}

/** Reads a model folder's golden.json. */
export function readGolden<T>(dir: string): T {
  return JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as T
}
