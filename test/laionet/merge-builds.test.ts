import { expect } from 'chai'
import { cpSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLaionet, loadLemmaMap, type LemmaMap } from '../../src/index.js'
import { inShard, parseShard } from '../../src/io/parquet-shard.js'
import { mergeBuilds } from '../../src/laionet/merge-builds.js'
import { openBuildState } from '../../src/laionet/build-state.js'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { fakeEmbedder } from './fake-embed.js'
import { sampleCaptions, tempDir, useSharedData } from './helpers.js'

const FILES = ['laionet.parquet', 'labels.json', 'candidates.parquet', 'summary.json', 'state.json']

function bytesOf(dir: string): Record<string, Buffer> {
  const chunks = readdirSync(join(dir, 'chunks')).sort().map((f) => [`chunks/${f}`, readFileSync(join(dir, 'chunks', f))] as const)
  return Object.fromEntries([...FILES.map((f) => [f, readFileSync(join(dir, f))] as const), ...chunks])
}

describe('laionet build --shard and merge (fake embedder, the real 10,000 captions in two part files)', function () {
  this.timeout(180_000)
  useSharedData()
  const dir = tempDir()
  let inputs: string[]
  let map: LemmaMap
  const build = (out: string, extra: object = {}) => buildLaionet(inputs, { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, threshold: 0.2, ...extra })

  before(async () => {
    const captions = await sampleCaptions()
    // 6 row groups of 1000, then 3 of 1500 (9 work units), with URLs so every output column is exercised.
    const write = (file: string, from: number, to: number, rowGroupSize: number) => parquetWriteFile({
      filename: file,
      rowGroupSize,
      columnData: [
        { name: 'URL', data: captions.slice(from, to).map((_, i) => `https://example.com/${from + i}.jpg`), type: 'STRING' },
        { name: 'TEXT', data: captions.slice(from, to), type: 'STRING' },
      ],
    })
    inputs = [join(dir(), 'part-00004-a.parquet'), join(dir(), 'part-00005-b.parquet')]
    write(inputs[0], 0, 6000, 1000)
    write(inputs[1], 6000, 10000, 1500)
    for (const f of inputs) utimesSync(f, 1_700_000_000, 1_700_000_000) // whole seconds: restorable exactly below
    map = await loadLemmaMap('paper')
  })

  it('parses i/n and deals the units round-robin', () => {
    expect(parseShard('2/3')).to.deep.equal({ index: 2, count: 3 })
    expect(() => parseShard('3/3')).to.throw('--shard: "3/3" is not a shard (expected i/n with 0 <= i < n, e.g. 0/3, 1/3 and 2/3 for three machines)')
    expect(() => parseShard('1-3')).to.throw('is not a shard')
    expect([0, 1, 2, 3, 4, 5, 6].filter((u) => inShard(u, { index: 1, count: 3 }))).to.deep.equal([1, 4])
  })

  it('merges three shards into the bytes of the single-machine build, whatever the order they are given in', async () => {
    const whole = join(dir(), 'whole')
    const single = await build(whole)
    const shards = [0, 1, 2].map((i) => join(dir(), `shard-${i}`))
    const parts = []
    for (let i = 0; i < 3; i++) parts.push(await build(shards[i], { shard: { index: i, count: 3 } }))
    // Each shard did a third of the row groups: 3 of the 9 units, its rows only.
    expect(parts.map((p) => p.rows)).to.deep.equal([1000 + 1000 + 1500, 1000 + 1000 + 1500, 1000 + 1000 + 1000])
    expect(parts.reduce((n, p) => n + p.rows, 0)).to.equal(10000)
    expect(readdirSync(join(shards[2], 'chunks')).sort()).to.deep.equal(['00000-000002.json', '00000-000005.json', '00001-000002.json'])

    const merged = join(dir(), 'merged')
    const summary = mergeBuilds([shards[2], shards[0], shards[1]], merged)
    expect(summary).to.deep.equal(single)
    expect(summary.samples).to.be.greaterThan(20)
    const want = bytesOf(whole)
    const got = bytesOf(merged)
    expect(Object.keys(got)).to.deep.equal(Object.keys(want))
    for (const f of Object.keys(want)) expect(got[f].equals(want[f]), f).to.equal(true)
  })

  it('merges through the command line, and refuses a missing shard, a shard given twice and shards of two jobs', async () => {
    const shards = [0, 1].map((i) => join(dir(), `two-${i}`))
    // The second machine sees a copy of the inputs with another mtime: the content decides, not the mtime.
    await build(shards[0], { shard: { index: 0, count: 2 } })
    utimesSync(inputs[0], 1_700_000_000, 1_700_000_060)
    try {
      await build(shards[1], { shard: { index: 1, count: 2 } })
    } finally {
      utimesSync(inputs[0], 1_700_000_000, 1_700_000_000)
    }
    const cli = await runCli(['merge', '--out', join(dir(), 'two-merged'), ...shards])
    expect(cli.stderr).to.equal('')
    expect(cli.code).to.equal(0)
    expect(readFileSync(join(dir(), 'two-merged', 'laionet.parquet')).equals(readFileSync(join(dir(), 'whole', 'laionet.parquet')))).to.equal(true)

    expect(() => mergeBuilds([shards[0]], join(dir(), 'x'))).to.throw(`merge: shard 1/2 missing (got 0/2). Run it and merge again`)
    expect(() => mergeBuilds([shards[0], shards[0]], join(dir(), 'x'))).to.throw(`merge: shard 0/2 is given twice (${shards[0]} and ${shards[0]})`)
    const other = join(dir(), 'other-1')
    await build(other, { shard: { index: 1, count: 2 }, threshold: 0.3 })
    expect(() => mergeBuilds([shards[0], other], join(dir(), 'x'))).to.throw(`merge: ${other} is not a shard of the same build as ${shards[0]} (threshold differs). Merge the shards of one job only`)
    expect(() => mergeBuilds([join(dir(), 'whole')], join(dir(), 'x'))).to.throw(`merge: ${join(dir(), 'whole')} has no shard.json`)
    const usage = await runCli(['merge', shards[0]])
    expect(usage.code).to.equal(2)
    expect(usage.stderr).to.match(/^laionet merge: --out: the merged output folder is required/)
  })

  it('refuses to resume a shard folder as another shard', async () => {
    const out = join(dir(), 'shard-0')
    let error: Error | undefined
    await build(out, { shard: { index: 1, count: 3 } }).catch((e: Error) => { error = e })
    expect(error?.message).to.equal(`build: ${out} holds shard 0/3, not shard 1/3. Pass that --shard again to resume it, or another --out folder`)
  })

  it('refuses a state.json or shard.json id that is not a chunk id, naming the file and the id, and writes nothing outside --out', () => {
    // Copies of the three shards built above, each edited to hold one hostile id.
    const copy = (name: string) => {
      const dirs = [0, 1, 2].map((i) => join(dir(), `${name}-${i}`))
      dirs.forEach((d, i) => cpSync(join(dir(), `shard-${i}`), d, { recursive: true }))
      return dirs
    }
    const escaped = join(dir(), 'escaped.json')
    const evil = copy('evil')
    const state = join(evil[1], 'state.json')
    const s = JSON.parse(readFileSync(state, 'utf8'))
    s.done.push('../../escaped')
    writeFileSync(state, JSON.stringify(s))
    // The chunk file the hostile id names exists (evil-1/chunks/../../escaped.json), so the old merge copied it out.
    writeFileSync(escaped, 'not touched')
    expect(() => mergeBuilds(evil, join(dir(), 'evil-out', 'a', 'b'))).to.throw(`build: ${state}: "done"[3] is "../../escaped", not a chunk id (expected <fileIndex>-<rowGroup> such as 00000-000003)`)
    expect(readFileSync(escaped, 'utf8')).to.equal('not touched')
    expect(existsSync(join(dir(), 'evil-out'))).to.equal(false)

    const units = copy('units')
    const record = join(units[0], 'shard.json')
    const r = JSON.parse(readFileSync(record, 'utf8'))
    r.units[0] = '00000-000000/../../x'
    writeFileSync(record, JSON.stringify(r))
    expect(() => mergeBuilds(units, join(dir(), 'units-out'))).to.throw(`build: ${record}: "units"[0] is "00000-000000/../../x", not a chunk id`)
    r.units = 'all'
    writeFileSync(record, JSON.stringify(r))
    expect(() => mergeBuilds(units, join(dir(), 'units-out'))).to.throw(`build: ${record}: "units" is not a list of chunk ids (got string)`)
  })

  it('refuses to resume a build whose state.json lists a hostile id', () => {
    const out = join(dir(), 'resume-evil')
    cpSync(join(dir(), 'whole'), out, { recursive: true })
    const file = join(out, 'state.json')
    const state = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...state, done: ['00000-000000', '/etc/passwd'] }))
    expect(() => openBuildState(out, state.config)).to.throw(`build: ${file}: "done"[1] is "/etc/passwd", not a chunk id`)
  })

  it('reports a file that fails on one shard as the single run does, and leaves all its rows out', async () => {
    const bad = join(dir(), 'bad-utf8.parquet')
    const texts = [...Array.from({ length: 9 }, () => new TextEncoder().encode('a tench')), new Uint8Array([0x74, 0xff])]
    parquetWriteFile({ filename: bad, columnData: [{ name: 'TEXT', data: texts, type: 'BYTE_ARRAY' }], rowGroupSize: 3 })
    const files = [inputs[1], bad]
    const run = (out: string, extra: object = {}) => buildLaionet(files, { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, threshold: 0.2, ...extra })
    const single = await run(join(dir(), 'bad-whole'))
    expect(single.errors.map((e) => e.file)).to.deep.equal([bad])
    const shards = [0, 1].map((i) => join(dir(), `bad-${i}`))
    for (let i = 0; i < 2; i++) await run(shards[i], { shard: { index: i, count: 2 } })
    const merged = mergeBuilds(shards, join(dir(), 'bad-merged'))
    expect(merged).to.deep.equal(single)
  })
})

describe('laionet build --shard and merge on the command line (tiny fixture CLIP)', function () {
  this.timeout(120_000)
  const dir = tempDir()

  it('two shards merged give the bytes of the whole build; a bad --shard is a usage error', async function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip')
    const input = join(dir(), 'part-00001-small.parquet')
    const texts = ['a tench in a net', 'a cougar at dusk', 'tench and cougar', 'a puma', null, 'tench', 'cougar']
    parquetWriteFile({ filename: input, rowGroupSize: 2, columnData: [{ name: 'URL', data: texts.map((_, i) => `u${i}`), type: 'STRING' }, { name: 'TEXT', data: texts, type: 'STRING' }] })
    const model = shared('fixtures/models/tiny-random-clip')
    const build = (out: string, ...extra: string[]) => runCli(['build', '--input', input, '--model', model, '--out', join(dir(), out), '--threshold=-1', ...extra])
    expect((await build('whole')).code).to.equal(0)
    for (const i of [0, 1]) {
      const r = await build(`s${i}`, '--shard', `${i}/2`)
      expect(r.code, r.stderr).to.equal(0)
    }
    const merged = await runCli(['merge', '--out', join(dir(), 'merged'), join(dir(), 's1'), join(dir(), 's0'), '--json'])
    expect(merged.code, merged.stderr).to.equal(0)
    expect(JSON.parse(merged.stdout).samples).to.equal(5)
    const want = bytesOf(join(dir(), 'whole'))
    const got = bytesOf(join(dir(), 'merged'))
    for (const f of Object.keys(want)) expect(got[f]?.equals(want[f]), f).to.equal(true)
    const bad = await build('bad', '--shard', '2/2')
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.match(/^laionet build: --shard: "2\/2" is not a shard \(expected i\/n with 0 <= i < n/)
  })
})
