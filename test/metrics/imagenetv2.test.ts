import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { IMAGENETV2_SETS, loadImageNetV2Accuracy, type ImageNetV2Accuracy } from '../../src/index.js'
import { imageNetV2Accuracy } from '../../src/metrics/imagenetv2.js'
import { hasShared, shared, skipWithoutShared } from '../helpers/shared.js'

describe('metrics/imagenetv2', () => {
  const wnids = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']

  it('scores top-1 and top-5 from prediction rows (hand-computed)', () => {
    const dataset = { image_filenames: [['x', 'n1'], ['y', 'n4'], ['z', 'n0']] as [string, string][] }
    const predictions = { shape: [3, 5], data: new BigInt64Array([1n, 2n, 3n, 4n, 5n, 0n, 4n, 1n, 2n, 3n, 5n, 4n, 3n, 2n, 1n]) }
    // image x: top-1 hit; y: n4 second; z: n0 absent
    expect(imageNetV2Accuracy(dataset, predictions, wnids)).to.deep.equal({ top1: 1 / 3, top5: 2 / 3, images: 3 })
  })

  it('names the file and the row when shapes or classes do not fit', () => {
    const dataset = { image_filenames: [['x', 'n9']] as [string, string][] }
    expect(() => imageNetV2Accuracy(dataset, { shape: [2, 5], data: new BigInt64Array(10) }, wnids, 'set/m.npy'))
      .to.throw('imagenetv2: set/m.npy has shape [2, 5] (expected [1, 5]: one row of top-5 classes per image of the dataset file)')
    expect(() => imageNetV2Accuracy(dataset, { shape: [1, 5], data: new BigInt64Array(5) }, wnids, 'set/m.npy'))
      .to.throw('imagenetv2: set/m.npy: row 0 has wnid "n9", which is not one of the 6 classes')
  })

  it('lists the sets with the selection frequencies PAPER.md gives', () => {
    expect(IMAGENETV2_SETS.map((s) => [s.dataset, s.selectionFrequency])).to.deep.equal([
      ['imagenet-validation-original', null], ['imagenetv2-b-33', 0.73], ['imagenetv2-a-44', 0.85], ['imagenetv2-c-12', 0.93],
    ])
  })

  describe('the released predictions (../shared/data/imagenetv2)', () => {
    let rows: ImageNetV2Accuracy[]
    before(async function () {
      if (!hasShared('data/imagenetv2/datasets/imagenetv2-b-33.json')) return
      this.timeout(60_000)
      // Classifier order = sorted wnids; taken from class_info.json here, independently of WordNet.
      const info = JSON.parse(readFileSync(shared('data/imagenet/class_info.json'), 'utf8')) as { cid: number, wnid: string }[]
      const order = info.sort((a, b) => a.cid - b.cid).map((c) => c.wnid)
      expect(order).to.deep.equal([...order].sort())
      rows = await loadImageNetV2Accuracy(shared('data/imagenetv2'), { wnids: order })
    })

    it('has 12 models on 4 sets, and ResNet-50 matches its published accuracies', function () {
      skipWithoutShared(this, 'data/imagenetv2/datasets/imagenetv2-b-33.json')
      expect(rows).to.have.length(48)
      expect([...new Set(rows.map((r) => r.dataset))]).to.deep.equal(IMAGENETV2_SETS.map((s) => s.dataset))
      const r50 = (d: string) => rows.find((r) => r.dataset === d && r.model === 'resnet50')!
      // torchvision's ResNet-50: 76.13% top-1, 92.86% top-5 on ImageNet val; ImageNetV2 paper: 63.3% on MatchedFrequency.
      expect(r50('imagenet-validation-original').top1).to.be.closeTo(0.7613, 5e-5)
      expect(r50('imagenet-validation-original').top5).to.be.closeTo(0.9286, 5e-5)
      expect(r50('imagenet-validation-original').images).to.equal(50000)
      expect(r50('imagenetv2-b-33').top1).to.be.closeTo(0.633, 5e-4)
    })

    it('every model is least accurate on MatchedFrequency and most on TopImages (lower frequency, harder)', function () {
      skipWithoutShared(this, 'data/imagenetv2/datasets/imagenetv2-b-33.json')
      for (const model of new Set(rows.map((r) => r.model))) {
        const acc = (d: string) => rows.find((r) => r.dataset === d && r.model === model)!.top1
        expect(acc('imagenetv2-b-33'), model).to.be.below(acc('imagenetv2-a-44'))
        expect(acc('imagenetv2-a-44'), model).to.be.below(acc('imagenetv2-c-12'))
      }
    })

    it('rejects an unknown model or a folder without predictions', async function () {
      skipWithoutShared(this, 'data/imagenetv2/datasets/imagenetv2-b-33.json')
      const err = (p: Promise<unknown>) => p.then(() => null, (e: Error) => e.message)
      expect(await err(loadImageNetV2Accuracy(shared('data/imagenetv2'), { wnids: [], datasets: ['imagenetv2-b-33'], models: ['lenet'] })))
        .to.match(/^imagenetv2: no predictions for model lenet on imagenetv2-b-33 \(available: alexnet, densenet121,/)
      expect(await err(loadImageNetV2Accuracy('/nonexistent', { wnids: [] })))
        .to.equal('imagenetv2: cannot read the predictions folder /nonexistent/predictions (expected ImageNetV2\'s data layout: datasets/*.json and predictions/<dataset>/<model>.npy, e.g. the imagenetv2/ data folder)')
    })
  })
})
