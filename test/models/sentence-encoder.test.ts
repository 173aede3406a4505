import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embedTexts } from '../../src/index.js'
import { loadSentenceEncoder, type SentenceEncoder } from '../../src/models/sentence-encoder.js'
import { encoderFixture, readGolden } from './encoders.js'
import { unit } from './golden.js'

interface MpnetGolden { maxSeqLength: number, texts: { text: string, input_ids: number[], embedding: number[] }[] }

// The tiny random MPNet of scripts/make-encoders.py in the sentence-transformers layout of all-mpnet-base-v2; the goldens
// are SentenceTransformer.encode (the authors' core/foundationmodels/sentencetransformer.py): mean over the
// attention mask, then L2 normalisation.
describe('models: sentence encoder (MPNet, Appendix A) vs sentence-transformers goldens', function () {
  this.timeout(120_000)
  let dir: string
  let golden: MpnetGolden
  let mpnet: SentenceEncoder
  let tmp = ''
  before(async function () {
    dir = encoderFixture(this, 'mpnet')
    golden = readGolden<MpnetGolden>(dir)
    mpnet = await loadSentenceEncoder(dir, { batchSize: 7 })
    tmp = mkdtempSync(join(tmpdir(), 'laionet-mpnet-'))
  })
  after(async () => {
    await mpnet?.dispose()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('reads max_seq_length 384 from sentence_bert_config.json and tokenizes as the reference (WordPiece, <s> ... </s>, cut at 384)', async () => {
    expect(mpnet.maxSeqLength).to.equal(384)
    expect(golden.maxSeqLength).to.equal(384)
    const ids = await mpnet.tokenize(golden.texts.map((t) => t.text))
    golden.texts.forEach((g, i) => expect(ids[i], JSON.stringify(g.text.slice(0, 60))).to.deep.equal(g.input_ids))
    // The long text really was cut: 384 ids ending in </s> (id 2).
    const long = golden.texts.find((g) => g.input_ids.length === 384)!
    expect(long.input_ids.at(-1)).to.equal(2)
  })

  it('embeds every golden text within 1e-5 of SentenceTransformer.encode (unit length), batched by length', async () => {
    let calls = 0
    const e = await embedTexts(mpnet, golden.texts.map((t) => t.text), { cache: false, onBatch: () => calls++ })
    expect([e.rows, e.dim]).to.deep.equal([golden.texts.length, 32])
    expect(calls).to.equal(Math.ceil(golden.texts.length / 7))
    let worst = 0
    golden.texts.forEach((g, i) => g.embedding.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - e.data[i * 32 + j])) }))
    expect(worst).to.be.below(1e-5)
  })

  it('mean-pools over the attention mask only: a text alone and padded in a batch give the same unnormalised vector', async () => {
    const short = golden.texts.find((g) => g.input_ids.length < 8)!.text
    const long = golden.texts.find((g) => g.input_ids.length > 100)!.text
    const alone = await mpnet.embedTextBatch([short])
    const padded = await mpnet.embedTextBatch([short, long])
    for (let j = 0; j < 32; j++) expect(padded.data[j]).to.be.closeTo(alone.data[j], 1e-5)
    // Normalising the pooled vector gives the golden: the Normalize module is the last step.
    const g = golden.texts.find((t) => t.text === short)!.embedding
    unit(alone.data).forEach((v, j) => expect(v).to.be.closeTo(g[j], 1e-5))
  })

  it('caches by model: a second call reads the cache and returns the same rows without a model call', async () => {
    const texts = golden.texts.slice(0, 5).map((t) => t.text)
    const first = await embedTexts(mpnet, texts, { cache: tmp })
    let calls = 0
    const again = await embedTexts(mpnet, texts, { cache: tmp, onBatch: () => calls++ })
    expect(calls).to.equal(0)
    expect(Array.from(again.data)).to.deep.equal(Array.from(first.data))
  })

  it('refuses a bad batch size and a single .onnx file with a clear message', async () => {
    let err: Error | undefined
    try { await loadSentenceEncoder(dir, { batchSize: 0 }) } catch (e) { err = e as Error }
    expect(err?.message).to.equal('sentence-encoder: batchSize must be a positive integer, got 0')
    try { await loadSentenceEncoder(join(dir, 'onnx', 'model.onnx')) } catch (e) { err = e as Error }
    expect(err?.message).to.equal(`sentence-encoder: ${join(dir, 'onnx', 'model.onnx')} is a single .onnx file; a sentence encoder needs a model folder (config.json, tokenizer.json, onnx/model.onnx) or a hub id`)
  })
})
