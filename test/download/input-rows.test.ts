import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { inputRows } from '../../src/download/input-rows.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

async function collect(files: string[], options = {}) {
  const out = []
  for await (const r of inputRows(files, options)) out.push(r)
  return out
}

describe('download/input rows', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-input-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('numbers rows across parquet, CSV and JSON-lines files, finding URL or url', async () => {
    const parquet = join(dir, 'a.parquet')
    parquetWriteFile({
      filename: parquet,
      columnData: [
        { name: 'URL', data: ['http://127.0.0.1/p0.jpg', 'http://127.0.0.1/p1.jpg', null], type: 'STRING' },
        { name: 'TEXT', data: ['zero', 'one', 'two'], type: 'STRING' },
      ],
      rowGroupSize: 2,
    })
    const csv = join(dir, 'b.csv')
    writeFileSync(csv, 'url,caption\nhttp://127.0.0.1/c0.jpg,"x, y"\n')
    const jsonl = join(dir, 'c.jsonl')
    writeFileSync(jsonl, '{"url":" http://127.0.0.1/j0.jpg ","k":1}\n\n{"url":5}\n')
    const rows = await collect([parquet, csv, jsonl], { batchRows: 2 })
    expect(rows.map((r) => [r.row, r.url])).to.deep.equal([
      [0, 'http://127.0.0.1/p0.jpg'], [1, 'http://127.0.0.1/p1.jpg'], [2, ''],
      [3, 'http://127.0.0.1/c0.jpg'], [4, 'http://127.0.0.1/j0.jpg'], [5, ''],
    ])
    expect(rows[1].fields).to.deep.equal({ URL: 'http://127.0.0.1/p1.jpg', TEXT: 'one' })
    expect(rows[3].fields).to.deep.equal({ url: 'http://127.0.0.1/c0.jpg', caption: 'x, y' })
  })

  // The same parquet file read in slices of 1, 7 and 1024 rows yields the same rows.
  for (const batchRows of [1, 7, 1024]) {
    it(`reads parquet in slices of ${batchRows} rows`, async () => {
      const parquet = join(dir, `n${batchRows}.parquet`)
      const urls = Array.from({ length: 20 }, (_, i) => `http://127.0.0.1/${i}.jpg`)
      parquetWriteFile({ filename: parquet, columnData: [{ name: 'link', data: urls, type: 'STRING' }], rowGroupSize: 6 })
      const rows = await collect([parquet], { urlColumn: 'link', batchRows })
      expect(rows.map((r) => r.url)).to.deep.equal(urls)
    })
  }

  it('names the file and columns when no URL column is found, and unknown extensions', async () => {
    const csv = join(dir, 'nourl.csv')
    writeFileSync(csv, 'link,text\nhttp://x,y\n')
    const err = await collect([csv]).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`download: ${csv} has no URL column (expected "URL" or "url", found "link", "text"). Name it with --url-col`)
    const bad = await collect([join(dir, 'x.xlsx')]).then(() => null, (e: Error) => e)
    expect(bad?.message).to.equal(`download: ${join(dir, 'x.xlsx')} has an unknown extension ".xlsx" (expected .parquet, .csv, .tsv, .jsonl, .ndjson or .json)`)
    const jsonl = join(dir, 'bad.jsonl')
    writeFileSync(jsonl, '{"url":"a"}\n{oops\n')
    const notJson = await collect([jsonl]).then(() => null, (e: Error) => e)
    expect(notJson?.message).to.match(new RegExp(`^download: ${jsonl} line 2 is not JSON`))
  })

  it('streams the real 10,000-row LAION sample', async function () {
    skipWithoutShared(this, 'data/laion/laion400m-sample-10000.parquet')
    let n = 0
    let first = ''
    for await (const r of inputRows([shared('data/laion/laion400m-sample-10000.parquet')])) {
      if (n === 0) first = r.url
      n++
      expect(r.row).to.equal(n - 1)
    }
    expect(n).to.equal(10000)
    expect(first).to.match(/^https?:\/\//)
  })
})
