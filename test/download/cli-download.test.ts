import { expect } from 'chai'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../helpers/cli.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

describe('cli/download', () => {
  let server: FaultServer
  let dir: string
  before(async () => {
    server = await startFaultServer()
    dir = mkdtempSync(join(tmpdir(), 'laionet-cli-dl-'))
  })
  after(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('downloads into shards and prints the summary as JSON, then resumes with nothing left to do', async () => {
    const input = join(dir, 'urls.tsv')
    writeFileSync(input, `link\tTEXT\n${server.base}/img/1.png\tone\n${server.base}/status/404\ttwo\n`)
    const out = join(dir, 'out')
    const args = ['download', '--input', input, '--out', out, '--url-col', 'link', '--allow-loopback', '--concurrency', '2', '--max-side', '32', '--json']
    const first = await runCli(args)
    expect(first.code, first.stderr).to.equal(0)
    const summary = JSON.parse(first.stdout)
    expect(summary).to.deep.include({ done: 2, stored: 1, skipped: 0, aborted: false, counts: { ok: 1, http_404: 1 } })
    expect(summary.shards).to.deep.equal(['00000.tar'])
    const lines = readFileSync(join(out, 'status.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.row, l.status])).to.deep.equal([[1, 'http_404'], [0, 'ok']])
    const again = await runCli(args.filter((a) => a !== '--json'))
    expect(again.code).to.equal(0)
    expect(again.stderr).to.contain('Finished: 0 rows')
    expect(again.stderr).to.contain('2 rows skipped as done before.')
  })

  it('refuses the loopback server without --allow-loopback and says so per status', async () => {
    const input = join(dir, 'one.csv')
    writeFileSync(input, `url\n${server.base}/img/z.png\n`)
    server.requests.length = 0
    const r = await runCli(['download', '--input', input, '--out', join(dir, 'refused')])
    expect(r.code).to.equal(0)
    expect(r.stderr).to.match(/\n {2}blocked +1 {2}100\.0%\n/)
    expect(server.requests).to.deep.equal([])
  })

  it('takes its input, output and limits from a configuration file', async () => {
    const input = join(dir, 'from-config.jsonl')
    writeFileSync(input, JSON.stringify({ url: `${server.base}/big.jpg` }) + '\n')
    const config = join(dir, 'laionet.config.json')
    writeFileSync(config, JSON.stringify({ sources: { laionetBuild: 'from-config.jsonl', laionetImages: 'configured-out' }, limits: { download: { maxSide: 100 } } }))
    const r = await runCli(['download', '--config', config, '--allow-loopback', '--json'])
    expect(r.code, r.stderr).to.equal(0)
    const summary = JSON.parse(r.stdout)
    expect(summary.out).to.equal(join(dir, 'configured-out'))
    const index = JSON.parse(readFileSync(join(dir, 'configured-out', 'index.json'), 'utf8'))
    expect(index.samples).to.equal(1)
    const { parseTar } = await import('../../src/io/tar-reader.js')
    const [, json] = parseTar(readFileSync(join(dir, 'configured-out', '00000.tar')))
    expect(JSON.parse(Buffer.from(json.data!).toString())).to.include({ width: 100, height: 75 })
  })

  it('a first run that fails before any row (a --url-col typo) records no settings: the corrected command runs', async () => {
    const input = join(dir, 'typo.csv')
    writeFileSync(input, `url\n${server.base}/img/t.png\n`)
    const out = join(dir, 'typo-out')
    const typo = await runCli(['download', '--input', input, '--out', out, '--url-col', 'NOPE', '--allow-loopback'])
    expect(typo.code).to.equal(1)
    expect(typo.stderr).to.equal(`laionet download: ${input} row 0 has no column "NOPE" (found "url")\n`)
    expect(existsSync(join(out, 'settings.json'))).to.equal(false)
    const fixed = await runCli(['download', '--input', input, '--out', out, '--allow-loopback', '--json'])
    expect(fixed.code, fixed.stdout + fixed.stderr).to.equal(0)
    expect(JSON.parse(fixed.stdout)).to.deep.include({ stored: 1, counts: { ok: 1 } })
    expect(JSON.parse(readFileSync(join(out, 'settings.json'), 'utf8')).options.urlColumn).to.equal(null)
    // Recorded once a row is stored: a resume with another column is refused as before.
    const other = await runCli(['download', '--input', input, '--out', out, '--url-col', 'url', '--allow-loopback'])
    expect([other.code, other.stderr.split('\n')[0]]).to.deep.equal([1, `laionet download: cannot resume ${out}: --url-col was null, now url. Rerun with the same inputs and settings to resume, or start fresh: delete ${out} or pass another --out folder`])
  })

  it('reports missing flags as usage errors (exit 2)', async () => {
    const r = await runCli(['download', '--input', 'x.csv'])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.contain('laionet download: --out is required (or sources.laionetImages in laionet.config.json)')
    const f = await runCli(['download', '--input', 'x.csv', '--out', 'o', '--format', 'bmp'])
    expect(f.stderr).to.contain('--format: expected jpeg, png or webp, got "bmp"')
  })
})
