import { expect } from 'chai'
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openJsonlAppender } from '../../src/io/jsonl-appender.js'
import { readJsonl, writeJsonl } from '../../src/io/jsonl.js'
import { cleanup, collect, rejection, tempDir } from '../data/fixtures.js'

describe('io/jsonl', () => {
  let dir: string
  beforeEach(() => { dir = tempDir('jsonl') })
  afterEach(() => cleanup(dir))

  it('round-trips rows, including unicode split across read chunks, and skips blank lines', async () => {
    const file = join(dir, 'rows.jsonl')
    const rows = Array.from({ length: 5000 }, (_, i) => ({ i, text: `caption ${i} ✓ 日本語 ${'x'.repeat(i % 50)}`, tags: [i % 2 === 0, null] }))
    expect(await writeJsonl(file, rows)).to.equal(5000)
    expect(readFileSync(file, 'utf8').split('\n')).to.have.length(5001) // a newline after every row
    expect(await collect(readJsonl(file))).to.deep.equal(rows)
    writeFileSync(file, '{"a":1}\r\n\n  \n{"a":2}') // CRLF, blank lines, no final newline
    expect(await collect(readJsonl(file))).to.deep.equal([{ a: 1 }, { a: 2 }])
  })

  it('writes from an async iterable and leaves no temporary file', async () => {
    const file = join(dir, 'gen.jsonl')
    async function* gen() { for (let i = 0; i < 3; i++) yield [i] }
    expect(await writeJsonl(file, gen())).to.equal(3)
    expect(readFileSync(file, 'utf8')).to.equal('[0]\n[1]\n[2]\n')
    expect(readdirSync(dir)).to.deep.equal(['gen.jsonl'])
  })

  it('keeps the old file when writing fails, and names the bad row', async () => {
    const file = join(dir, 'keep.jsonl')
    writeFileSync(file, '"old"\n')
    const err = await rejection(writeJsonl(file, [{ ok: 1 }, { big: 1n }]))
    expect(err?.message).to.equal(`jsonl: row 1 of ${file} cannot be written as JSON (Do not know how to serialize a BigInt)`)
    expect(readFileSync(file, 'utf8')).to.equal('"old"\n')
    expect(readdirSync(dir)).to.deep.equal(['keep.jsonl'])
  })

  it('reports the line number of a bad line', async () => {
    const file = join(dir, 'bad.jsonl')
    writeFileSync(file, Array.from({ length: 11 }, (_, i) => JSON.stringify({ i })).join('\n') + '\n{"i": 11,, }\n{"i":12}\n')
    const err = await rejection(collect(readJsonl(file)))
    expect(err?.message).to.match(new RegExp(`^jsonl: ${file.replace(/[.]/g, '\\.')} line 12: .+: \\{"i": 11,, \\}$`))
  })

  it('reports a torn last line, or drops it on request', async () => {
    const file = join(dir, 'torn.jsonl')
    writeFileSync(file, '{"a":1}\n{"a":2}\n{"a":')
    const err = await rejection(collect(readJsonl(file)))
    expect(err?.message).to.match(/ line 3: .+ \(the last line has no newline: a record torn by a killed run\? openJsonlAppender drops it\): \{"a":$/)
    expect(await collect(readJsonl(file, { dropPartialLastLine: true }))).to.deep.equal([{ a: 1 }, { a: 2 }])
  })

  it('names a missing file', async () => {
    const file = join(dir, 'none.jsonl')
    const err = await rejection(collect(readJsonl(file)))
    expect(err?.message).to.equal(`jsonl: cannot read ${file} (ENOENT: no such file or directory, open '${file}')`)
  })

  describe('appender', () => {
    it('creates the log and appends single rows and batches as whole lines', async () => {
      const file = join(dir, 'log.jsonl')
      const log = await openJsonlAppender(file)
      expect(log.droppedBytes).to.equal(0)
      await log.append({ id: 1 })
      await log.append([{ id: 2 }, { id: 3 }])
      await log.close()
      expect(readFileSync(file, 'utf8')).to.equal('{"id":1}\n{"id":2}\n{"id":3}\n')
      const again = await openJsonlAppender(file, { fsync: false })
      await again.append({ id: 4 })
      await again.close()
      expect(await collect(readJsonl(file))).to.deep.equal([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }])
    })

    it('drops a torn last line from a killed run instead of merging the next record into it', async () => {
      const file = join(dir, 'killed.jsonl')
      writeFileSync(file, '{"id":1}\n{"id":2}\n')
      appendFileSync(file, '{"id":3,"text":"half wr') // the process died mid-write
      const log = await openJsonlAppender(file)
      expect(log.droppedBytes).to.equal('{"id":3,"text":"half wr'.length)
      await log.append({ id: 3, text: 'whole' })
      await log.close()
      expect(readFileSync(file, 'utf8')).to.equal('{"id":1}\n{"id":2}\n{"id":3,"text":"whole"}\n')
    })

    it('drops a torn line longer than its read block, and a file that is one torn line', async () => {
      const file = join(dir, 'long.jsonl')
      const torn = `{"x":"${'y'.repeat(200_000)}`
      writeFileSync(file, `{"id":1}\n${torn}`)
      const log = await openJsonlAppender(file)
      expect(log.droppedBytes).to.equal(torn.length)
      await log.close()
      expect(readFileSync(file, 'utf8')).to.equal('{"id":1}\n')
      const single = join(dir, 'single.jsonl')
      writeFileSync(single, '{"id":')
      const log2 = await openJsonlAppender(single)
      expect(log2.droppedBytes).to.equal(6)
      await log2.close()
      expect(readFileSync(single, 'utf8')).to.equal('')
    })

    it('refuses rows without a JSON form and appends after close', async () => {
      const log = await openJsonlAppender(join(dir, 'x.jsonl'))
      expect((await rejection(log.append(undefined)))?.message).to.equal(`jsonl: row 0 appended to ${join(dir, 'x.jsonl')} cannot be written as JSON (undefined)`)
      await log.close()
      expect((await rejection(log.append({})))?.message).to.equal(`jsonl: ${join(dir, 'x.jsonl')} is closed; open it again with openJsonlAppender`)
    })
  })
})
