import { expect } from 'chai'
import { csvRows } from '../../src/download/csv-rows.js'

async function collect(chunks: Iterable<string>, delimiter = ',') {
  const out = []
  for await (const r of csvRows(chunks, { delimiter }, 'test.csv')) out.push(r)
  return out
}

function chunked(text: string, size: number): string[] {
  const parts = []
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size))
  return parts
}

describe('download/csv rows', () => {
  const text = '\uFEFFurl,caption,n\r\nhttp://127.0.0.1/a.jpg,"a cat, sitting",1\r\n' +
    'http://127.0.0.1/b.jpg,"she said ""hi""\nthen left",2\n\nhttp://127.0.0.1/c.jpg,,3\nhttp://127.0.0.1/d.jpg,un"quoted,4'
  const expected = [
    { url: 'http://127.0.0.1/a.jpg', caption: 'a cat, sitting', n: '1' },
    { url: 'http://127.0.0.1/b.jpg', caption: 'she said "hi"\nthen left', n: '2' },
    { url: 'http://127.0.0.1/c.jpg', caption: '', n: '3' },
    { url: 'http://127.0.0.1/d.jpg', caption: 'un"quoted', n: '4' },
  ]
  // A chunk boundary can fall anywhere: inside a quote, between "" or between \r and \n.
  for (const size of [1, 2, 7, 1024]) {
    it(`parses quotes, CRLF, embedded newlines and a BOM in chunks of ${size}`, async () => {
      expect(await collect(chunked(text, size))).to.deep.equal(expected)
    })
  }

  it('reads tab-separated text', async () => {
    expect(await collect(['url\ttext\nhttp://x/1.jpg\ta b\n'], '\t')).to.deep.equal([{ url: 'http://x/1.jpg', text: 'a b' }])
  })

  it('names the line with the wrong number of fields, and an unclosed quote', async () => {
    const err = await collect(['a,b\n1,2\n3\n']).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('csv: test.csv line 3 has 1 fields (expected 2, like the header). Quote fields that contain ","')
    const open = await collect(['a,b\n1,"2\n']).then(() => null, (e: Error) => e)
    expect(open?.message).to.equal('csv: test.csv ends inside a quoted field that starts before line 2')
  })
})
