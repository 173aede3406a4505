import { expect } from 'chai'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkImageEncoderWeights, dogPairAuc, ENCODER_CHECK_MIN_AUC, trustedEncoderVerdict } from '../../src/models/encoder-fingerprint.js'
import { loadImageEncoder } from '../../src/models/image-encoder.js'
import { projectContext, type LaionetContext } from '../../src/util/context.js'
import { requireMirror, shared } from '../helpers/shared.js'
import { defaultConfig } from '../../src/config/defaults.js'
import { imageEncodersTier } from '../../src/config/resolve-encoders.js'
import { encoderFixture } from './encoders.js'

describe('image encoder weights check (pretrained features separate dogs from the rest)', function () {
  this.timeout(300_000)

  it('computes the dog/other AUC over pair cosines (hand-computed)', () => {
    // 2 dogs (rows 0, 1) and 2 others, 2-d.
    const X = [1, 0, 1, 0, 0, 1, 0.6, 0.8]
    // pos = [cos(0,1) = 1]; neg = [cos(0,2) = 0, cos(0,3) = 0.6, cos(1,2) = 0, cos(1,3) = 0.6]: 1 beats all four.
    expect(dogPairAuc(X, 2, 4, 2)).to.equal(1)
    const Y = [1, 0, 0, 1, 1, 0, 0.6, 0.8]
    // pos = [0]; neg = [1, 0.6, 0, 0.8]: wins 0, one tie: 0.5 / 4.
    expect(dogPairAuc(Y, 2, 4, 2)).to.equal(0.125)
  })

  describe('on the tiny random fixtures', () => {
    let dir: string
    let context: LaionetContext
    before(function () { requireMirror(this) })
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'laionet-enc-fp-'))
      context = projectContext({ cacheDir: join(dir, 'cache'), dataMirror: shared('data'), keyFile: join(dir, 'key', 'verdict.key') })
    })
    afterEach(() => rmSync(dir, { recursive: true, force: true }))

    for (const which of ['vit', 'convnext', 'beit'] as const) {
      it(`the tiny random ${which} fails (AUC near chance), and its verdict is signed and reused`, async function () {
        const model = join(dir, which)
        cpSync(encoderFixture(this, which), model, { recursive: true })
        const encoder = await loadImageEncoder(model, { offline: true })
        try {
          const check = await checkImageEncoderWeights(encoder, model, { context })
          expect(check.verified).to.equal(false)
          expect(check.auc).to.be.within(0.4, 0.6) // measured 0.554, 0.482, 0.536; the bar is 0.75
          expect(check.auc).to.be.below(ENCODER_CHECK_MIN_AUC)
          expect(check.cached).to.equal(false)
          const again = trustedEncoderVerdict(model, { context })
          expect([again.check?.verified, again.check?.cached, again.check?.auc]).to.deep.equal([false, true, check.auc])
          // The source resolution reads the verdict without loading the model: fixture, with the AUC as the reason.
          const config = defaultConfig()
          config.models.imageEncoders = { [which]: model }
          expect(imageEncodersTier(config, context)).to.deep.equal({ tier: 'fixture', reason: `${which}: ${check.reason}` })
          expect(imageEncodersTier(config, { ...context, cacheDir: join(dir, 'other-cache') }).reason).to.equal(`${which}: weights not yet checked (an intra-class run checks them)`)
        } finally {
          await encoder.dispose()
        }
      })
    }

    it('a doctored cache entry (verified: true, a higher AUC, another key, changed files) is not trusted', async function () {
      const model = join(dir, 'vit')
      cpSync(encoderFixture(this, 'vit'), model, { recursive: true })
      const encoder = await loadImageEncoder(model, { offline: true })
      try {
        await checkImageEncoderWeights(encoder, model, { context })
      } finally {
        await encoder.dispose()
      }
      const folder = join(context.cacheDir, 'encoder-verdicts')
      const file = join(folder, readdirSync(folder)[0])
      const original = readFileSync(file, 'utf8')
      const entry = JSON.parse(original)
      writeFileSync(file, JSON.stringify({ ...entry, auc: 0.95, verified: true }))
      expect(trustedEncoderVerdict(model, { context }).check).to.equal(null)
      expect(trustedEncoderVerdict(model, { context }).distrusted).to.contain('signature does not verify')
      writeFileSync(file, JSON.stringify({ ...entry, verified: true }))
      expect(trustedEncoderVerdict(model, { context }).check).to.equal(null)
      // The untouched entry under another machine's key.
      writeFileSync(file, original)
      expect(trustedEncoderVerdict(model, { context: { ...context, keyFile: join(dir, 'other.key') } }).check).to.equal(null)
      // New weights under the same path.
      expect(trustedEncoderVerdict(model, { context }).check).to.not.equal(null)
      writeFileSync(join(model, 'config.json'), readFileSync(join(model, 'config.json'), 'utf8') + '\n')
      expect(trustedEncoderVerdict(model, { context }).distrusted).to.contain('the model files changed since')
    })
  })
})
