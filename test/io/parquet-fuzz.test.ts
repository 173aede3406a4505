import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { requireMirror, root } from '../helpers/shared.js'

const CASES = 3000
const SEED = 23

// Issue 23: the hand-written thrift and page readers are fuzzed. Seeded mutations (1-3 bytes each: random, a bit
// flipped, or a byte a varint or field header turns on) of the real 10k LAION sample's footer (half the cases) and of
// its caption column's page headers (the other half), each read with the footer reader, the byte reader and (every
// other case) hyparquet's general reader behind the io layer. Each case must be read consistently or refused with an
// error naming the file; the run is a child under a 512 MB heap and a time limit, so a crash or a hang fails here.
describe('io parquet fuzz: mutated footers and page headers of the 10k sample (issue 23)', function () {
  this.timeout(300_000)

  it(`reads or refuses (naming the file) each of ${CASES} mutated files, with no crash, no hang and bounded memory`, function () {
    const mirror = requireMirror(this)
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=512', join(root, 'test', 'io', 'parquet-fuzz-child.ts'), String(SEED), String(CASES)], {
      cwd: root, encoding: 'utf8', timeout: 280_000, env: { ...process.env, LAIONET_DATA_MIRROR: mirror },
    })
    expect(run.signal, `the fuzz child was killed (a hang or a crash): ${run.stderr.slice(-500)}`).to.equal(null)
    expect(run.status, run.stderr.slice(-500)).to.equal(0)
    const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { counts: Record<string, number>, failures: string[], maxRssMiB: number }
    expect(result.failures).to.deep.equal([])
    const { counts } = result
    expect([counts.footerCases, counts.headerCases]).to.deep.equal([CASES / 2, CASES / 2])
    expect(counts.read + counts.refused).to.equal(CASES)
    // The mutations reach the readers: a good share is refused, a good share still reads (and mostly as before).
    expect(counts.refused).to.be.greaterThan(CASES / 5)
    expect(counts.read).to.be.greaterThan(CASES / 5)
    expect(counts.general).to.be.greaterThan(CASES / 10)
    // Far below what an unbounded reader reached on the hostile files of the issue (2.2 to 3.5 GB).
    expect(result.maxRssMiB).to.be.lessThan(1024)
  })
})
