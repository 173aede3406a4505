import { expect } from 'chai'
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fetchData, verifyData } from '../../src/index.js'
import { contextEnv, runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { cleanup, makeMirror, payload, tempDir } from './fixtures.js'

const T = 1_700_000_000 // a whole second, so Node can restore it exactly

// Gives a cached file a whole-second mtime and lets `fetch` stamp it (as a fresh cache would look).
async function settle(file: string, fetch: () => Promise<unknown>): Promise<void> {
  utimesSync(file, T, T)
  await fetch()
}

// Flips one byte of a cached file and puts its modification time back, as a careless tool or a bad disk would.
function flipKeepingMtime(file: string): void {
  const bytes = readFileSync(file)
  bytes[10] ^= 0xff
  writeFileSync(file, bytes)
  utimesSync(file, T, T)
}

describe('data cache: a stamp is not trusted over the bytes', () => {
  let cache: string
  let mirror: string
  const files = { 'a/one.bin': payload(1000, 1), 'a/two.bin': payload(2000, 2) }
  beforeEach(() => {
    cache = tempDir('cache')
    mirror = tempDir('mirror')
  })
  afterEach(() => cleanup(cache, mirror))

  it('a failed verify invalidates the stamp: the next fetch replaces the file', async () => {
    const manifest = makeMirror(mirror, files)
    await fetchData('all', { cache, mirror, manifest })
    await settle(join(cache, 'a/one.bin'), () => fetchData('all', { cache, mirror, manifest }))
    flipKeepingMtime(join(cache, 'a/one.bin'))
    const verified = await verifyData('all', { cache, manifest })
    expect(verified.map((r) => r.status)).to.deep.equal(['corrupt', 'ok'])
    const fetched = await fetchData('all', { cache, mirror, manifest })
    expect(fetched.map((r) => r.status)).to.deep.equal(['mirrored', 'cached'])
    expect(readFileSync(join(cache, 'a/one.bin')).equals(files['a/one.bin'])).to.equal(true)
  })

  it('a byte flipped with its mtime restored is noticed by the next fetch (the stamp records the ctime)', async () => {
    const manifest = makeMirror(mirror, files)
    await fetchData('all', { cache, mirror, manifest })
    await settle(join(cache, 'a/two.bin'), () => fetchData('all', { cache, mirror, manifest }))
    flipKeepingMtime(join(cache, 'a/two.bin'))
    const fetched = await fetchData('all', { cache, mirror, manifest })
    expect(fetched.map((r) => r.status)).to.deep.equal(['cached', 'mirrored'])
    expect(readFileSync(join(cache, 'a/two.bin')).equals(files['a/two.bin'])).to.equal(true)
  })

  it('fetch with verify rehashes every cached file, stamps or not', async () => {
    const manifest = makeMirror(mirror, files)
    await fetchData('all', { cache, mirror, manifest })
    // A stamp that claims the corrupted file is good (size, mtime and ctime all match what is on disk now).
    flipKeepingMtime(join(cache, 'a/one.bin'))
    const info = statSync(join(cache, 'a/one.bin'))
    writeFileSync(join(cache, '.verified', 'a', 'one.bin.json'), JSON.stringify({ sha256: manifest.files[0].sha256, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs }))
    expect((await fetchData('all', { cache, mirror, manifest })).map((r) => r.status)).to.deep.equal(['cached', 'cached'])
    expect((await fetchData('all', { cache, mirror, manifest, verify: true })).map((r) => r.status)).to.deep.equal(['mirrored', 'cached'])
    expect(readFileSync(join(cache, 'a/one.bin')).equals(files['a/one.bin'])).to.equal(true)
  })

  it('laionet data fetch --verify rehashes a cached file whose stamp claims it is good', async function () {
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    const env = { ...contextEnv(), LAIONET_CACHE: cache, LAIONET_DATA_MIRROR: shared('data') }
    {
      const name = 'imagenet/class_info.json'
      expect((await runCli(['data', 'fetch', name], '', env)).code).to.equal(0)
      const file = join(cache, 'imagenet', 'class_info.json')
      flipKeepingMtime(file)
      const info = statSync(file)
      const stamp = join(cache, '.verified', 'imagenet', 'class_info.json.json')
      const good = JSON.parse(readFileSync(stamp, 'utf8')) as { sha256: string }
      writeFileSync(stamp, JSON.stringify({ sha256: good.sha256, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs }))
      const plain = await runCli(['data', 'fetch', name, '--json'], '', env)
      expect((JSON.parse(plain.stdout) as { status: string }[])[0].status).to.equal('cached')
      const { code, stdout } = await runCli(['data', 'fetch', name, '--verify', '--json'], '', env)
      expect(code).to.equal(0)
      expect((JSON.parse(stdout) as { status: string }[])[0].status).to.equal('mirrored')
      expect(readFileSync(file).equals(readFileSync(shared('data/imagenet/class_info.json')))).to.equal(true)
    }
  })

  it('leftover temporary files of a killed fetch are removed by the next run; a live process keeps its own', async () => {
    const manifest = makeMirror(mirror, files)
    await fetchData('all', { cache, mirror, manifest })
    const dead = join(cache, 'a', 'one.bin.999999999.k3j9x2.tmp')
    const stampTmp = join(cache, '.verified', 'a', 'two.bin.json.999999999.abc.tmp')
    const live = join(cache, 'a', `two.bin.${process.pid}.zz.tmp`)
    for (const f of [dead, stampTmp, live]) writeFileSync(f, 'half a file')
    await fetchData('all', { cache, mirror, manifest })
    expect(existsSync(dead)).to.equal(false)
    expect(existsSync(stampTmp)).to.equal(false)
    expect(existsSync(live)).to.equal(true)
    expect(readdirSync(join(cache, 'a')).sort()).to.deep.equal(['one.bin', 'two.bin', `two.bin.${process.pid}.zz.tmp`])
  })
})
