import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLaionet, createLemmaMatcher, loadLemmaMap, readBuild, thresholdSweep, type LemmaMap } from '../../src/index.js'
import { root } from '../helpers/shared.js'
import { contextEnv } from '../helpers/cli.js'
import { fakeEmbedder } from './fake-embed.js'
import { sampleCaptions, tempDir, useSharedData } from './helpers.js'

const OUTPUTS = ['laionet.parquet', 'labels.json', 'candidates.parquet', 'summary.json']
const NSFW = ['UNLIKELY', 'UNLIKELY', 'UNSURE', 'UNLIKELY', 'NSFW']

function files(dir: string): Record<string, Buffer> {
  return Object.fromEntries(OUTPUTS.map((f) => [f, readFileSync(join(dir, f))]))
}

describe('laionet buildLaionet (fake embedder, the real captions in 10 row groups)', function () {
  this.timeout(120_000)
  useSharedData()
  const dir = tempDir()
  let input: string
  let map: LemmaMap
  let captions: (string | null)[]

  before(async () => {
    captions = await sampleCaptions()
    input = join(dir(), 'part-00004-sample.parquet')
    parquetWriteFile({
      filename: input,
      columnData: [
        { name: 'URL', data: captions.map((_, i) => `https://example.com/${i}.jpg`), type: 'STRING' },
        { name: 'TEXT', data: captions, type: 'STRING' },
        { name: 'NSFW', data: captions.map((_, i) => NSFW[i % NSFW.length]), type: 'STRING' },
      ],
      rowGroupSize: 1000,
    })
    map = await loadLemmaMap('paper')
  })

  it('keeps single-class captions above the threshold with NSFW UNLIKELY, and stores every similarity', async () => {
    const { embed } = fakeEmbedder()
    const out = join(dir(), 'plain')
    const summary = await buildLaionet([input], { embed, model: 'fake-8d', out, map, threshold: 0.2 })

    // Independent expectations from the matcher alone.
    const matcher = createLemmaMatcher(map)
    const matches = captions.map((c) => matcher.match(c))
    const matched = matches.filter((m): m is NonNullable<typeof m> => m !== null)
    expect(summary).to.deep.include({ rows: 10000, matched: matched.length, multiClass: matched.filter((m) => m.wnids.length > 1).length })
    expect(summary.candidates).to.equal(matched.length - summary.multiClass)

    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(out, 'laionet.parquet')) })
    expect(rows.length).to.equal(summary.samples)
    expect(summary.samples).to.be.greaterThan(20)
    expect(summary.nsfwDropped).to.be.greaterThan(20)
    for (const r of rows) {
      const i = Number(r.row) - 400_000_000
      expect(r.similarity).to.be.greaterThan(0.2)
      expect(NSFW[i % NSFW.length]).to.equal('UNLIKELY')
      expect(r.caption).to.equal(captions[i])
      expect(r.url).to.equal(`https://example.com/${i}.jpg`)
      expect(matches[i]?.wnids).to.deep.equal([r.wnid])
    }
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')) as Record<string, number[]>
    expect(Object.values(labels).flat().sort((a, b) => a - b)).to.deep.equal(rows.map((r) => Number(r.row)))

    const { candidates } = await readBuild(out)
    expect(candidates.length).to.equal(summary.candidates)
    const at = thresholdSweep(candidates, [0.2])[0]
    expect(at).to.deep.equal({ threshold: 0.2, classes: summary.classes, samples: summary.samples })
  })

  it('a build interrupted by an error after 3 chunks and rerun gives the same bytes, without re-embedding', async () => {
    const whole = join(dir(), 'whole')
    await buildLaionet([input], { embed: fakeEmbedder().embed, model: 'fake-8d', out: whole, map, threshold: 0.2 })
    const broken = join(dir(), 'broken')
    const first = fakeEmbedder()
    const err = await buildLaionet([input], {
      embed: first.embed, model: 'fake-8d', out: broken, map, threshold: 0.2,
      onChunk: ({ done }) => { if (done === 3) throw new Error('injected crash') },
    }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('injected crash')
    expect(existsSync(join(broken, 'summary.json'))).to.equal(false)
    const second = fakeEmbedder()
    await buildLaionet([input], { embed: second.embed, model: 'fake-8d', out: broken, map, threshold: 0.2 })
    expect(files(broken)).to.deep.equal(files(whole))
    // 7 chunks left, each embedding its captions once, plus the synset texts once.
    expect(second.calls.batches).to.equal(8)
    const third = fakeEmbedder()
    await buildLaionet([input], { embed: third.embed, model: 'fake-8d', out: broken, map, threshold: 0.2 })
    expect(third.calls.texts).to.equal(0)
  })

  it('a build SIGKILLed in a child process and resumed gives the same bytes', async () => {
    const whole = join(dir(), 'whole')
    const killed = join(dir(), 'killed')
    // The child reads its context from its environment: the one describing this suite's (the shared data mirror).
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/laionet/build-child.ts'), input, killed, '4'], { cwd: root, encoding: 'utf8', env: contextEnv() })
    expect(child.signal, child.stderr).to.equal('SIGKILL')
    expect(readdirSync(join(killed, 'chunks')).filter((f) => f.endsWith('.json'))).to.have.length(4)
    expect(existsSync(join(killed, 'summary.json'))).to.equal(false)
    await buildLaionet([input], { embed: fakeEmbedder().embed, model: 'fake-8d', out: killed, map, threshold: 0.2 })
    expect(files(killed)).to.deep.equal(files(whole))
  })

  it('refuses to resume a folder built with other settings', async () => {
    const err = await buildLaionet([input], { embed: fakeEmbedder().embed, model: 'other-model', out: join(dir(), 'whole'), map }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(/^build: cannot resume .*whole: the model was fake-8d, now other-model\. Rerun with the same inputs and settings to resume, or start fresh: delete .*whole or pass another --out folder$/)
  })

  it('the top-k variant keeps at most k captions per class, the most similar', async () => {
    const out = join(dir(), 'top2')
    const summary = await buildLaionet([input], { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, topK: 2 })
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')) as Record<string, number[]>
    expect(Math.max(...Object.values(labels).map((r) => r.length))).to.equal(2)
    expect(summary.topK).to.equal(2)
    const { candidates } = await readBuild(out)
    for (const [wnid, kept] of Object.entries(labels)) {
      const ok = candidates.filter((c) => c.wnid === wnid && c.nsfwOk)
      const keptSims = ok.filter((c) => kept.includes(c.row)).map((c) => c.similarity)
      const rest = ok.filter((c) => !kept.includes(c.row)).map((c) => c.similarity)
      expect(keptSims).to.have.length(Math.min(2, ok.length))
      if (rest.length) expect(Math.min(...keptSims)).to.be.at.least(Math.max(...rest))
    }
  })

  it('stops on an embedder failure (not a file problem) with its message', async () => {
    const embed = async () => { throw new Error('clip: out of memory') }
    const err = await buildLaionet([input], { embed, model: 'broken', out: join(dir(), 'broken-embedder'), map }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('clip: out of memory')
  })

  it('reports a file with invalid UTF-8 by row and still builds the good file', async () => {
    const bad = join(dir(), 'bad-utf8.parquet')
    parquetWriteFile({ filename: bad, columnData: [{ name: 'TEXT', data: [new TextEncoder().encode('a tench'), new Uint8Array([0xc3, 0x28])], type: 'BYTE_ARRAY' }] })
    const summary = await buildLaionet([bad, input], { embed: fakeEmbedder().embed, model: 'fake-8d', out: join(dir(), 'bad-utf8'), map, threshold: 0.2 })
    expect(summary.errors).to.deep.equal([{ file: bad, error: `build: ${bad}: row 1: TEXT is not valid UTF-8 ("\uFFFD("). Repair or drop that row; nothing from this file was written.` }])
    expect(summary.rows).to.equal(10000)
  })

  it('reports a bad file and still builds from the good one', async () => {
    const out = join(dir(), 'with-bad')
    const summary = await buildLaionet([join(dir(), 'missing.parquet'), input], { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, threshold: 0.2 })
    expect(summary.errors).to.have.length(1)
    expect(summary.errors[0].error).to.match(/^build: .*missing\.parquet: no such file$/)
    expect(summary.rows).to.equal(10000)
  })
})
