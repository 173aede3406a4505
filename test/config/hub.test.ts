import { expect } from 'chai'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHubServer, type HubServer } from '../../scripts/rehearsal/hub-server.js'
import { configContext } from '../../src/config/context.js'
import { describeTiers } from '../../src/config/describe-tiers.js'
import { parseConfig } from '../../src/config/parse-config.js'
import { resolveClip } from '../../src/config/resolve-clip.js'
import { loadConfiguredClip } from '../../src/experiments/text-filter-model.js'
import { embedTexts } from '../../src/models/embed-texts.js'
import { projectContext } from '../../src/util/context.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

describe('the model hub path (models.allowRemoteModels, models.remoteHost)', function () {
  this.timeout(180_000)
  let dir: string
  let hub: HubServer
  before(async function () {
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip/config.json')
    skipWithoutShared(this, 'data/clip/golden-real/files.json')
    // The tiny random CLIP, served under the real model's name.
    hub = await startHubServer({ 'Xenova/clip-vit-base-patch32': shared('fixtures/models/tiny-random-clip') })
    dir = mkdtempSync(join(tmpdir(), 'laionet-hub-'))
  })
  after(async () => {
    await hub?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const hubConfig = () => parseConfig({ cacheDir: join(dir, 'cache'), outDir: join(dir, 'out'), dataMirror: shared('data'), models: { clip: 'Xenova/clip-vit-base-patch32', allowRemoteModels: true, remoteHost: hub.url } })
  const contextOf = (config: ReturnType<typeof hubConfig>) => configContext(config, projectContext({ keyFile: join(dir, 'verdict.key') }))

  it('downloads the model from the configured hub into the model cache, and the real name earns nothing: fixture', async () => {
    const config = hubConfig()
    const context = contextOf(config)
    const clip = await resolveClip(config, { context })
    expect(hub.requests.filter((r) => r.startsWith('200 ')).map((r) => r.slice(4)).sort()).to.include.members([
      '/Xenova/clip-vit-base-patch32/resolve/main/config.json',
      '/Xenova/clip-vit-base-patch32/resolve/main/onnx/text_model.onnx',
      '/Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model.onnx',
      '/Xenova/clip-vit-base-patch32/resolve/main/tokenizer.json',
      '/Xenova/clip-vit-base-patch32/resolve/main/preprocessor_config.json',
    ])
    expect(existsSync(join(dir, 'cache', 'models', 'Xenova', 'clip-vit-base-patch32', 'onnx', 'vision_model.onnx'))).to.equal(true)
    expect([clip.tier, clip.spec, clip.check?.verified, clip.check?.cached]).to.deep.equal(['fixture', 'Xenova/clip-vit-base-patch32', false, false])
    expect(clip.reason).to.equal(`CLIP weights Xenova/clip-vit-base-patch32 from the model hub ${hub.url}; weights are not ViT-B/32: image embeddings have 16 dimensions, ViT-B/32's have 512`)
    // Every CLIP-derived part of the tier table says fixture, with the fingerprint's reason.
    const filter = describeTiers(config).find((t) => t.experiment === 'laionet-filter')!
    expect(filter.tier).to.equal('fixture')
    expect(filter.reason).to.contain('weights are not ViT-B/32')
  })

  it('a second run reuses the cached model and the cached verdict: no request reaches the hub', async () => {
    const before = hub.requests.length
    const config = hubConfig()
    const context = contextOf(config)
    const clip = await resolveClip(config, { context })
    expect([clip.tier, clip.check?.cached]).to.deep.equal(['fixture', true])
    expect(clip.reason).to.equal(`CLIP weights Xenova/clip-vit-base-patch32 from the model cache ${join(dir, 'cache', 'models', 'Xenova', 'clip-vit-base-patch32')}; weights are not ViT-B/32: image embeddings have 16 dimensions, ViT-B/32's have 512 (cached verdict)`)
    // Loading and running it, as an experiment does, also stays off the network.
    const model = await loadConfiguredClip(config)
    try {
      expect([model.spec, model.tier]).to.deep.equal(['Xenova/clip-vit-base-patch32', 'fixture'])
      const e = await embedTexts(model.clip, ['a photo of a tench'], { cache: false })
      expect(e.dim).to.equal(16)
    } finally {
      await model.clip.dispose()
    }
    expect(hub.requests.slice(before)).to.deep.equal([])
  })
})
