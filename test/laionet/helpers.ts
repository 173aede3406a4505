import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { currentContext } from '../../src/util/context.js'
import { useContext } from '../helpers/context.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

/** The 10,000 real LAION captions of ../shared. */
export const SAMPLE = 'data/laion/laion400m-sample-10000.parquet'

/**
 * Gives a suite the data mirror ../shared/data (unless the suite's context already has one), or skips the suite
 * with a reason when ../shared is absent. Call at the top of a `describe`.
 */
export function useSharedData(rel = SAMPLE): void {
  before(function () { skipWithoutShared(this, rel) })
  useContext(() => ({ dataMirror: currentContext().dataMirror ?? shared('data') }))
}

/** Reads the TEXT column of the sample with hyparquet directly (independent of the code under test). */
export async function sampleCaptions(): Promise<(string | null)[]> {
  const rows = await parquetReadObjects({ file: await asyncBufferFromFile(shared(SAMPLE)), columns: ['TEXT'] })
  return rows.map((r) => r.TEXT as string | null)
}

/** A fresh temporary folder, removed after the suite. */
export function tempDir(prefix = 'laionet-test-'): () => string {
  let dir = ''
  before(() => { dir = mkdtempSync(join(tmpdir(), prefix)) })
  after(() => rmSync(dir, { recursive: true, force: true }))
  return () => dir
}
