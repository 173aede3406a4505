import { expect } from 'chai'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { assertSnapshot, outputDir } from '../plots/snapshot.js'
import { inCi, requireMirror, skipWithoutShared } from './shared.js'

describe('test helpers: under CI a missing prerequisite fails instead of skipping', () => {
  it('reads CI=true and CI=1 as CI, anything else not', () => {
    expect(['true', '1', 'false', '0', '', undefined].map((v) => inCi(v === undefined ? {} : { CI: v }))).to.deep.equal([true, true, false, false, false, false])
  })

  it('skipWithoutShared throws under CI, naming the missing file', function () {
    const missing = 'data/no-such-file-for-the-ci-guard.bin'
    expect(() => skipWithoutShared(this, missing, { CI: 'true' })).to.throw(/no-such-file-for-the-ci-guard\.bin is missing .*Under CI=true this is a failure, not a skip/)
  })

  it('requireMirror throws under CI when LAIONET_DATA_MIRROR is unset or missing', function () {
    expect(() => requireMirror(this, { CI: 'true', LAIONET_DATA_MIRROR: join(outputDir, 'no-such-mirror') })).to.throw(/set LAIONET_DATA_MIRROR to a mirror folder .*Got .*no-such-mirror/)
    expect(() => requireMirror(this, { CI: '1' })).to.throw(/Got nothing/)
  })

  it('a missing snapshot fails under CI and writes nothing', () => {
    const id = 'no-such-snapshot-for-the-ci-guard'
    expect(() => assertSnapshot(id, { data: [] }, { CI: 'true' })).to.throw(`figure ${id} has no snapshot ${join(outputDir, `${id}.json`)}: under CI a missing snapshot fails`)
    expect(existsSync(join(outputDir, `${id}.json`))).to.equal(false)
  })
})
