import { expect } from 'chai'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { contextEnv, runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { cleanup, tempDir } from './fixtures.js'

describe('data/cli: laionet data', () => {
  let cache: string
  // Each command runs under an environment naming this suite's cache and, once set, the shared mirror.
  let env: Record<string, string | undefined>
  before(() => {
    cache = tempDir('cli')
    env = { ...contextEnv(), LAIONET_CACHE: cache, LAIONET_MODELS: join(cache, 'models') }
  })
  after(() => {
    cleanup(cache)
  })

  it('fetch --all with the shared mirror verifies every checksum, and a rerun finds them all cached', async function () {
    skipWithoutShared(this, 'data/SHA256SUMS')
    this.timeout(120_000)
    env.LAIONET_DATA_MIRROR = shared('data')
    const first = await runCli(['data', 'fetch', '--all', '--json'], '', env)
    expect(first.code, first.stderr).to.equal(0)
    const reports = JSON.parse(first.stdout) as Array<{ status: string }>
    expect(reports).to.have.length(1072)
    expect(reports.filter((r) => r.status === 'cached').length + reports.filter((r) => r.status === 'mirrored').length).to.equal(1072)
    expect(first.stderr).to.contain('data: fetched 1072/1072 files')
    const second = await runCli(['data', 'fetch', '--all'], '', env)
    expect(second.stdout).to.equal('1072 files verified: 0 fetched, 0 mirrored, 1072 already cached (0.0 MB written)\n')
  })

  it('verify rehashes the cache and exits 1 naming a corrupted file', async function () {
    skipWithoutShared(this, 'data/SHA256SUMS')
    this.timeout(120_000)
    env.LAIONET_DATA_MIRROR = shared('data')
    await runCli(['data', 'fetch', 'imagenet/class_info.json', 'imagenet/meta.mat'], '', env)
    const ok = await runCli(['data', 'verify', 'imagenet/class_info.json', 'imagenet/meta.mat'], '', env)
    expect(ok).to.deep.include({ code: 0, stdout: '2 of 2 files ok\n' })
    writeFileSync(join(cache, 'imagenet', 'meta.mat'), 'not a mat file')
    const bad = await runCli(['data', 'verify', 'imagenet/class_info.json', 'imagenet/meta.mat'], '', env)
    expect(bad.code).to.equal(1)
    expect(bad.stdout).to.match(/^corrupt\timagenet\/meta\.mat\texpected [0-9a-f]{64}\n1 of 2 files ok; run "laionet data fetch --all" to restore the others\n$/)
  })

  it('list prints every manifest entry', async () => {
    const { code, stdout } = await runCli(['data', 'list', '--json'], '', env)
    expect(code).to.equal(0)
    const files = JSON.parse(stdout) as Array<{ name: string }>
    expect(files).to.have.length(1072)
    expect(files[0].name).to.equal('clip/clip_bpe_simple_vocab_16e6.txt.gz')
  })

  it('rejects bad usage, naming what is wrong', async () => {
    const none = await runCli(['data', 'fetch'], '', env)
    expect(none.code).to.equal(2)
    expect(none.stderr).to.match(/^laionet data: give file names or --all\n/)
    expect((await runCli(['data', 'fetch', '--all', 'x'], '', env)).stderr).to.match(/^laionet data: give file names or --all, not both\n/)
    expect((await runCli(['data', 'frobnicate'], '', env)).stderr).to.match(/^laionet data: unknown action "frobnicate" \(expected fetch, list or verify\)/)
  })

  it('fails with exit code 1 and the reason for an unknown file', async () => {
    const { code, stderr } = await runCli(['data', 'fetch', 'nope.txt'], '', env)
    expect(code).to.equal(1)
    expect(stderr).to.match(/^laionet data: unknown file "nope\.txt" \(not in the manifest\)\. Did you mean /)
  })
})
