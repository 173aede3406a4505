import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { type Clip } from '../../src/index.js'
import { parquetRows } from '../../src/io/parquet-row-groups.js'
import { cleanClipText } from '../../src/models/text-clean.js'
import { fixText } from '../../src/models/text-clean-ftfy.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { closeTinyClip, openTinyClip, TINY_CLIP } from './golden.js'

/** test/models/fixtures/tokenizer-goldens.json.gz, written by scripts/make-tokenizer-goldens.py. */
interface TokenizerGoldens {
  ftfy: string
  adversarial: { text: string, fixed: string, ids: number[] }[]
  fuzz: [text: string, fixed: string, idsHash: string][]
  sample: { file: string, count: number, hash: string, fixed: [row: number, fixed: string, ids: number[]][], naiveDiffers: number[] }
}

const goldens: TokenizerGoldens = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/tokenizer-goldens.json.gz', import.meta.url))).toString('utf8'))
const idsHash = (ids: number[]) => createHash('sha1').update(ids.join(',')).digest('hex').slice(0, 10)

describe('models: the paper\'s CLIP text cleaning (ftfy 6.3 fix_text, whitespace, lower case) before BPE', function () {
  this.timeout(300_000)

  describe('fixText: a port of ftfy.fix_text', () => {
    it(`gives ftfy ${goldens.ftfy}'s output on all ${goldens.adversarial.length} adversarial texts`, () => {
      expect(goldens.adversarial.length).to.be.above(400)
      const wrong = goldens.adversarial.filter((g) => fixText(g.text) !== g.fixed)
      expect(wrong.map((g) => [g.text, fixText(g.text), g.fixed])).to.deep.equal([])
      // The set really exercises the fixers: most texts change, in many different ways.
      expect(goldens.adversarial.filter((g) => g.fixed !== g.text).length).to.be.above(300)
    })

    it(`gives ftfy's output on all ${goldens.fuzz.length} seeded random texts of damaged pieces`, () => {
      expect(goldens.fuzz.length).to.equal(1000)
      const wrong = goldens.fuzz.filter(([text, fixed]) => fixText(text) !== fixed)
      expect(wrong.map(([text, fixed]) => [text, fixText(text), fixed])).to.deep.equal([])
    })

    it('follows ftfy on the documented examples (hand-checked against its docstrings)', () => {
      expect(fixText('âœ” No problems')).to.equal('✔ No problems')
      expect(fixText('&macr;\\_(ã\x83\x84)_/&macr;')).to.equal('¯\\_(ツ)_/¯')
      expect(fixText('Broken text&hellip; it&#x2019;s ﬂubberiﬁc!')).to.equal('Broken text… it\'s flubberific!')
      expect(fixText('ＬＯＵＤ　ＮＯＩＳＥＳ')).to.equal('LOUD NOISES')
      expect(fixText('&ntilde; &Ntilde; &NTILDE; &nTILDE;')).to.equal('ñ Ñ Ñ &nTILDE;')
      expect(fixText('voilÃ le travail')).to.equal('voilà le travail')
      // A '<' marks real HTML: entities stay, in that line and every later one.
      expect(fixText('a &amp; b\n<i> &amp;\n&amp;')).to.equal('a & b\n<i> &amp;\n&amp;')
    })
  })

  describe('on the real LAION sample', () => {
    let captions: string[]
    before(async function () {
      skipWithoutShared(this, `data/${goldens.sample.file}`)
      captions = []
      for await (const r of parquetRows(shared(`data/${goldens.sample.file}`), { columns: ['TEXT'] })) captions.push(r.TEXT as string)
    })

    it('fixText changes exactly the captions ftfy changes, to ftfy\'s text', () => {
      expect(captions.length).to.equal(goldens.sample.count)
      const fixed = new Map(goldens.sample.fixed.map(([row, text]) => [row, text]))
      const wrong: number[] = []
      captions.forEach((c, row) => { if (fixText(c) !== (fixed.get(row) ?? c)) wrong.push(row) })
      expect(wrong).to.deep.equal([])
    })

    it('the fast path (printable ASCII without & or <) equals the full cleaning', () => {
      let fast = 0
      for (const c of captions) {
        if (!/^[\t\n\f\r\x20-\x25\x27-\x3b\x3d-\x7e]*$/.test(c)) continue
        fast++
        expect(cleanClipText(c)).to.equal(fixText(c).replace(/\s+/g, ' ').trim().toLowerCase())
      }
      expect(fast).to.be.above(9000)
    })
  })

  describe('token ids through the product path (loadClip(...).tokenize)', () => {
    let clip: Clip
    before(async function () { ({ clip } = await openTinyClip(this)) })
    after(() => closeTinyClip(clip))

    it('equal the transcribed slow CLIPTokenizer\'s ids on every adversarial text', async () => {
      const got = await clip.tokenize(goldens.adversarial.map((g) => g.text))
      const wrong = goldens.adversarial.map((g, i) => ({ text: g.text, got: got[i], want: g.ids })).filter((w) => w.got.join() !== w.want.join())
      expect(wrong).to.deep.equal([])
    })

    it('equal the reference ids on the seeded random texts', async () => {
      const got = await clip.tokenize(goldens.fuzz.map(([text]) => text))
      const wrong = goldens.fuzz.filter(([, , hash], i) => idsHash(got[i]) !== hash).map(([text]) => text)
      expect(wrong).to.deep.equal([])
    })

    it('equal the reference ids on all 10,000 captions of the sample, and differ from tokenizer.json alone where the goldens say', async function () {
      skipWithoutShared(this, `data/${goldens.sample.file}`)
      const captions: string[] = []
      for await (const r of parquetRows(shared(`data/${goldens.sample.file}`), { columns: ['TEXT'] })) captions.push(r.TEXT as string)
      const got = await clip.tokenize(captions)
      const wrong = captions.map((_, row) => row).filter((row) => idsHash(got[row]) !== goldens.sample.hash.slice(row * 10, row * 10 + 10))
      expect(wrong).to.deep.equal([])
      for (const [row, , ids] of goldens.sample.fixed) expect(got[row], captions[row]).to.deep.equal(ids)

      // Without the cleaning (transformers.js on the raw caption) the ids differ on exactly the captions where the
      // reference script found tokenizer.json-style normalisation (NFC, whitespace, lower case) to differ.
      const { AutoTokenizer } = await import('@huggingface/transformers')
      const raw = await AutoTokenizer.from_pretrained(shared(TINY_CLIP)) as unknown as (t: string[], o: object) => { input_ids: { data: ArrayLike<bigint | number> } }
      const differs = captions.map((_, row) => row).filter((row) => {
        const ids = Array.from(raw([captions[row]], { truncation: true, max_length: 77 }).input_ids.data, Number)
        if (ids.length === 77) ids[76] = 49407
        return idsHash(ids) !== goldens.sample.hash.slice(row * 10, row * 10 + 10)
      })
      expect(differs).to.deep.equal(goldens.sample.naiveDiffers)
      expect(differs.length).to.be.above(0)
    })
  })
})
