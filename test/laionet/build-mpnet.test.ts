import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { createLemmaMatcher, embedTexts, loadImageNetClasses, loadLemmaMap, readBuild } from '../../src/index.js'
import { synsetTexts } from '../../src/laionet/synset-texts.js'
import { loadSentenceEncoder } from '../../src/models/sentence-encoder.js'
import { runCli } from '../helpers/cli.js'
import { encoderFixture } from '../models/encoders.js'
import { sampleCaptions, tempDir, useSharedData } from './helpers.js'

// Appendix A: LAIONet built with all-mpnet-base-v2 instead of CLIP. The tiny random MPNet (scripts/make-encoders.py,
// checked against sentence-transformers in test/models/sentence-encoder.test.ts) stands in for the real weights.
describe('laionet build --text-encoder mpnet (Appendix A, tiny random MPNet)', function () {
  this.timeout(300_000)
  useSharedData()
  const dir = tempDir()
  let mpnetDir: string
  let input: string
  let captions: (string | null)[]
  before(async function () {
    mpnetDir = encoderFixture(this, 'mpnet')
    captions = (await sampleCaptions()).slice(0, 1500)
    input = join(dir(), 'part-00000-small.parquet')
    parquetWriteFile({
      filename: input,
      columnData: [
        { name: 'URL', data: captions.map((_, i) => `https://example.com/${i}.jpg`), type: 'STRING' },
        { name: 'TEXT', data: captions, type: 'STRING' },
      ],
      rowGroupSize: 500,
    })
  })

  it('scores every single-class caption with the MPNet cosine to its synset text, keeps > 0.58 by default, and records the encoder', async () => {
    const out = join(dir(), 'mpnet')
    const { code, stderr } = await runCli(['build', '--input', input, '--model', mpnetDir, '--text-encoder', 'mpnet', '--out', out, '--json'])
    expect(code, stderr).to.equal(0)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(summary).to.include({ model: mpnetDir, textEncoder: 'mpnet', threshold: 0.58, topK: null })

    // Independent of the build: the matcher picks the single-class captions, the encoder embeds them and the texts.
    const matcher = createLemmaMatcher(await loadLemmaMap('paper'))
    const single = captions.map((c, i) => ({ c, i, m: matcher.match(c) })).filter((x) => x.m && x.m.wnids.length === 1)
    const { candidates } = await readBuild(out)
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')) as Record<string, number[]>
    expect(candidates.length).to.equal(single.length).and.be.greaterThan(50)
    const texts = synsetTexts(await loadImageNetClasses())
    const mpnet = await loadSentenceEncoder(mpnetDir)
    try {
      const C = await embedTexts(mpnet, single.map((x) => x.c), { cache: false })
      const T = await embedTexts(mpnet, single.map((x) => texts[x.m!.wnids[0]]), { cache: false })
      const expected = single.map((_, k) => {
        let s = 0
        for (let d = 0; d < C.dim; d++) s += C.data[k * C.dim + d] * T.data[k * T.dim + d]
        return s
      })
      const byRow = new Map(candidates.map((c) => [c.row, c])) // part 00000: row = input row
      single.forEach((x, k) => {
        const c = byRow.get(x.i)!
        expect(c.wnid).to.equal(x.m!.wnids[0])
        expect(c.similarity).to.be.closeTo(expected[k], 1e-5)
      })
      expect(Object.values(labels).flat().sort((a, b) => a - b)).to.deep.equal(single.filter((_, k) => expected[k] > 0.58).map((x) => x.i))
    } finally {
      await mpnet.dispose()
    }
  })

  it('refuses an unknown text encoder with the usage', async () => {
    const { code, stderr } = await runCli(['build', '--input', input, '--model', mpnetDir, '--text-encoder', 'bert', '--out', join(dir(), 'x')])
    expect(code).to.equal(2)
    expect(stderr).to.match(/^laionet build: --text-encoder: expected clip or mpnet, got "bert"\n/)
  })
})
