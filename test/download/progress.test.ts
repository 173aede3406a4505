import { expect } from 'chai'
import { PassThrough } from 'node:stream'
import { formatSummary, progressLine, progressPrinter } from '../../src/download/progress.js'
import type { DownloadSummary } from '../../src/index.js'

describe('download/progress', () => {
  const p = { done: 50, skipped: 25, counts: { ok: 45, http_404: 5 }, bytes: 1_234_567, seconds: 10 }

  it('formats a line, with a bar when the total is known', () => {
    expect(progressLine(p)).to.equal('50 rows | 45 ok | 1.2 MB | 5.0 rows/s | 25 skipped (done before)')
    expect(progressLine(p, 100)).to.equal('[##################------]  75.0% | 50 rows | 45 ok | 1.2 MB | 5.0 rows/s | 25 skipped (done before)')
  })

  function capture(isTTY: boolean) {
    const stream = Object.assign(new PassThrough(), { isTTY })
    let text = ''
    stream.on('data', (c) => (text += c))
    return { stream, text: () => text }
  }

  it('redraws in place on a terminal and prints plain lines otherwise', () => {
    const tty = capture(true)
    const bar = progressPrinter(tty.stream, { total: 100, intervalMs: 0 })
    bar.update({ ...p, done: 10, skipped: 0 })
    bar.update(p)
    bar.end()
    expect(tty.text().split('\r\x1b[2K').filter(Boolean)).to.have.length(3)
    expect(tty.text().endsWith('\n')).to.equal(true)
    const log = capture(false)
    const lines = progressPrinter(log.stream, { intervalMs: 60_000 })
    lines.update(p)
    lines.update(p) // within the interval: not printed
    lines.end()
    expect(log.text()).to.equal(`${progressLine(p)}\n${progressLine(p)}\n`)
  })

  it('summarises counts per status, most frequent first', () => {
    const s: DownloadSummary = { ...p, out: '/o', rowsPerSecond: 5, successRate: 0.9, stored: 45, shards: ['00000.tar', '00001.tar'], recovered: 0, aborted: false }
    expect(formatSummary(s)).to.equal([
      'Finished: 50 rows in 10.0 s (5.0 rows/s), 1.2 MB of images; 25 rows skipped as done before.',
      '  ok             45  90.0%',
      '  http_404        5  10.0%',
      'Shards written: 00000.tar..00001.tar. Output: /o',
      'Success rate: 90.0% (45 of 50 rows stored)',
      '',
    ].join('\n'))
    // 45 + 2 + 3 = 50 rows; the 503 and the timeouts are transient, the 404 is not.
    const mixed = formatSummary({ ...s, counts: { ok: 45, http_404: 2, http_503: 1, timeout: 2 } })
    expect(mixed).to.contain('\nSuccess rate: 90.0% (45 of 50 rows stored); 3 transient failures (timeout, 5xx, connection reset): rerun with --retry-failed to fetch them again\n')
    expect(formatSummary({ ...s, aborted: true })).to.contain('\nRerun the same command to continue where it stopped.\n')
  })
})
