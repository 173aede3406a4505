import { expect } from 'chai'
import { embedTexts, type Clip } from '../../src/index.js'
import { clipGolden, closeTinyClip, openTinyClip, unit } from './golden.js'

describe('models: CLIP text (tiny random CLIP vs PyTorch goldens)', function () {
  let clip: Clip
  let cache: string
  before(async function () { ({ clip, tmp: cache } = await openTinyClip(this, 'laionet-embed-')) })
  after(() => closeTinyClip(clip, cache))

  it('tokenizes all 57 golden texts to exactly the reference input ids', async () => {
    const golden = clipGolden().texts
    const ids = await clip.tokenize(golden.map((t) => t.text))
    golden.forEach((t, i) => expect(ids[i], t.text).to.deep.equal(t.input_ids))
  })

  it('truncates a long caption to 77 tokens and keeps end-of-text last, as the reference tokenizer does', async () => {
    // From the golden 'Hello World!': hello = 3306, world = 1002; start 49406, end 49407.
    const [ids] = await clip.tokenize([Array(60).fill('hello world').join(' ')])
    const content = Array.from({ length: 75 }, (_, i) => (i % 2 === 0 ? 3306 : 1002))
    expect(ids).to.deep.equal([49406, ...content, 49407])
  })

  it('pools a truncated caption at end-of-text: captions equal in their first 75 tokens embed identically', async () => {
    const e = await embedTexts(clip, [Array(60).fill('hello world').join(' '), Array(40).fill('hello world').join(' ') + ' volcano'], { cache: false })
    const d = Array.from(e.data.subarray(0, 16), (v, j) => Math.abs(v - e.data[16 + j]))
    expect(Math.max(...d)).to.be.below(1e-6)
  })

  for (const batchSize of [1, 7, 64]) {
    it(`reproduces the golden projected text embeddings within 1e-4 (batch size ${batchSize})`, async () => {
      const golden = clipGolden().texts
      const e = await embedTexts(clip, golden.map((t) => t.text), { batchSize, normalize: false, cache: false })
      expect([e.rows, e.dim]).to.deep.equal([57, 16])
      let worst = 0
      golden.forEach((t, i) => t.text_embeds.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - e.data[i * 16 + j])) }))
      expect(worst).to.be.below(1e-4)
    })
  }

  it('L2-normalises by default, matching the normalised goldens within 1e-4', async () => {
    const golden = clipGolden().texts.slice(0, 10)
    const e = await embedTexts(clip, golden.map((t) => t.text), { cache: false })
    golden.forEach((t, i) => {
      const want = unit(t.text_embeds)
      want.forEach((v, j) => expect(Math.abs(v - e.data[i * 16 + j])).to.be.below(1e-4))
    })
  })

  it('embeds a missing caption as the text "None" and an empty one as the empty string', async () => {
    const golden = clipGolden().texts
    const empty = golden.find((t) => t.text === '')!
    const e = await embedTexts(clip, [null, undefined, 'None', ''], { normalize: false, cache: false })
    expect(Array.from(e.data.subarray(0, 16))).to.deep.equal(Array.from(e.data.subarray(32, 48)))
    expect(Array.from(e.data.subarray(16, 32))).to.deep.equal(Array.from(e.data.subarray(32, 48)))
    empty.text_embeds.forEach((v, j) => expect(Math.abs(v - e.data[48 + j])).to.be.below(1e-4))
  })

  it('caches by model, settings and content: a rerun makes no model call, a changed text recomputes only its chunk', async () => {
    const texts = clipGolden().texts.map((t) => t.text).slice(0, 20)
    let calls = 0
    const onBatch = () => { calls++ }
    const first = await embedTexts(clip, texts, { cache, cacheChunk: 8, batchSize: 4, onBatch })
    expect(calls).to.equal(5) // chunks of 8, 8, 4 in batches of 4: 2 + 2 + 1
    calls = 0
    const again = await embedTexts(clip, texts, { cache, cacheChunk: 8, batchSize: 4, onBatch })
    expect(calls).to.equal(0)
    expect(Array.from(again.data)).to.deep.equal(Array.from(first.data))
    const changed = [...texts]
    changed[17] = 'a different caption'
    await embedTexts(clip, changed, { cache, cacheChunk: 8, batchSize: 4, onBatch })
    expect(calls).to.equal(1) // only the last chunk (4 texts, one batch)
    calls = 0
    await embedTexts(clip, texts, { cache, cacheChunk: 8, batchSize: 4, normalize: false, onBatch })
    expect(calls).to.equal(5) // normalisation is part of the key
  })

  it('rejects a bad batch size and a non-string text with the position', async () => {
    const err1 = await embedTexts(clip, ['a'], { batchSize: 0 }).then(() => null, (e: Error) => e)
    expect(err1?.message).to.equal('embed: batchSize must be a positive integer, got 0')
    const err2 = await embedTexts(clip, ['a', 5 as unknown as string], { cache: false }).then(() => null, (e: Error) => e)
    expect(err2?.message).to.equal('embed: text #1 is a number, expected a string (or null for a missing caption)')
  })
})
