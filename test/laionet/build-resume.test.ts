import { expect } from 'chai'
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { buildLaionet, loadImageNetClasses, loadLemmaMap, type LemmaMap } from '../../src/index.js'
import { synsetTexts } from '../../src/laionet/synset-texts.js'
import { fakeEmbedder } from './fake-embed.js'
import { sampleCaptions, tempDir, useSharedData } from './helpers.js'

const OUTPUTS = ['laionet.parquet', 'labels.json', 'candidates.parquet', 'summary.json']

function outputs(dir: string): Record<string, Buffer> {
  return Object.fromEntries(OUTPUTS.map((f) => [f, readFileSync(join(dir, f))]))
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(() => null, (e: Error) => e)
  if (!err) throw new Error('expected the call to fail')
  return err
}

describe('laionet buildLaionet: a rerun never destroys results, a resume checks what it depends on', function () {
  this.timeout(120_000)
  useSharedData()
  const dir = tempDir()
  let captions: (string | null)[]
  let map: LemmaMap
  let texts: Record<string, string>

  // 3000 real captions in 3 row groups; `offset` picks other captions for a rewritten file.
  const writeInput = (file: string, offset = 0) => parquetWriteFile({
    filename: file,
    columnData: [{ name: 'TEXT', data: captions.slice(offset, offset + 3000), type: 'STRING' }],
    rowGroupSize: 1000,
  })
  const run = (input: string, out: string, extra: Partial<Parameters<typeof buildLaionet>[1]> = {}) =>
    buildLaionet([input], { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, synsetTexts: texts, threshold: 0.2, ...extra })

  before(async () => {
    captions = await sampleCaptions()
    map = await loadLemmaMap('paper')
    texts = synsetTexts(await loadImageNetClasses())
  })

  it('a finished build rerun after its input was truncated is refused and keeps its outputs byte for byte', async () => {
    const input = join(dir(), 'truncated.parquet')
    const out = join(dir(), 'truncated')
    writeInput(input)
    await run(input, out)
    const before = outputs(out)
    truncateSync(input, 100)
    const err = await failure(run(input, out))
    expect(err.message).to.match(new RegExp(`^build: cannot resume ${out}: input 1 \\(${input}\\) changed: size \\d+ -> 100 bytes, modified .* -> .*, content of its first block, content of its last block\\. Rerun with the same inputs and settings to resume, or start fresh: delete ${out} or pass another --out folder$`))
    expect(outputs(out)).to.deep.equal(before)
  })

  it('a rerun with a failing file does not replace the outputs of an earlier finished build', async () => {
    const input = join(dir(), 'good.parquet')
    const missing = join(dir(), 'missing.parquet')
    const out = join(dir(), 'kept')
    writeInput(input)
    const first = await buildLaionet([input, missing], { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, synsetTexts: texts, threshold: 0.2 })
    expect(first.kept).to.equal(false)
    expect(first.errors).to.have.length(1)
    const before = outputs(out)
    const second = await buildLaionet([input, missing], { embed: fakeEmbedder().embed, model: 'fake-8d', out, map, synsetTexts: texts, threshold: 0.5 })
    expect(second.kept).to.equal(true)
    expect(second.outputs).to.deep.equal([])
    expect(outputs(out)).to.deep.equal(before)
  })

  it('a build killed halfway, its input rewritten at the same path, is refused naming the file', async () => {
    const input = join(dir(), 'rewritten.parquet')
    const out = join(dir(), 'rewritten')
    writeInput(input)
    const err = await failure(run(input, out, { onChunk: ({ done }) => { if (done === 1) throw new Error('killed') } }))
    expect(err.message).to.equal('killed')
    writeInput(input, 5000)
    const refused = await failure(run(input, out))
    expect(refused.message).to.match(new RegExp(`^build: cannot resume ${out}: input 1 \\(${input}\\) changed: .*content of its last block\\. Rerun with the same inputs`))
    expect(existsSync(join(out, 'summary.json'))).to.equal(false)
  })

  it('refuses a resume with a different lemma map of the same size, other synset texts or a changed model folder', async () => {
    const input = join(dir(), 'settings.parquet')
    const out = join(dir(), 'settings')
    const model = join(dir(), 'model')
    mkdirSync(join(model, 'onnx'), { recursive: true })
    writeFileSync(join(model, 'config.json'), '{}')
    writeFileSync(join(model, 'onnx', 'text_model.onnx'), 'weights v1')
    writeInput(input)
    await failure(run(input, out, { model, onChunk: () => { throw new Error('killed') } }))

    // The same number of entries, one pattern changed.
    const other: LemmaMap = { ...map, entries: map.entries.map((e, i) => (i === 0 ? { ...e, pattern: `${e.pattern}x` } : e)) }
    expect((await failure(run(input, out, { model, map: other }))).message)
      .to.contain(`cannot resume ${out}: the lemma map changed (the same ${map.entries.length} entries in number, other content)`)
    const wnid = map.wnids[0]
    expect((await failure(run(input, out, { model, synsetTexts: { ...texts, [wnid]: 'something else' } }))).message)
      .to.contain(`cannot resume ${out}: the synset texts changed`)
    appendFileSync(join(model, 'onnx', 'text_model.onnx'), ' retrained')
    expect((await failure(run(input, out, { model }))).message)
      .to.contain(`cannot resume ${out}: the files of the model ${model} changed (new weights or configuration)`)
  })

  it('the threshold and top-k need no fresh start: a finished build is rewritten with the new selection', async () => {
    const input = join(dir(), 'threshold.parquet')
    const out = join(dir(), 'threshold')
    writeInput(input)
    const a = await run(input, out)
    const b = await run(input, out, { threshold: 0.5 })
    expect(b.samples).to.be.lessThan(a.samples)
    const c = await run(input, out, { topK: 1 })
    expect(c.topK).to.equal(1)
  })

  it('a damaged chunk file is named, with how to redo it', async () => {
    const input = join(dir(), 'chunk.parquet')
    const out = join(dir(), 'chunk')
    writeInput(input)
    await run(input, out)
    const chunk = join(out, 'chunks', '00000-000001.json')
    writeFileSync(chunk, '{"rows": 10')
    const err = await failure(run(input, out))
    expect(err.message).to.match(new RegExp(`^build: the chunk ${chunk} is damaged \\(.*\\)\\. Delete that file and rerun the same command: its row group is redone$`))
  })
})
