import { expect } from 'chai'
import { readFileSync, readdirSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { dataFolder, dataPath, fetchData, verifyData } from '../../src/index.js'
import { loadManifest } from '../../src/data/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { cleanup, makeMirror, payload, rejection, sha256, tempDir } from './fixtures.js'
import { environmentContext } from '../../src/config/context.js'
import { withContext } from '../../src/util/context.js'

describe('data/mirror', () => {
  let cache: string
  beforeEach(() => { cache = tempDir('cache') })
  afterEach(() => cleanup(cache))

  it('copies a real file from ../shared/data into the cache, verified, then serves it from the cache', async function () {
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    const mirror = shared('data')
    const [first] = await fetchData(['imagenet/class_info.json'], { cache, mirror })
    expect(first).to.deep.equal({ name: 'imagenet/class_info.json', status: 'mirrored', bytes: 197574, path: join(cache, 'imagenet', 'class_info.json') })
    const bytes = readFileSync(first.path)
    expect(bytes.equals(readFileSync(shared('data/imagenet/class_info.json')))).to.equal(true)
    const [second] = await fetchData(['./imagenet/class_info.json'], { cache, mirror })
    expect(second.status).to.equal('cached')
    expect(second.bytes).to.equal(0)
    expect(await dataPath('imagenet/class_info.json', { cache, mirror })).to.equal(first.path)
  })

  it('dataFolder fetches every file under a prefix and returns the folder', async function () {
    skipWithoutShared(this, 'data/imagenet/samples')
    const mirror = shared('data')
    const dir = await dataFolder('imagenet/samples/', { cache, mirror })
    expect(dir).to.equal(join(cache, 'imagenet', 'samples'))
    const names = readdirSync(dir).sort()
    expect(names).to.have.length(1000)
    expect(names).to.deep.equal(readdirSync(shared('data/imagenet/samples')).sort())
    expect(names).to.include("n03590841_jack-o'-lantern.JPEG")
    const reports = await fetchData((await loadManifest()).files.filter((f) => f.name.startsWith('imagenet/samples/')).map((f) => f.name), { cache, mirror })
    expect(reports.every((r) => r.status === 'cached')).to.equal(true)
  })

  describe('with a small mirror', () => {
    let mirror: string
    const files = { 'a/one.bin': payload(1000, 1), 'a/two.bin': payload(2000, 2), 'b/three.txt': Buffer.from('three\n') }
    beforeEach(() => { mirror = tempDir('mirror') })
    afterEach(() => cleanup(mirror))

    it('refuses a corrupted mirror file, naming the file, the expected and the actual hash, and leaves nothing behind', async () => {
      const manifest = makeMirror(mirror, files)
      const bad = Buffer.from(files['a/two.bin'])
      bad[100] ^= 0xff
      writeFileSync(join(mirror, 'a/two.bin'), bad)
      const err = await rejection(fetchData('all', { cache, mirror, manifest }))
      expect(err?.message).to.equal(`data: the mirror file ${join(mirror, 'a/two.bin')} for a/two.bin is corrupt: ` +
        `expected sha256 ${sha256(files['a/two.bin'])} (2000 bytes), got ${sha256(bad)} (2000 bytes). ` +
        'Replace it with the original or point LAIONET_DATA_MIRROR at a good copy')
      expect(existsSync(join(cache, 'a/two.bin'))).to.equal(false)
      expect(readdirSync(join(cache, 'a'))).to.deep.equal(['one.bin']) // no temporary file left
      expect(readFileSync(join(cache, 'b/three.txt'), 'utf8')).to.equal('three\n') // the good files still arrive
    })

    it('names the missing mirror file and the variable', async () => {
      const manifest = makeMirror(mirror, files)
      cleanup(join(mirror, 'b'))
      const err = await rejection(dataPath('b/three.txt', { cache, mirror, manifest }))
      expect(err?.message).to.equal(`data: b/three.txt is not in the mirror ${mirror} (LAIONET_DATA_MIRROR): expected the file ${join(mirror, 'b/three.txt')}. ` +
        'Point LAIONET_DATA_MIRROR at a complete copy of the data (e.g. ../shared/data), or unset it to download')
    })

    it('says only a mirror can provide a file without a URL', async () => {
      const manifest = makeMirror(mirror, files)
      manifest.files[2].note = 'made locally'
      const err = await rejection(dataPath('b/three.txt', { cache, mirror: null, manifest }))
      expect(err?.message).to.equal('data: b/three.txt has no public URL (made locally). Only a mirror can provide it: ' +
        'set LAIONET_DATA_MIRROR=<dir> to a local copy of the data (e.g. ../shared/data)')
    })

    it('takes the mirror and the cache from the context (LAIONET_DATA_MIRROR, LAIONET_CACHE), passed or in force', async () => {
      const manifest = makeMirror(mirror, files)
      const context = environmentContext({ LAIONET_DATA_MIRROR: mirror, LAIONET_CACHE: cache })
      expect(await dataPath('a/one.bin', { manifest, context })).to.equal(join(cache, 'a/one.bin'))
      expect(await withContext(context, () => dataPath('b/three.txt', { manifest }))).to.equal(join(cache, 'b/three.txt'))
    })

    it('trusts a stamped file while size, mtime and ctime hold, and rehashes and replaces it when they change', async () => {
      const manifest = makeMirror(mirror, files)
      const path = await dataPath('a/one.bin', { cache, mirror, manifest })
      expect(JSON.parse(readFileSync(join(cache, '.verified', 'a', 'one.bin.json'), 'utf8'))).to.deep.include({ sha256: sha256(files['a/one.bin']), size: 1000 })
      const t = 1_700_000_000 // whole seconds, so restoring the mtime is exact
      utimesSync(path, t, t)
      expect((await fetchData(['a/one.bin'], { cache, mirror, manifest }))[0].status).to.equal('cached') // rehashed, restamped
      // Bytes swapped behind its back with size and mtime restored: the ctime moved (the stamp records it), so the
      // file is rehashed and replaced.
      writeFileSync(path, payload(1000, 42))
      utimesSync(path, t, t)
      expect((await fetchData(['a/one.bin'], { cache, mirror, manifest }))[0].status).to.equal('mirrored')
      expect((await verifyData(['a/one.bin'], { cache, manifest }))[0].status).to.equal('ok')
      // Same size, different bytes, new mtime: the stamp no longer matches, so the hash is checked and fails.
      const tampered = payload(1000, 99)
      writeFileSync(path, tampered)
      utimesSync(path, new Date(), new Date(Date.now() + 5000))
      const [report] = await fetchData(['a/one.bin'], { cache, mirror, manifest })
      expect(report.status).to.equal('mirrored')
      expect(sha256(readFileSync(path))).to.equal(sha256(files['a/one.bin']))
      // A file of the wrong size is replaced without hashing.
      writeFileSync(path, 'short')
      expect((await fetchData(['a/one.bin'], { cache, mirror, manifest }))[0].status).to.equal('mirrored')
      expect(statSync(path).size).to.equal(1000)
    })

    it('verifyData rehashes and reports ok, missing and corrupt files without touching them', async () => {
      const manifest = makeMirror(mirror, files)
      await fetchData(['a/one.bin', 'a/two.bin'], { cache, mirror, manifest })
      const bad = payload(2000, 7)
      writeFileSync(join(cache, 'a/two.bin'), bad)
      const reports = await verifyData('all', { cache, manifest })
      expect(reports.map((r) => [r.name, r.status, r.actual])).to.deep.equal([
        ['a/one.bin', 'ok', sha256(files['a/one.bin'])],
        ['a/two.bin', 'corrupt', sha256(bad)],
        ['b/three.txt', 'missing', null],
      ])
      expect(sha256(readFileSync(join(cache, 'a/two.bin')))).to.equal(sha256(bad))
    })

    it('fetches a whole folder when a name ends in a slash, once per file', async () => {
      const manifest = makeMirror(mirror, files)
      const reports = await fetchData(['a/', 'a/one.bin'], { cache, mirror, manifest })
      expect(reports.map((r) => [r.name, r.status])).to.deep.equal([['a/one.bin', 'mirrored'], ['a/two.bin', 'mirrored']])
      const err = await rejection(fetchData(['c/'], { cache, mirror, manifest }))
      expect(err?.message).to.equal('data: no file under "c/" in the manifest. Did you mean "a/", "b/"?')
    })

    it('reports progress once per file', async () => {
      const manifest = makeMirror(mirror, files)
      const seen: Array<[number, number]> = []
      await fetchData('all', { cache, mirror, manifest, concurrency: 1, onProgress: (p) => seen.push([p.done, p.bytes]) })
      expect(seen).to.deep.equal([[1, 1000], [2, 3000], [3, 3006]])
    })
  })
})
