import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tarHeader } from '../../src/io/tar-writer.js'
import { root } from '../helpers/shared.js'

/** A header of `name` whose 12-byte size field is `field` (checksum recomputed, as a careless or hostile writer would). */
function headerWithSize(name: string, field: Uint8Array): Buffer {
  const header = Buffer.from(tarHeader(name, 0))
  header.set(field, 124)
  header.fill(0x20, 148, 156)
  let sum = 0
  for (const b of header) sum += b
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii')
  return header
}

const octalField = (text: string) => Buffer.from(text.padEnd(11, '\0') + '\0', 'latin1')

/** GNU base-256: the marker bit, then a big-endian two's complement number over the 12 bytes. */
function base256(n: bigint): Buffer {
  const field = Buffer.alloc(12)
  let v = BigInt.asUintN(95, n)
  for (let i = 11; i >= 0; i--) { field[i] = Number(v & 0xffn); v >>= 8n }
  field[0] = (field[0] & 0x7f) | 0x80
  return field
}

function listInChild(files: string[]): { parse: unknown, stream: unknown }[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'io', 'tar-child.ts'), ...files], { cwd: root, encoding: 'utf8', timeout: 30_000 })
  if (run.status !== 0) throw new Error(`the child ${run.signal ? `was killed (${run.signal}: it looped or crashed)` : `exited ${run.status}`}: ${run.stderr.slice(-400)}`)
  return JSON.parse(run.stdout)
}

// Issue 23, item 6: a header size of "-1000" (parseInt keeps the sign) made the readers step back to the same header
// forever (download's resume and ocr-filter at 100% CPU); a base-256 size became NaN and silently ended the listing.
describe('io tar readers on hostile sizes (issue 23, item 6)', function () {
  this.timeout(60_000)
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-tar-sizes-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses negative, signed, non-octal and negative base-256 sizes naming the file and the offset; reads a positive base-256 size (never loops)', () => {
    const first = Buffer.concat([Buffer.from(tarHeader('ok.txt', 3)), Buffer.from('abc'.padEnd(512, '\0'))])
    const end = Buffer.alloc(1024)
    const cases: [string, Buffer][] = [
      ['negative', octalField('-1000')],
      ['plus', octalField('+17')],
      ['nine', octalField('00000000019')],
      ['negative-base256', base256(-1000n)],
      ['huge-base256', base256(2n ** 60n)],
    ]
    const files = cases.map(([name, field]) => {
      const file = join(dir, `${name}.tar`)
      writeFileSync(file, Buffer.concat([first, headerWithSize(`${name}.bin`, field), Buffer.alloc(512), end]))
      return file
    })
    const good = join(dir, 'base256.tar')
    // A 700-byte member whose size is written base-256 (as GNU tar does past 8 GiB), then an octal one.
    writeFileSync(good, Buffer.concat([headerWithSize('big.bin', base256(700n)), Buffer.alloc(1024, 7), first, end]))
    const results = listInChild([...files, good])
    const refused = (file: string, what: string) => `tar: ${file} at byte 1024: the member's size ${what}; the archive is corrupt`
    const expected = [
      refused(files[0], '"-1000" is not an octal number (expected digits 0-7)'),
      refused(files[1], '"+17" is not an octal number (expected digits 0-7)'),
      refused(files[2], '"00000000019" is not an octal number (expected digits 0-7)'),
      refused(files[3], 'is a negative base-256 number'),
      refused(files[4], '(base-256) is beyond 2^53 bytes'),
    ]
    for (let i = 0; i < cases.length; i++) {
      expect(results[i].stream, cases[i][0]).to.deep.equal({ error: expected[i] })
      expect(results[i].parse, cases[i][0]).to.deep.equal({ error: expected[i] })
    }
    expect(results[cases.length]).to.deep.equal({ parse: [['big.bin', 700], ['ok.txt', 3]], stream: [['big.bin', 700], ['ok.txt', 3]] })
  })
})
