import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { downloadImages } from '../../src/index.js'
import { parseStatusLog } from '../../src/download/status-log.js'
import { inputRows } from '../../src/download/input-rows.js'
import { startFaultServer, type FaultServer } from './fault-server.js'

describe('download --shard i/n (by parquet part and row group)', function () {
  this.timeout(60_000)
  let dir: string
  let files: string[]
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-dl-shard-'))
    // 7 rows in 3 row groups, 4 rows in 2, and a JSON-lines file of 3 rows (one unit): 6 units, 14 rows.
    const parquet = (file: string, from: number, n: number, rowGroupSize: number) => parquetWriteFile({
      filename: file, rowGroupSize,
      columnData: [{ name: 'URL', data: Array.from({ length: n }, (_, i) => `http://h/${from + i}.png`), type: 'STRING' }],
    })
    files = [join(dir, 'a.parquet'), join(dir, 'b.parquet'), join(dir, 'c.jsonl')]
    parquet(files[0], 0, 7, 3)
    parquet(files[1], 7, 4, 2)
    writeFileSync(files[2], [11, 12, 13].map((i) => JSON.stringify({ url: `http://h/${i}.png` })).join('\n') + '\n')
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const rowsOf = async (shard?: { index: number, count: number }) => {
    const out: [number, string][] = []
    for await (const r of inputRows(files, { shard, batchRows: 2 })) out.push([r.row, r.url])
    return out
  }

  it('deals the units round-robin and keeps every row\'s number over all inputs', async () => {
    const all = await rowsOf()
    expect(all).to.deep.equal(Array.from({ length: 14 }, (_, i) => [i, `http://h/${i}.png`]))
    const shards = await Promise.all([0, 1, 2].map((index) => rowsOf({ index, count: 3 })))
    // Units: a.parquet groups (rows 0-2, 3-5, 6), b.parquet groups (7-8, 9-10), c.jsonl (11-13).
    expect(shards.map((s) => s.map(([r]) => r))).to.deep.equal([[0, 1, 2, 7, 8], [3, 4, 5, 9, 10], [6, 11, 12, 13]])
    expect(shards.flat().sort((x, y) => x[0] - y[0])).to.deep.equal(all)
  })

  describe('end to end against 127.0.0.1', () => {
    let server: FaultServer
    before(async () => { server = await startFaultServer() })
    after(() => server.close())

    it('downloads only its shard\'s rows, under their global keys', async () => {
      const input = join(dir, 'urls.parquet')
      parquetWriteFile({ filename: input, rowGroupSize: 2, columnData: [{ name: 'URL', data: [0, 1, 2, 3, 4].map((i) => `${server.base}/img/${i}.png`), type: 'STRING' }] })
      const out = join(dir, 'shard-1')
      const summary = await downloadImages([input], out, { shard: { index: 1, count: 2 }, allowLoopback: true, backoffMs: 5, timeoutMs: 2000, retries: 1, maxSide: 64 })
      expect(summary.counts).to.deep.equal({ ok: 2 })
      const status = parseStatusLog(readFileSync(join(out, 'status.jsonl'), 'utf8')).status
      expect([...status.entries()].sort((a, b) => a[0] - b[0])).to.deep.equal([[2, 'ok'], [3, 'ok']])
    })
  })
})
