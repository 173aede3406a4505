import { expect } from 'chai'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HUB_LAYOUT, rehearseHub } from '../../scripts/rehearsal/hub-step.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

// The rehearsal's hub step on a small base configuration (no LAION parts: the construction builds the 10,000-caption
// sample through the hub), as `npm run rehearse` runs it on the full rehearsal configuration.
describe('rehearsal: the model hub path (scripts/rehearsal/hub-step.ts)', function () {
  this.timeout(300_000)
  let root: string
  before(function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip/config.json')
    skipWithoutShared(this, 'data/clip/golden-real/files.json')
    root = mkdtempSync(join(tmpdir(), 'laionet-hub-step-'))
  })
  after(() => { if (root) rmSync(root, { recursive: true, force: true }) })

  it('downloads once, reuses without a request, builds through the hub, and no CLIP-derived number is real', async () => {
    const base = join(root, 'laionet.config.json')
    writeFileSync(base, JSON.stringify({ dataMirror: shared('data'), cacheDir: join(root, 'cache'), models: { clip: shared('fixtures/models/tiny-random-clip') } }))
    const lines: string[] = []
    const result = await rehearseHub(root, base, (l) => lines.push(l))
    expect(result.problems).to.deep.equal([])
    expect(result.ok).to.equal(true)
    // config.json, tokenizer.json, tokenizer_config.json, preprocessor_config.json and the two fp32 towers at least.
    expect(result.firstRequests).to.be.at.least(6)
    expect(result.secondRequests).to.equal(0)
    expect(result.clip).to.deep.equal({ tier: 'fixture', cached: true, reason: `CLIP weights Xenova/clip-vit-base-patch32 from the model cache ${join(root, HUB_LAYOUT.cache, 'models', 'Xenova', 'clip-vit-base-patch32')}; weights are not ViT-B/32: image embeddings have 16 dimensions, ViT-B/32's have 512 (cached verdict)` })
    // Lemma matching reads no model (real: captions searched, matched, their share) and the threshold is the build's
    // own setting (real); everything after the text filter went through the served CLIP (fixture); the released
    // label pickles give Appendix B and the class counts (released).
    expect(result.constructionTiers.real).to.equal(4)
    expect(result.constructionTiers.released).to.equal(6)
    expect(result.constructionTiers.fixture).to.be.greaterThan(5)
    const written = JSON.parse(readFileSync(join(root, HUB_LAYOUT.config), 'utf8'))
    expect(written.models).to.deep.include({ clip: 'Xenova/clip-vit-base-patch32', allowRemoteModels: true })
    expect(written.models.remoteHost).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(existsSync(join(root, HUB_LAYOUT.key))).to.equal(true)
  })
})
