import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { inCi, root } from '../helpers/shared.js'

/** test/output/, where figure snapshots live (Observable Plot's test/output approach). */
export const outputDir = join(root, 'test', 'output')

/**
 * Compares `figure` with test/output/<id>.json. Locally a missing snapshot is written (delete a file to accept a
 * deliberate change, rerun, and commit the new file); under CI (CI=true) a missing snapshot fails, so an unrecorded
 * figure can never pass. Compared as parsed JSON, so key order in the file does not matter.
 */
export function assertSnapshot(id: string, figure: unknown, env: NodeJS.ProcessEnv = process.env): void {
  const file = join(outputDir, `${id}.json`)
  const actual = JSON.parse(JSON.stringify(figure))
  if (!existsSync(file)) {
    if (inCi(env)) throw new Error(`figure ${id} has no snapshot ${file}: under CI a missing snapshot fails. Run the test locally (without CI=true) to write it, check it, and commit it`)
    mkdirSync(outputDir, { recursive: true })
    writeFileSync(file, JSON.stringify(actual, null, 1) + '\n')
    console.log(`      wrote snapshot ${file}`)
    return
  }
  expect(actual, `figure ${id} differs from its snapshot ${file}; if the change is deliberate, delete the file and rerun`).to.deep.equal(JSON.parse(readFileSync(file, 'utf8')))
}
