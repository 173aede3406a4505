import { expect } from 'chai'
import { type Clip } from '../../src/index.js'
import { capWords, cutForTokens, prefixAtSpace } from '../../src/models/clip-truncate.js'
import { parquetRows } from '../../src/io/parquet-row-groups.js'
import { cleanClipText } from '../../src/models/text-clean.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { clipGolden, closeTinyClip, openTinyClip, TINY_CLIP } from './golden.js'

type Tok = (texts: string[], o: Record<string, unknown>) => { input_ids: { data: ArrayLike<number | bigint> } }

// The reference: transformers.js's own tokenizer on the WHOLE cleaned text (no cut; the cleaning of the paper's
// tokenizer, text-clean.ts, is tested against its goldens in text-clean.test.ts), then end-of-text kept last as the
// Python tokenizer does (position 76 of a truncated row).
async function referenceTokenizer(): Promise<(text: string) => number[]> {
  const { AutoTokenizer } = await import('@huggingface/transformers')
  const tok = await AutoTokenizer.from_pretrained(shared(TINY_CLIP)) as unknown as Tok
  return (text) => {
    const ids = Array.from(tok([cleanClipText(text)], { truncation: true, max_length: 77 }).input_ids.data, Number)
    if (ids.length === 77) ids[76] = 49407
    return ids
  }
}

const pseudoRandomLetters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7919 + (i >> 3)) % 26))).join('')

describe('models: CLIP long captions are cut before tokenising, keeping the first 77 tokens', function () {
  this.timeout(120_000)
  let clip: Clip
  let reference: (text: string) => number[]
  let real: string[]
  before(async function () {
    ({ clip } = await openTinyClip(this))
    skipWithoutShared(this, 'data/laion/laion400m-sample-10000.parquet')
    reference = await referenceTokenizer()
    real = []
    for await (const r of parquetRows(shared('data/laion/laion400m-sample-10000.parquet'), { columns: ['TEXT'] })) if (typeof r.TEXT === 'string') real.push(r.TEXT)
  })
  after(() => closeTinyClip(clip))

  it('leaves the 57 golden texts and the real captions untouched: the reference ids exactly', async () => {
    const golden = clipGolden().texts
    const ids = await clip.tokenize(golden.map((t) => t.text))
    golden.forEach((t, i) => expect(ids[i], t.text).to.deep.equal(t.input_ids))
    const longest = [...real].sort((a, b) => b.length - a.length).slice(0, 50)
    expect(longest[0].length).to.be.above(1000)
    const got = await clip.tokenize(longest)
    longest.forEach((t, i) => expect(got[i]).to.deep.equal(reference(t)))
  })

  it('gives the ids of the whole text on long runs of real captions (22k to 200k characters)', async () => {
    for (const count of [400, 1000, 3500]) {
      const text = real.slice(0, count).join(' ')
      expect(text.length).to.be.above(20_000)
      expect((await clip.tokenize([text]))[0], `${count} captions`).to.deep.equal(reference(text))
    }
    // Line breaks, tabs and runs of spaces between the captions (whitespace is cut at, then collapsed).
    const mixed = real.slice(0, 600).join('\n\t  ')
    expect((await clip.tokenize([mixed]))[0]).to.deep.equal(reference(mixed))
  })

  const adversarial: Record<string, () => string> = {
    'one letter repeated (a single 30k-character word)': () => 'a'.repeat(30_000),
    'pseudo-random letters, no whitespace': () => pseudoRandomLetters(30_000),
    'a repeated syllable': () => 'banana'.repeat(5000),
    'emoji (4-byte characters, the longest vocabulary tokens)': () => '😂😍🇺🇸'.repeat(5000),
    'digits (one piece each)': () => '1234567890'.repeat(3000),
    'real captions with their whitespace removed': () => real.slice(0, 400).join('').replace(/\s/g, ''),
    'mostly whitespace': () => ('x' + ' '.repeat(5000)).repeat(100),
    'combining accents before each space': () => 'cafe\u0301 '.repeat(8000),
    'contractions and punctuation': () => "it's a dog's life, isn't it?! ".repeat(2000),
    'special tokens inside the text': () => 'photo <|endoftext|> of <|startoftext|> '.repeat(3000),
    'words separated by ideographic spaces only (not cut at)': () => 'word\u3000'.repeat(6000),
    'long words between short ones': () => `${pseudoRandomLetters(9000)} cat `.repeat(20),
  }
  for (const [name, make] of Object.entries(adversarial)) {
    it(`gives the ids of the whole text on an adversarial caption: ${name}`, async () => {
      const text = make()
      expect(text.length).to.be.above(4096)
      expect((await clip.tokenize([text]))[0]).to.deep.equal(reference(text))
    })
  }

  it('tokenises a 10 MB caption to the ids of its first 100k characters (the whole would exhaust the heap)', async () => {
    const text = real.join(' ').repeat(8).slice(0, 10_000_000)
    const [ids] = await clip.tokenize([text])
    expect(ids).to.deep.equal(reference(text.slice(0, 100_000)))
    const [word] = await clip.tokenize(['x'.repeat(10_000_000)])
    expect(word).to.deep.equal(reference('x'.repeat(50_000)))
  })

  it('cleans a caption over 1,000,000 characters only as far as needed, with the ids of cleaning it whole', async () => {
    const { AutoTokenizer } = await import('@huggingface/transformers')
    const tok = await AutoTokenizer.from_pretrained(shared(TINY_CLIP)) as unknown as (t: string[], o: object) => { input_ids: { data: ArrayLike<number | bigint>, dims: number[] } }
    const count = (t: string) => tok([t], { add_special_tokens: false }).input_ids.dims[1]
    const whole = (t: string) => {
      const ids = Array.from(tok([cutForTokens(cleanClipText(t), count)], { truncation: true, max_length: 77 }).input_ids.data, Number)
      if (ids.length === 77) ids[76] = 49407
      return ids
    }
    const cases: Record<string, string> = {
      // ftfy's segments: 1,000,000 code points of a line; the cleaned first one has the tokens.
      'mojibake in one 1.1M-character line': 'CafÃ© Ð¿Ñ€Ð¸Ð²ÐµÑ‚ '.repeat(62_000),
      'a first segment that cleans to nothing (control characters)': '\x00'.repeat(1_000_000) + ' Ã© word'.repeat(20_000),
      'whitespace, then words ending in sigma at segment ends': ' '.repeat(1_000_000) + 'ΑΣ ΣΑΣ Ã© '.repeat(20_000),
      'no whitespace for 1.04M characters': 'Ã©'.repeat(520_000) + ' tail words here',
      'astral characters (a code point is two UTF-16 units)': '😀Ã© '.repeat(260_000),
      // Whether a segment is fixed depends on all of it: '中' has no byte in MacRoman, so the first segment (which
      // holds it) stays as it is while the second is repaired; a cut elsewhere than ftfy's would change the ids.
      'MacRoman mojibake, the first segment unfixable as a whole': 'caf√© '.repeat(166_666) + '中 xx' + 'caf√© '.repeat(10_000),
      'line feeds: segments end at each one': 'Ã© line\n'.repeat(130_000),
      'a special token after the first segment': 'Ã© x '.repeat(210_000) + '<|endoftext|>' + 'y '.repeat(10),
      'a special token inside the first segment': 'Ã© x '.repeat(10) + '<|endoftext|>' + 'Ã© y '.repeat(210_000),
    }
    for (const [name, text] of Object.entries(cases)) {
      expect(text.length, name).to.be.above(1_000_000)
      expect((await clip.tokenize([text]))[0], name).to.deep.equal(whole(text))
    }
  })

  it('cutForTokens: short texts unchanged with no token count; a prefix cut before ASCII whitespace', () => {
    let calls = 0
    const words = (t: string) => { calls++; return t.split(' ').length }
    expect(cutForTokens('a photo of a cat', words)).to.equal('a photo of a cat')
    expect(calls).to.equal(0)
    const long = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ')
    const cut = cutForTokens(long, words)
    expect(long.startsWith(cut)).to.equal(true)
    expect(long[cut.length]).to.equal(' ')
    expect(cut.length).to.be.at.most(4096)
    // Too few tokens in the first prefix: the limit doubles until 75 are in.
    const sparse = Array.from({ length: 200 }, (_, i) => `w${i}` + ' '.repeat(100)).join('')
    expect(cutForTokens(sparse, (t) => t.split(/ +/).filter(Boolean).length).split(/ +/).filter(Boolean).length).to.be.at.least(75)
  })

  it('capWords cuts runs without ASCII whitespace to the cap; prefixAtSpace finds the last ASCII whitespace', () => {
    expect(capWords('abcdef gh ijklmnop', 4)).to.equal('abcd gh ijkl')
    expect(capWords('abc de', 4)).to.equal('abc de')
    expect(prefixAtSpace('ab cd\tef', 7)).to.equal('ab cd')
    expect(prefixAtSpace('ab\u3000cd', 5)).to.equal('')
  })
})
