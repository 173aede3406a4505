import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStatusLog } from '../../src/download/status-log.js'
import { parseStatusLog, readStatusLog } from '../../src/download/status-log.js'

describe('download/status log', () => {
  it('keeps the last status per row and counts ok samples per shard', () => {
    const text = [
      '{"row":0,"url":"a","status":"timeout"}',
      '{"row":1,"url":"b","status":"ok","shard":"00000.tar","key":"000000001"}',
      '{"row":0,"url":"a","status":"ok","shard":"00001.tar","key":"000000000"}',
      '{"row":2,"url":"c","status":"http_404"}',
      '',
    ].join('\n')
    const state = parseStatusLog(text)
    expect([...state.status]).to.deep.equal([[0, 'ok'], [1, 'ok'], [2, 'http_404']])
    expect([...state.okPerShard].sort()).to.deep.equal([['00000.tar', 1], ['00001.tar', 1]])
    expect(state.completeBytes).to.equal(Buffer.byteLength(text))
  })

  it('ignores a partial last line (a killed run) and the appender cuts it before writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laionet-status-'))
    try {
      const file = join(dir, 'status.jsonl')
      const whole = '{"row":0,"url":"a","status":"noai"}\n'
      writeFileSync(file, whole + '{"row":1,"url":"b","sta')
      const state = await readStatusLog(file)
      expect([...state.status]).to.deep.equal([[0, 'noai']])
      expect(state.completeBytes).to.equal(whole.length)
      const log = await openStatusLog(file, state.completeBytes)
      await log.append([{ row: 1, url: 'b', status: 'timeout' }])
      await log.close()
      expect(readFileSync(file, 'utf8')).to.equal(whole + '{"row":1,"url":"b","status":"timeout"}\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names a damaged line in the middle', () => {
    expect(() => parseStatusLog('{"row":0,"status":"ok"}\nnot json\n{"row":1,"status":"ok"}\n', 'out/status.jsonl'))
      .to.throw('download: out/status.jsonl line 2 is not JSON; the file is damaged. Delete that line to resume')
    expect(() => parseStatusLog('{"row":"x","status":"ok"}\n', 's')).to.throw('download: s line 1 lacks an integer "row" or a string "status"')
  })

  it('reads a missing file as empty', async () => {
    const state = await readStatusLog(join(tmpdir(), 'laionet-does-not-exist', 'status.jsonl'))
    expect(state.status.size).to.equal(0)
  })
})
