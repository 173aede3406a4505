import { expect } from 'chai'
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pruneCacheDir, readCacheFile, sectionArray, writeCacheFile } from '../../src/io/cache-file.js'

// The verified cache file every derived-data cache uses: what is written is read back, anything else is refused with
// a reason (never thrown, never allocated from an unchecked size), and a folder keeps only its newest entries.
describe('io: cache files', () => {
  let dir = ''
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-cache-file-')) })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('reads back the sections and meta it wrote, typed arrays aligned', () => {
    const file = join(dir, 'a.bin')
    writeCacheFile(file, 'k1', [{ name: 'odd', bytes: Uint8Array.from([1, 2, 3]) }, { name: 'f64', bytes: new Uint8Array(Float64Array.from([0.1, -0, NaN]).buffer) }], { n: 3 })
    const r = readCacheFile(file, 'k1', 1 << 20)
    if (!r.ok) throw new Error(r.reason)
    expect(r.meta).to.deep.equal({ n: 3 })
    expect([...r.sections.get('odd')!]).to.deep.equal([1, 2, 3])
    const f = sectionArray(r.sections.get('f64')!, Float64Array)!
    expect(f[0]).to.equal(0.1)
    expect(Object.is(f[1], -0)).to.equal(true)
    expect(Number.isNaN(f[2])).to.equal(true)
    expect(sectionArray(r.sections.get('odd')!, Int32Array)).to.equal(null) // 3 bytes are no whole int32
  })

  it('refuses a missing, oversized, foreign, truncated or altered file with a reason', () => {
    const file = join(dir, 'a.bin')
    expect(readCacheFile(file, 'k', 100)).to.deep.include({ ok: false, missing: true })
    writeCacheFile(file, 'k', [{ name: 's', bytes: new Uint8Array(1000).fill(7) }])
    const reason = (key: string, max = 1 << 20) => { const r = readCacheFile(file, key, max); return r.ok ? 'ok' : r.reason }
    expect(reason('k')).to.equal('ok')
    expect(reason('k', 500)).to.match(/over the 500 accepted/)
    expect(reason('other')).to.match(/foreign/)
    const good = readFileSync(file)
    writeFileSync(file, good.subarray(0, good.length - 8))
    expect(reason('k')).to.match(/past the end/)
    const altered = Buffer.from(good)
    altered[altered.length - 1] ^= 1
    writeFileSync(file, altered)
    expect(reason('k')).to.match(/sha256/)
    const bigHeader = Buffer.from(good)
    bigHeader.writeUInt32LE(0xffffffff, 8)
    writeFileSync(file, bigHeader)
    expect(reason('k')).to.match(/header of 4294967295 bytes/)
  })

  it('keeps the newest entries of one prefix and leaves other files alone', () => {
    for (let i = 0; i < 5; i++) {
      const f = join(dir, `x-${i}.bin`)
      writeFileSync(f, 'x')
      utimesSync(f, new Date(1000 * i), new Date(1000 * i))
    }
    writeFileSync(join(dir, 'y-0.bin'), 'y')
    writeFileSync(join(dir, 'x-memo.json'), '{}')
    pruneCacheDir(dir, 'x-', '.bin', 2)
    expect(readdirSync(dir).sort()).to.deep.equal(['x-3.bin', 'x-4.bin', 'x-memo.json', 'y-0.bin'])
  })
})
