import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTarWriter, tarHeader } from '../../src/io/tar-writer.js'
import { parseTar, tarEntries } from '../../src/io/tar-reader.js'

describe('io/tar', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-tar-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const members: Array<[string, Buffer]> = [
    ['000000001.jpg', Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3])],
    ['000000001.json', Buffer.from('{"caption":"a café"}')],
    ['empty.txt', Buffer.alloc(0)],
    ['exactly-512.bin', Buffer.alloc(512, 0x41)],
    [`${'d'.repeat(120)}/${'n'.repeat(90)}`, Buffer.from('long name split into ustar prefix')],
  ]

  async function writeArchive(file: string) {
    const tar = await createTarWriter(file)
    for (const [name, data] of members) await tar.add(name, data)
    await tar.close()
    return tar.bytes
  }

  it('writes archives GNU tar lists and extracts byte for byte', async () => {
    const file = join(dir, 'a.tar')
    const bytes = await writeArchive(file)
    // 5 headers + data blocks (1 + 1 + 0 + 1 + 1) + 2 end blocks
    expect(bytes).to.equal(512 * (5 + 4 + 2))
    expect(readFileSync(file).length).to.equal(bytes)
    const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')
    expect(listing).to.deep.equal(members.map(([n]) => n))
    const x = join(dir, 'x')
    mkdirSync(x)
    execFileSync('tar', ['-xf', file, '-C', x])
    for (const [name, data] of members) expect(readFileSync(join(x, name))).to.deep.equal(data)
  })

  it('reads archives written by GNU tar (ustar format)', async () => {
    const src = join(dir, 'src')
    mkdirSync(src)
    writeFileSync(join(src, 'b.json'), '{"b":2}')
    writeFileSync(join(src, 'a.jpg'), Buffer.alloc(1000, 9))
    const file = join(dir, 'gnu.tar')
    execFileSync('tar', ['--format=ustar', '-cf', file, '-C', src, 'a.jpg', 'b.json'])
    const parsed = parseTar(readFileSync(file))
    expect(parsed.map((e) => [e.name, e.size])).to.deep.equal([['a.jpg', 1000], ['b.json', 7]])
    expect(Buffer.from(parsed[1].data!).toString()).to.equal('{"b":2}')
  })

  for (const contents of [true, false]) {
    it(`streams members from disk with contents=${contents}`, async () => {
      const file = join(dir, 'a.tar')
      await writeArchive(file)
      const seen = []
      for await (const e of tarEntries(file, { contents })) seen.push(e)
      expect(seen.map((e) => e.name)).to.deep.equal(members.map(([n]) => n))
      expect(seen.map((e) => e.size)).to.deep.equal(members.map(([, d]) => d.length))
      if (contents) seen.forEach((e, i) => expect(Buffer.from(e.data!)).to.deep.equal(members[i][1]))
      else seen.forEach((e) => expect(e.data).to.equal(undefined))
      const whole = readFileSync(file)
      seen.forEach((e, i) => expect(whole.subarray(e.offset, e.offset + e.size)).to.deep.equal(members[i][1]))
    })
  }

  it('is deterministic: the same members give the same bytes', async () => {
    await writeArchive(join(dir, '1.tar'))
    await writeArchive(join(dir, '2.tar'))
    expect(readFileSync(join(dir, '1.tar'))).to.deep.equal(readFileSync(join(dir, '2.tar')))
  })

  it('names the member of a truncated archive', async () => {
    const file = join(dir, 'a.tar')
    await writeArchive(file)
    const cut = readFileSync(file).subarray(0, 512 + 3)
    expect(() => parseTar(cut)).to.throw('tar: member "000000001.jpg" at byte 0 needs 6 bytes but the archive ends at 515 (truncated)')
    writeFileSync(file, cut)
    const err = await (async () => {
      for await (const _ of tarEntries(file)) { /* drain */ }
    })().then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`tar: member "000000001.jpg" of ${file} needs 6 bytes but the file ends at 515 (truncated)`)
  })

  it('rejects a corrupt header and an unfit name', () => {
    const header = Buffer.from(tarHeader('a.txt', 3))
    header[0] = 'b'.charCodeAt(0)
    expect(() => parseTar(Buffer.concat([header, Buffer.alloc(1024)]))).to.throw('tar: bad header checksum in the archive at byte 0')
    expect(() => tarHeader('x'.repeat(101), 1)).to.throw('tar: member name "' + 'x'.repeat(101) + '" is 101 bytes (expected at most 100, or 255 split at a \'/\'). Use shorter keys')
  })
})
