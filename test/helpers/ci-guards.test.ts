import { expect } from 'chai'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { assertSnapshot, outputDir } from '../plots/snapshot.js'
import { inCi, requireMirror, skipWithoutShared } from './shared.js'

/** Runs `fn` with CI set to `value` (or unset), restoring it after. */
function withCi<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.CI
  if (value === undefined) delete process.env.CI
  else process.env.CI = value
  try {
    return fn()
  } finally {
    if (saved === undefined) delete process.env.CI
    else process.env.CI = saved
  }
}

describe('test helpers: under CI a missing prerequisite fails instead of skipping', () => {
  it('reads CI=true and CI=1 as CI, anything else not', () => {
    expect(['true', '1', 'false', '0', '', undefined].map((v) => inCi(v === undefined ? {} : { CI: v }))).to.deep.equal([true, true, false, false, false, false])
  })

  it('skipWithoutShared throws under CI, naming the missing file', function () {
    const missing = 'data/no-such-file-for-the-ci-guard.bin'
    expect(() => withCi('true', () => skipWithoutShared(this, missing))).to.throw(/no-such-file-for-the-ci-guard\.bin is missing .*Under CI=true this is a failure, not a skip/)
  })

  it('requireMirror throws under CI when LAIONET_DATA_MIRROR is unset or missing', function () {
    const saved = process.env.LAIONET_DATA_MIRROR
    try {
      process.env.LAIONET_DATA_MIRROR = join(outputDir, 'no-such-mirror')
      expect(() => withCi('true', () => requireMirror(this))).to.throw(/set LAIONET_DATA_MIRROR to a mirror folder .*Got .*no-such-mirror/)
      delete process.env.LAIONET_DATA_MIRROR
      expect(() => withCi('1', () => requireMirror(this))).to.throw(/Got nothing/)
    } finally {
      if (saved === undefined) delete process.env.LAIONET_DATA_MIRROR
      else process.env.LAIONET_DATA_MIRROR = saved
    }
  })

  it('a missing snapshot fails under CI and writes nothing', () => {
    const id = 'no-such-snapshot-for-the-ci-guard'
    expect(() => withCi('true', () => assertSnapshot(id, { data: [] }))).to.throw(`figure ${id} has no snapshot ${join(outputDir, `${id}.json`)}: under CI a missing snapshot fails`)
    expect(existsSync(join(outputDir, `${id}.json`))).to.equal(false)
  })
})
