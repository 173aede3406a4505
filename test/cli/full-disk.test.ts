import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLaionet, downloadImages, loadLemmaMap } from '../../src/index.js'
import { fakeEmbedder } from '../laionet/fake-embed.js'
import { useSharedData } from '../laionet/helpers.js'
import { startFaultServer, type FaultServer } from '../download/fault-server.js'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// Real file-system failures need real file systems: a read-only and a 16 KB tmpfs. Mounting needs root (as in this
// project's container); elsewhere the suite is skipped with that reason.
function mount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('a read-only file system and a full disk: errors name the file (tmpfs mounts)', function () {
  this.timeout(60_000)
  useSharedData()
  let dir = ''
  const mounts: string[] = []
  let server: FaultServer
  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'laionet-fs-'))
    for (const [name, options] of [['ro', 'ro,size=16k'], ['full', 'size=16k']]) {
      mkdirSync(join(dir, name))
      if (!mount(join(dir, name), options)) this.skip() // needs root to mount a tmpfs
      mounts.push(join(dir, name))
    }
    server = await startFaultServer()
  })
  after(async () => {
    for (const m of mounts) execFileSync('umount', ['-l', m])
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('build onto a read-only file system says so (not ENOENT), and on a full disk names the chunk file', async () => {
    const input = join(dir, 'part-00000.parquet')
    parquetWriteFile({ filename: input, columnData: [{ name: 'TEXT', data: Array.from({ length: 400 }, (_, i) => `a tench number ${i} ${'x'.repeat(200)}`), type: 'STRING' }] })
    const map = await loadLemmaMap('paper')
    const build = (out: string) => buildLaionet([input], { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, threshold: -1 }).then(() => null, (e: Error) => e.message)
    expect(await build(join(dir, 'ro', 'out'))).to.equal(`build: cannot create the output folder ${join(dir, 'ro', 'out')}: ${join(dir, 'ro')} is on a read-only file system (EROFS). Pass an output folder on a writable file system`)
    expect(await build(join(dir, 'full', 'out'))).to.equal(`build: cannot write ${join(dir, 'full', 'out', 'chunks', '00000-000000.json')} (the disk is full, ENOSPC). Free some space or pass an output on a writable file system, then rerun the same command: what was committed is kept`)
    rmSync(join(dir, 'full', 'out'), { recursive: true, force: true })
  })

  it('download onto a full disk names the file it was writing', async () => {
    const input = join(dir, 'urls.csv')
    writeFileSync(input, 'url\n' + Array.from({ length: 40 }, (_, i) => `${server.base}/big.jpg?${i}`).join('\n') + '\n')
    const out = join(dir, 'full', 'images')
    const error = await downloadImages([input], out, { allowLoopback: true, concurrency: 2, shardSize: 1000, maxSide: 1200 }).then(() => null, (e: Error) => e.message)
    const files = `(00000\\.tar\\.\\d+\\.[a-z0-9]+\\.tmp|status\\.jsonl|settings\\.json|index\\.json)`
    expect(error).to.match(new RegExp(`^download: cannot write ${escape(out)}/${files} \\(the disk is full, ENOSPC\\)\\. `))
  })
})
