import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { currentContext, type LaionetContext } from '../util/context.js'

/**
 * Returns the folder of the tiny random-weight fixture models and their PyTorch goldens (`models/`,
 * `golden/`, `images/`): the context's `fixturesDir` (LAIONET_FIXTURES, else `../shared/fixtures` beside the project root).
 * Fixture models prove the plumbing only; their embeddings and predictions mean nothing.
 * Throws, naming both places, when the folder is missing.
 * @example join(fixturesDir(), 'models', 'tiny-random-clip')
 */
export function fixturesDir(context: LaionetContext = currentContext()): string {
  const dir = context.fixturesDir
  if (!existsSync(join(dir, 'models'))) {
    throw new Error(`models: no fixtures folder at ${dir} (expected models/, golden/, images/). Set LAIONET_FIXTURES to the shared fixtures folder`)
  }
  return dir
}

/**
 * Returns the folder of one fixture model, e.g. `tiny-random-clip`, `tiny-random-vit`, `tiny-random-resnet`.
 * @example await loadClip(fixtureModelDir('tiny-random-clip'))
 */
export function fixtureModelDir(name: string, context: LaionetContext = currentContext()): string {
  const dir = join(fixturesDir(context), 'models', name)
  if (!existsSync(dir)) throw new Error(`models: fixture model "${name}" not found at ${dir} (expected tiny-random-clip, tiny-random-vit or tiny-random-resnet)`)
  return dir
}
