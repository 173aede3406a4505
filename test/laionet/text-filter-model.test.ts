import { expect } from 'chai'
import { clipTextEmbedder, textFilterTier } from '../../src/index.js'
import { dot } from '../../src/util/vectors.js'
import { loadTextFilterModel } from '../../src/experiments/text-filter-model.js'
import type { TextFilterModel } from '../../src/experiments/text-filter-model.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { tempDir } from './helpers.js'

describe('laionet text filter model (tiny random CLIP fixture)', function () {
  this.timeout(60_000)
  const dir = tempDir()
  let model: TextFilterModel | undefined
  before(function () { skipWithoutShared(this, 'fixtures/models/tiny-random-clip') })
  after(async () => { await model?.clip.dispose() })

  it('falls back to the fixture CLIP, marked fixture, when no real CLIP is on disk', async () => {
    expect(textFilterTier({ spec: '/nonexistent/clip-folder' })).to.equal('fixture')
    expect(textFilterTier({ spec: shared('fixtures/models/tiny-random-clip') })).to.equal('fixture')
    model = await loadTextFilterModel({ spec: '/nonexistent/clip-folder' })
    expect(model.tier).to.equal('fixture')
    expect(model.spec).to.equal(shared('fixtures/models/tiny-random-clip'))
  })

  it('embeds unit vectors, cached by content so a rerun embeds nothing', async () => {
    const texts = ['cougar which is large American feline resembling a lion', 'a puma in the snow', 'PUMA sneakers']
    let batches = 0
    const embed = clipTextEmbedder(model!.clip, { cache: dir(), onBatch: () => { batches++ } })
    const first = await embed(texts)
    expect(first).to.have.length(3)
    for (const v of first) expect(dot(v, v)).to.be.closeTo(1, 1e-5)
    expect(batches).to.be.greaterThan(0)
    const before = batches
    const second = await embed(texts)
    expect(batches).to.equal(before)
    expect(second.map((v) => Array.from(v))).to.deep.equal(first.map((v) => Array.from(v)))
  })
})
