import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { classifyImages, embedImages, loadClassifier, PAPER_ZERO_SHOT, zeroShotClassifier, type Clip } from '../../src/index.js'
import { decodeImage } from '../../src/models/decode-image.js'
import type { DecodedImage } from '../../src/models/types.js'
import { paperZeroShotOutcomes } from '../../src/models/zero-shot-classifier.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { TINY_CLIP, classInfoClasses, clipGolden, closeTinyClip, openTinyClip, unit } from './golden.js'

describe('models: CLIP zero-shot classifier (tiny random CLIP)', function () {
  let clip: Clip
  before(async function () {
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    clip = (await openTinyClip(this)).clip
  })
  after(() => closeTinyClip(clip))

  it('scores each class by 100 x cosine(image, golden synset-text embedding), with the paper\'s synset texts', async () => {
    const all = classInfoClasses()
    // Golden texts 0 and 1 are the synset texts of cougar (n02125311) and tench (n01440764).
    const classes = ['n02125311', 'n01440764'].map((w) => all.find((c) => c.wnid === w)!)
    const golden = clipGolden()
    const zs = await zeroShotClassifier(clip, classes, { cache: false })
    const file = shared('fixtures/images/416_264.jpg')
    const [logits] = await zs.logits([await decodeImage(file)])
    const img = unit((await embedImages(clip, [file], { cache: false, normalize: false })).data)
    ;[0, 1].forEach((c) => {
      const text = unit(golden.texts[c].text_embeds)
      const want = 100 * img.reduce((s, v, j) => s + v * text[j], 0)
      expect(Math.abs(logits[c] - want)).to.be.below(1e-2)
    })
  })

  it('embeds each decoded image once: a second pass reads the embedding cache and gives the same logits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laionet-zero-shot-cache-'))
    try {
      let calls = 0
      const counting: Clip = Object.assign(Object.create(clip) as Clip, { embedImageBatch: (ims: DecodedImage[]) => { calls++; return clip.embedImageBatch(ims) } })
      const zs = await zeroShotClassifier(counting, classInfoClasses(), { cache: dir, batchSize: 250 })
      const images = await Promise.all(['416_264.jpg', 'gray_tench.jpg'].map((f) => decodeImage(shared(`fixtures/images/${f}`))))
      const first = await zs.logits(images)
      const second = await zs.logits(images)
      expect(calls).to.equal(1)
      expect(second).to.deep.equal(first)
      const uncached = await (await zeroShotClassifier(clip, classInfoClasses(), { cache: false, batchSize: 250 })).logits(images)
      expect(first).to.deep.equal(uncached)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('classifies like any classifier over the 1000 classes and never predicts an excluded class', async () => {
    const classes = classInfoClasses()
    const files = ['n01440764_tench.JPEG', 'gray_tench.jpg'].map((f) => shared(`fixtures/images/${f}`))
    const plain = await zeroShotClassifier(clip, classes, { cache: false, batchSize: 250 })
    const first = await classifyImages(plain, files, { topK: 3 })
    expect(first.predictions.map((p) => p!.top5.length)).to.deep.equal([3, 3])
    const banned = first.predictions[0]!.top5[0].wnid
    const zs = await zeroShotClassifier(clip, classes, { cache: false, batchSize: 250, exclude: [banned] })
    const { predictions } = await classifyImages(zs, files)
    expect(predictions[0]!.top5.map((c) => c.wnid)).to.not.include(banned)
    expect(predictions[0]!.top5[0].wnid).to.equal(first.predictions[0]!.top5[1].wnid)
  })

  it("classList 'paper' (default) is the authors' 999 classes: the machine crane n03126707 is never predicted; 'all' keeps it", async () => {
    const all = classInfoClasses()
    const crane = all.findIndex((c) => c.wnid === 'n03126707')
    const file = await decodeImage(shared('fixtures/images/416_264.jpg'))
    const [paper] = await (await zeroShotClassifier(clip, all, { cache: false, batchSize: 250 })).logits([file])
    const [ours] = await (await zeroShotClassifier(clip, all, { cache: false, batchSize: 250, classList: 'all' })).logits([file])
    expect(paper[crane]).to.equal(-Infinity)
    expect(Number.isFinite(ours[crane])).to.equal(true)
    const others = Array.from(paper).filter((_, i) => i !== crane)
    expect(others).to.deep.equal(Array.from(ours).filter((_, i) => i !== crane))
    const err = await zeroShotClassifier(clip, all, { classList: 'some' as never }).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('classify: classList "some" (expected \'paper\' or \'all\')')
  })

  it("the authors' evaluation gives the husky and machine-crane images no prediction (as the released parquet's 100 CLIP nulls)", () => {
    expect(PAPER_ZERO_SHOT.noPrediction).to.deep.equal(['n02110185', 'n03126707'])
    expect(paperZeroShotOutcomes(['n02110185', 'n01440764', 'n03126707', 'n02125311'], [true, false, true, true])).to.deep.equal([null, false, null, true])
    expect(() => paperZeroShotOutcomes(['a'], [])).to.throw('classify: 1 labels but 0 outcomes (expected one outcome per image)')
  })

  it('is what loadClassifier returns for a CLIP folder', async () => {
    const zs = await loadClassifier(shared(TINY_CLIP), { classes: classInfoClasses().slice(0, 10) })
    expect(zs.kind).to.equal('zero-shot')
    const [row] = await zs.logits([await decodeImage(shared('fixtures/images/123_456.jpg'))])
    expect(row.length).to.equal(10)
    await zs.dispose()
  })

  it('needs a definition for each class when no texts are given', async () => {
    const err = await zeroShotClassifier(clip, [{ index: 0, wnid: 'n01440764', lemmas: ['tench'] }]).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal('classify: class n01440764 has no definition for its synset text; pass classes from loadImageNetClasses() or options.texts')
  })
})
