import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { root } from '../helpers/shared.js'

/** test/output/, where figure snapshots live (Observable Plot's test/output approach). */
export const outputDir = join(root, 'test', 'output')

/**
 * Compares `figure` with test/output/<id>.json, writing the snapshot when it is missing (delete a file to
 * accept a deliberate change). Compared as parsed JSON, so key order in the file does not matter.
 */
export function assertSnapshot(id: string, figure: unknown): void {
  const file = join(outputDir, `${id}.json`)
  const actual = JSON.parse(JSON.stringify(figure))
  if (!existsSync(file)) {
    mkdirSync(outputDir, { recursive: true })
    writeFileSync(file, JSON.stringify(actual, null, 1) + '\n')
    console.log(`      wrote snapshot ${file}`)
    return
  }
  expect(actual, `figure ${id} differs from its snapshot ${file}; if the change is deliberate, delete the file and rerun`).to.deep.equal(JSON.parse(readFileSync(file, 'utf8')))
}
