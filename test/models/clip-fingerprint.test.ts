import { expect } from 'chai'
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkClipWeights, trustedClipVerdict } from '../../src/models/clip-fingerprint.js'
import { loadClip, type Clip } from '../../src/models/clip.js'
import { readNpy } from '../../src/io/npy.js'
import { projectContext, type LaionetContext } from '../../src/util/context.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

// A stand-in CLIP whose image embeddings are the released ViT-B/32 ones of the golden images, in the order given by
// `order` (identity: the real model's answers; a permutation: another model's). Its text tower answers 512 zeros and a 1.
function releasedClip(order: number[]): Clip {
  const released = readNpy(shared('data/clip/golden-real/image_embeds_vit_b32.npy'))
  let next = 0
  return {
    id: 'stand-in', source: { kind: 'folder', spec: 'stand-in', name: 'stand-in', root: '/', path: '/', remote: false, remoteHost: 'https://huggingface.co/' },
    dtype: 'fp32', cacheKey: 'stand-in', device: 'cpu', batchSize: { text: 8, image: 8 },
    tokenize: async () => [],
    embedTextBatch: async (texts) => ({ data: new Float32Array(texts.length * 512).fill(1 / Math.sqrt(512)), rows: texts.length, dim: 512 }),
    embedImageBatch: async (images) => {
      const { data, shape } = await released
      const d = shape[1]
      const out = new Float32Array(images.length * d)
      images.forEach((_, i) => out.set((data as Float32Array).subarray(order[next + i] * d, (order[next + i] + 1) * d), i * d))
      next += images.length
      return { data: out, rows: images.length, dim: d }
    },
    embedPixelBatch: async () => { throw new Error('not used') },
    preprocess: async () => { throw new Error('not used') },
    dispose: async () => undefined,
  }
}

describe('CLIP weights fingerprint (is it ViT-B/32?)', function () {
  this.timeout(120_000)
  let dir: string
  let context: LaionetContext
  let model: string
  before(function () {
    skipWithoutShared(this, 'data/clip/golden-real/files.json')
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip/config.json')
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-fingerprint-'))
    context = projectContext({ cacheDir: join(dir, 'cache'), dataMirror: shared('data'), keyFile: join(dir, 'key', 'verdict.key') })
    model = join(dir, 'tiny-clip')
    cpSync(shared('fixtures/models/tiny-random-clip'), model, { recursive: true })
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('the tiny random CLIP fails it, and the signed verdict is reused for the same files', async () => {
    const clip = await loadClip(model, { context, offline: true })
    try {
      const check = await checkClipWeights(clip, model, { context })
      expect([check.verified, check.dim, check.cached, check.reason]).to.deep.equal([false, 16, false, 'weights are not ViT-B/32: image embeddings have 16 dimensions, ViT-B/32\'s have 512'])
      expect(Number.isNaN(check.cosine)).to.equal(true)
      // The key was made outside the cache, readable by its owner only.
      expect(readFileSync(context.keyFile).length).to.equal(32)
      expect(statSync(context.keyFile).mode & 0o777).to.equal(0o600)
      const again = trustedClipVerdict(model, { context }).check
      expect(again).to.deep.include({ verified: false, cached: true, modelFiles: check.modelFiles })
    } finally {
      await clip.dispose()
    }
  })

  it('the released embeddings pass it (cosine 1); another model\'s answers fail it with their cosine', async () => {
    const real = await checkClipWeights(releasedClip([0, 1, 2, 3, 4, 5, 6]), model, { context })
    expect([real.verified, real.dim]).to.deep.equal([true, 512])
    expect(real.cosine).to.be.closeTo(1, 1e-6)
    expect(real.reason).to.equal('weights verified as ViT-B/32: fingerprint cosine 1.0000 (>= 0.99 on 7 images)')
    // Another folder (its own verdict): each image answered with another image's embedding.
    const other = join(dir, 'other-clip')
    cpSync(model, other, { recursive: true })
    const wrong = await checkClipWeights(releasedClip([1, 2, 3, 4, 5, 6, 0]), other, { context })
    expect(wrong.verified).to.equal(false)
    // The smallest cosine between two different released image embeddings, computed here by hand from the npy.
    const { data, shape } = await readNpy(shared('data/clip/golden-real/image_embeds_vit_b32.npy'))
    const d = shape[1]
    const v = (i: number) => Array.from((data as Float32Array).subarray(i * d, (i + 1) * d))
    const cos = (a: number[], b: number[]) => a.reduce((s, x, k) => s + x * b[k], 0) / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0))
    const expected = Math.min(...[0, 1, 2, 3, 4, 5, 6].map((i) => cos(v(i), v((i + 1) % 7))))
    expect(wrong.cosine).to.be.closeTo(expected, 1e-5)
    expect(wrong.reason).to.equal(`weights are not ViT-B/32: fingerprint cosine ${expected.toFixed(2)} (>= 0.99 required on 7 images)`)
  })

  it('a doctored cache entry is not trusted, and the weights are checked again', async () => {
    await checkClipWeights(releasedClip([1, 2, 3, 4, 5, 6, 0]), model, { context })
    const folder = join(context.cacheDir, 'clip-verdicts')
    const file = join(folder, readdirSync(folder)[0])
    const entry = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...entry, verified: true, cosines: entry.cosines.map(() => 1) }))
    const distrusted = trustedClipVerdict(model, { context })
    expect(distrusted).to.deep.equal({ check: null, distrusted: `the cached verdict ${file} is not trusted: its signature does not verify (edited, or made on another machine)` })
    // An entry signed with another machine's key is refused the same way.
    const foreign = projectContext({ ...context, keyFile: join(dir, 'other-key') })
    writeFileSync(foreign.keyFile, Buffer.alloc(32, 7))
    writeFileSync(file, JSON.stringify(entry))
    expect(trustedClipVerdict(model, { context: foreign }).check).to.equal(null)
    // A key too short to sign anything is not used: no verdict is trusted, and writing one says how to fix it.
    const weak = projectContext({ ...context, keyFile: join(dir, 'weak-key') })
    writeFileSync(weak.keyFile, '')
    expect(trustedClipVerdict(model, { context: weak }).check).to.equal(null)
    const refused = await checkClipWeights(releasedClip([1, 2, 3, 4, 5, 6, 0]), model, { context: weak }).then(() => null, (e: Error) => e)
    expect(refused?.message).to.equal(`clip: the verdict key ${weak.keyFile} holds 0 bytes (expected 32 random bytes). Delete ${weak.keyFile}; a new key is made on the next check`)
    // With the doctored entry in place the check runs again, and its verdict stands.
    writeFileSync(file, JSON.stringify({ ...entry, verified: true, cosines: entry.cosines.map(() => 1) }))
    const rechecked = await checkClipWeights(releasedClip([1, 2, 3, 4, 5, 6, 0]), model, { context })
    expect([rechecked.verified, rechecked.cached, rechecked.distrusted]).to.deep.equal([false, false, distrusted.distrusted])
  })

  it('a changed model file voids the verdict', async () => {
    await checkClipWeights(releasedClip([0, 1, 2, 3, 4, 5, 6]), model, { context })
    expect(trustedClipVerdict(model, { context }).check?.verified).to.equal(true)
    appendFileSync(join(model, 'config.json'), ' ')
    const after = trustedClipVerdict(model, { context })
    expect(after.check).to.equal(null)
    expect(after.distrusted).to.match(/is not trusted: the model files changed since$/)
  })
})
