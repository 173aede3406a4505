import { expect } from 'chai'
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCacheFile, writeCacheFile } from '../../src/io/cache-file.js'
import { LemmaAutomaton } from '../../src/laionet/LemmaAutomaton.js'
import { loadCompiledLemmaMap } from '../../src/laionet/match-cache.js'
import { matchCaptionFiles, type MatchSummary } from '../../src/laionet/match-files.js'
import { shared } from '../helpers/shared.js'
import { SAMPLE, tempDir, useSharedData } from './helpers.js'

// The compiled lemma map cache of `laionet match`: a second run reads it and writes the same bytes; any damaged,
// truncated, foreign or inconsistent file is rebuilt with a warning. 503 is the authors' count on the 10,000 captions
// (pinned independently in paper-faithful.test.ts from their per-lemma loop).
describe('laionet match: compiled lemma map cache', function () {
  this.timeout(120_000)
  useSharedData()
  const dir = tempDir('laionet-match-cache-')
  const cache = () => join(dir(), 'cache')
  let run = 0

  async function match(workers = 0): Promise<{ summary: MatchSummary, bytes: Buffer, warnings: string[] }> {
    const warnings: string[] = []
    const out = join(dir(), `out-${run++}.jsonl`)
    // Two copies of the sample: two row groups, so two threads both match (the worker gets the cached tables).
    const copy = join(dir(), 'part-00001-copy.parquet')
    copyFileSync(shared(SAMPLE), copy)
    const summary = await matchCaptionFiles([shared(SAMPLE), copy], { mode: 'paper', out, workers, cacheDir: cache(), onWarning: (m) => warnings.push(m) })
    return { summary, bytes: readFileSync(out), warnings }
  }
  const cacheFile = () => {
    const files = readdirSync(cache()).filter((f) => f.endsWith('.bin'))
    expect(files).to.have.length(1)
    return join(cache(), files[0])
  }

  let fresh: Buffer
  before(async () => {
    const first = await match()
    expect(first.summary.mapCache).to.equal('written')
    expect(first.summary.matched).to.equal(2 * 503)
    fresh = first.bytes
  })

  it('reads the compiled map back on a second run and writes byte-identical output (one thread and two)', async () => {
    for (const workers of [0, 2]) {
      const again = await match(workers)
      expect(again.summary.mapCache).to.equal('hit')
      expect(again.warnings).to.deep.equal([])
      expect(again.bytes.equals(fresh)).to.equal(true)
    }
  })

  async function expectRebuilt(damage: (file: string) => void, reason: RegExp) {
    const file = cacheFile()
    damage(file)
    const r = await match()
    expect(r.summary.mapCache).to.equal('rebuilt')
    expect(r.warnings).to.have.length(1)
    expect(r.warnings[0]).to.include(file).and.match(reason).and.match(/rebuilding it/)
    expect(r.bytes.equals(fresh)).to.equal(true)
    // The rebuilt file is good again.
    expect((await match()).summary.mapCache).to.equal('hit')
  }

  it('rebuilds a file with a flipped byte (sha256 mismatch)', async () => {
    await expectRebuilt((file) => {
      const b = readFileSync(file)
      b[b.length - 100] ^= 0x55
      writeFileSync(file, b)
    }, /sha256/)
  })

  it('rebuilds a truncated file', async () => {
    await expectRebuilt((file) => writeFileSync(file, readFileSync(file).subarray(0, 5000)), /truncated|past the end/)
  })

  it('rebuilds a file whose header claims a huge section, without allocating it', async () => {
    await expectRebuilt((file) => {
      const b = readFileSync(file)
      const length = b.readUInt32LE(8)
      const header = JSON.parse(b.toString('utf8', 12, 12 + length))
      header.sections[0].length = 2 ** 50
      const json = Buffer.from(JSON.stringify(header))
      const prefix = Buffer.alloc(12)
      b.copy(prefix, 0, 0, 8)
      prefix.writeUInt32LE(json.length, 8)
      writeFileSync(file, Buffer.concat([prefix, json, b.subarray(12 + length)]))
    }, /runs past the end/)
  })

  it('rebuilds a file that is not a cache file at all', async () => {
    await expectRebuilt((file) => writeFileSync(file, 'not a cache\n'.repeat(10)), /wrong magic/)
  })

  it('rebuilds a foreign file (a valid entry of another key)', async () => {
    const other = join(dir(), 'other-cache')
    await loadCompiledLemmaMap('extended', { dir: other })
    const extended = join(other, readdirSync(other)[0])
    await expectRebuilt((file) => copyFileSync(extended, file), /foreign/)
  })

  it('rebuilds a well-formed file (right key, right sha256) whose automaton would read out of bounds', async () => {
    await expectRebuilt((file) => {
      const b = readFileSync(file)
      const header = JSON.parse(b.toString('utf8', 12, 12 + b.readUInt32LE(8)))
      const read = readCacheFile(file, header.key, 1 << 30)
      if (!read.ok) throw new Error(read.reason)
      const sections = [...read.sections].map(([name, bytes]) => ({ name, bytes: Uint8Array.from(bytes) }))
      const jump = sections.find((s) => s.name === 'jump')!
      new Int32Array(jump.bytes.buffer)[7] = 2 ** 30 // past the last state
      rmSync(file)
      writeCacheFile(file, header.key, sections, header.meta)
    }, /automaton: transition 7/)
  })

  it('gives the extended rule the same output from its cache as without one', async () => {
    const runExtended = async (cacheDir: string | null) => {
      const out = join(dir(), `extended-${run++}.jsonl`)
      const summary = await matchCaptionFiles([shared(SAMPLE)], { mode: 'extended', out, workers: 0, cacheDir })
      return { use: summary.mapCache, bytes: readFileSync(out) }
    }
    const plain = await runExtended(null)
    const extendedCache = join(dir(), 'extended-cache')
    const [first, second] = [await runExtended(extendedCache), await runExtended(extendedCache)]
    expect([plain.use, first.use, second.use]).to.deep.equal(['off', 'written', 'hit'])
    expect(first.bytes.equals(plain.bytes)).to.equal(true)
    expect(second.bytes.equals(plain.bytes)).to.equal(true)
  })

  it('keeps the cache file untouched on a hit', async () => {
    const file = cacheFile()
    const before = statSync(file).mtimeMs
    expect((await match()).summary.mapCache).to.equal('hit')
    expect(statSync(file).mtimeMs).to.equal(before)
  })
})

describe('LemmaAutomaton.tablesProblem', () => {
  const a = new LemmaAutomaton([{ text: 'tench' }, { text: 'mountain lion', foldCase: true }])
  it('accepts the tables the automaton compiled and rejects each kind of out-of-range index', () => {
    const t = a.tables()
    expect(LemmaAutomaton.tablesProblem(t)).to.equal(null)
    const classOf = t.classOf.slice()
    classOf[97] = t.classCount
    expect(LemmaAutomaton.tablesProblem({ ...t, classOf })).to.match(/class .* at code 97/)
    const outIds = t.outIds.slice()
    outIds[0] = 2
    expect(LemmaAutomaton.tablesProblem({ ...t, outIds })).to.match(/names pattern 2/)
    const jump = t.jump.slice()
    jump[0] = 1 // not a state offset
    expect(LemmaAutomaton.tablesProblem({ ...t, jump })).to.match(/transition 0/)
    expect(LemmaAutomaton.tablesProblem({ ...t, start: t.stateCount * t.classCount })).to.match(/start offset/)
    expect(LemmaAutomaton.tablesProblem({ ...t, jump: t.jump.subarray(1) })).to.match(/transitions for/)
  })
})
