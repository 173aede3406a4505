import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { downloadImages } from '../../src/index.js'
import { runCli } from '../helpers/cli.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

// A lock file as another process would leave it.
function writeLock(file: string, pid: number): void {
  writeFileSync(file, JSON.stringify({ pid, host: hostname(), command: 'download', started: '2026-01-01T00:00:00.000Z', token: `${pid}.x` }) + '\n')
}

describe('output locks: one writer per download, build, match and ocr-filter output', function () {
  this.timeout(60_000)
  let server: FaultServer
  let dir = ''
  let holder: ChildProcess
  before(async () => {
    server = await startFaultServer()
    dir = mkdtempSync(join(tmpdir(), 'laionet-lock-'))
    // A live process that is not this one: its pid holds the locks below.
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
  })
  after(async () => {
    holder.kill()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('two downloads into one folder at once: the second is refused naming the first one\'s pid, the first stores every row once', async () => {
    const input = join(dir, 'urls.csv')
    writeFileSync(input, 'url\n' + Array.from({ length: 12 }, (_, i) => `${server.base}/img/${i}.png`).join('\n') + '\n')
    const out = join(dir, 'together')
    const options = { allowLoopback: true, concurrency: 4, shardSize: 5 }
    const results = await Promise.allSettled([downloadImages([input], out, options), downloadImages([input], out, options)])
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused).to.have.length(1)
    const lock = join(out, 'laionet.lock').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    expect((refused[0].reason as Error).message).to.match(new RegExp(`^download: ${lock} shows that another laionet process \\(pid ${process.pid}, download since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) is writing this output; two writers would lose rows\\. Wait for it`))
    const done = results.find((r) => r.status === 'fulfilled')!
    expect((done as PromiseFulfilledResult<{ stored: number }>).value.stored).to.equal(12)
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))
    expect(index.samples).to.equal(12)
    const statuses = readFileSync(join(out, 'status.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(statuses.map((s) => s.row).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    // Released: no lock and no temporary file remains.
    expect(readdirSync(out).filter((n) => n.includes('lock') || n.endsWith('.tmp'))).to.deep.equal([])
  })

  it('a lock held by another live process refuses download, build, match and ocr-filter, naming its pid (exit 1, JSON error under --json)', async () => {
    const input = join(dir, 'one.csv')
    writeFileSync(input, `url\n${server.base}/img/a.png\n`)
    const parquet = join(dir, 'part-00000.parquet')
    parquetWriteFile({ filename: parquet, columnData: [{ name: 'TEXT', data: ['a tench'], type: 'STRING' }] })
    const pid = holder.pid!
    const held = (lock: string) => `${lock} shows that another laionet process (pid ${pid}, download since 2026-01-01T00:00:00.000Z) is writing this output; two writers would lose rows. Wait for it to finish or stop it, or pass another output; if no such process runs, delete ${lock}`

    const dl = join(dir, 'held-dl')
    mkdirSync(dl)
    writeLock(join(dl, 'laionet.lock'), pid)
    const d = await runCli(['download', '--input', input, '--out', dl, '--allow-loopback', '--json'])
    expect([d.code, JSON.parse(d.stdout).error]).to.deep.equal([1, { message: `laionet download: ${held(join(dl, 'laionet.lock'))}`, code: 'failed' }])
    expect(existsSync(join(dl, 'status.jsonl'))).to.equal(false)

    const matches = join(dir, 'matches.jsonl')
    writeLock(`${matches}.lock`, pid)
    const m = await runCli(['match', '--input', parquet, '--out', matches, '--workers', '0'])
    expect([m.code, m.stderr]).to.deep.equal([1, `laionet match: ${held(`${matches}.lock`)}\n`])
    expect(existsSync(matches)).to.equal(false)

    const build = join(dir, 'held-build')
    mkdirSync(build)
    writeLock(join(build, 'laionet.lock'), pid)
    const { buildLaionet } = await import('../../src/index.js')
    const error = await buildLaionet([parquet], { embed: async () => [], model: 'fake', out: build, map: { mode: 'paper', wnids: [], entries: [] } as never, synsetTexts: {} })
      .then(() => null, (e: Error) => e.message)
    expect(error).to.equal(`build: ${held(join(build, 'laionet.lock'))}`)

    const images = join(dir, 'held-images')
    mkdirSync(images)
    writeFileSync(join(images, '00000.tar'), '')
    writeFileSync(join(build, 'summary.json'), '{}')
    const flags = join(dir, 'flags.jsonl')
    writeLock(`${flags}.lock`, pid)
    const o = await runCli(['ocr-filter', '--build', build, '--images', images, '--out', flags])
    expect([o.code, o.stderr]).to.deep.equal([1, `laionet ocr-filter: ${held(`${flags}.lock`)}\n`])
    expect(existsSync(flags)).to.equal(false)
  })

  it('a stale lock (its process is gone, e.g. killed with -9) is taken over with a message, and released at the end', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    await new Promise((resolve) => gone.on('exit', resolve))
    const input = join(dir, 'stale.csv')
    writeFileSync(input, `url\n${server.base}/img/s.png\n`)
    const out = join(dir, 'stale')
    mkdirSync(out)
    writeLock(join(out, 'laionet.lock'), gone.pid!)
    const r = await runCli(['download', '--input', input, '--out', out, '--allow-loopback', '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr.split('\n')[0]).to.equal(`download: took over the stale lock ${join(out, 'laionet.lock')} of pid ${gone.pid}, which no longer runs`)
    expect(JSON.parse(r.stdout).stored).to.equal(1)
    expect(existsSync(join(out, 'laionet.lock'))).to.equal(false)
  })
})
