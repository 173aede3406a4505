import { expect } from 'chai'
import { classifyImages, dataPath, loadClassifier, scorePredictions, wnidFromFileName, type Classifier } from '../../src/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { classInfoClasses } from './golden.js'
import { currentContext, projectContext } from '../../src/util/context.js'

// The real MobileNetV2 (int8, ONNX Model Zoo) on the 8 real ImageNet samples among the fixture images;
// the full 1000-sample run is in notebook 03_models and bench/models.ts.
const SAMPLES = ['n01440764_tench', 'n01443537_goldfish', 'n02123045_tabby', 'n02504458_African_elephant',
  'n03792782_mountain_bike', 'n04552348_warplane', 'n07747607_orange', 'n09472597_volcano'].map((s) => `${s}.JPEG`)

describe('models: MobileNetV2-int8 as a raw ONNX classifier (real weights)', function () {
  let classifier: Classifier
  before(async function () {
    skipWithoutShared(this, 'data/models/mobilenetv2-12-int8.onnx')
    const context = projectContext({ ...currentContext(), dataMirror: currentContext().dataMirror ?? shared('data') })
    classifier = await loadClassifier(await dataPath('models/mobilenetv2-12-int8.onnx', { context }), { classes: classInfoClasses() })
  })
  after(async () => {
    await classifier?.dispose()
  })

  it('puts the true class in the top 5 of all 8 samples and first in at least 5 (outputs in sorted-wnid order)', async () => {
    const files = SAMPLES.map((f) => shared(`fixtures/images/${f}`))
    const { predictions, errors } = await classifyImages(classifier, files, { batchSize: 3 })
    expect(errors).to.deep.equal([])
    const score = scorePredictions(predictions, files.map(wnidFromFileName))
    expect(score.n).to.equal(8)
    expect(score.top5).to.equal(1)
    expect(score.top1).to.be.at.least(5 / 8)
    for (const p of predictions) {
      const s = p!.top5.map((c) => c.score)
      expect(s).to.deep.equal([...s].sort((a, b) => b - a))
      expect(s.reduce((a, b) => a + b, 0)).to.be.at.most(1 + 1e-9)
    }
  })

  it('gives the same predictions whatever the batch size', async () => {
    const files = SAMPLES.slice(0, 4).map((f) => shared(`fixtures/images/${f}`))
    const one = await classifyImages(classifier, files, { batchSize: 1 })
    const four = await classifyImages(classifier, files, { batchSize: 4 })
    one.predictions.forEach((p, i) => {
      expect(p!.top5.map((c) => c.wnid)).to.deep.equal(four.predictions[i]!.top5.map((c) => c.wnid))
      p!.top5.forEach((c, k) => expect(Math.abs(c.score - four.predictions[i]!.top5[k].score)).to.be.below(1e-4))
    })
  })
})

describe('models: scorePredictions and wnidFromFileName', () => {
  const p = (file: string, score: number, ...wnids: string[]) => ({ file, top5: wnids.map((wnid, index) => ({ wnid, index, score: index === 0 ? score : 0.01 })) })

  it('counts top-1, top-5 and the confusions (most frequent, then most confident), leaving failed images out', () => {
    const s = scorePredictions([
      p('a', 0.9, 'x', 'y'), p('b', 0.5, 'y', 'x'), null, p('c', 0.25, 'y', 'z'), p('d', 0.75, 'q', 'r', 's', 't', 'u', 'z'), p('e', 0.3, 'y', 'z'),
    ], ['x', 'x', 'x', 'z', 'z', 'z'])
    expect(s.n).to.equal(5)
    expect(s.top1).to.equal(1 / 5)
    expect(s.top5).to.equal(4 / 5) // d has z sixth, outside its top 5
    expect(s.confusions).to.deep.equal([
      { trueWnid: 'z', predictedWnid: 'y', count: 2, meanScore: 0.275 },
      { trueWnid: 'z', predictedWnid: 'q', count: 1, meanScore: 0.75 },
      { trueWnid: 'x', predictedWnid: 'y', count: 1, meanScore: 0.5 },
    ])
  })

  it('reads the wnid at the start of a file name and says what it expected otherwise', () => {
    expect(wnidFromFileName('/x/n01440764_tench.JPEG')).to.equal('n01440764')
    expect(wnidFromFileName('n04552348.jpg')).to.equal('n04552348')
    expect(() => wnidFromFileName('/x/cat.jpg')).to.throw('classify: no wnid at the start of the file name "cat.jpg" (expected n01440764_... )')
  })
})
