import { expect } from 'chai'
import {
  dialFigure, fig1Accuracy, fig6IntraClass, fig7ImageNetV2, fig8TextSynset, frontier42, lineFigure, simulateStudy,
  simulatedAccuracyInput, simulatedFrontierInput, simulatedIntraClassInput, simulatedSelectionFrequencyInput, simulatedTextSynsetInput,
} from '../../src/index.js'
import type { DialPoint } from '../../src/index.js'
import { SMALL } from './small-world.js'

describe('simulate/figure inputs', function () {
  this.timeout(60_000)
  const study = simulateStudy({ ...SMALL, classes: 40, candidates: 12_000 }, { seed: 3 })

  it('feeds Fig. 6 with both tests and one pooled sample per selection', () => {
    const input = simulatedIntraClassInput(study)
    expect(input.tier).to.equal('simulated')
    expect(input.histograms.map((h) => h.name)).to.deep.equal(['text-only (LAIONet-like)', 'image-aware (ImageNet-like)'])
    // min(#pairs, 100) per class: every class here has more than 14 images, so exactly 100 pairs each.
    expect(input.histograms[0].values.length).to.equal(100 * study.comparison.compared)
    const [paper, corrected] = input.differences
    const c = study.comparison.classes[0]
    expect(paper.rows[0]).to.deep.equal({ wnid: c.key, name: paper.rows[0].name, delta: c.delta, low: c.delta - c.paper.halfWidth, high: c.delta + c.paper.halfWidth })
    expect(corrected.rows[0].high - corrected.rows[0].low).to.be.closeTo(2 * c.corrected.halfWidth, 1e-12)
    expect(fig6IntraClass(input).data.length).to.be.greaterThan(0)
  })

  it('feeds Fig. 1 with classifiers that never saw the held-out images', () => {
    const input = simulatedAccuracyInput(study, { trainShares: [0.1, 0.5] })
    expect(input.rows.map((r) => `${r.model} top-${r.k}`)).to.deep.equal([
      'nearest centroid, 10% of image-aware top-1', 'nearest centroid, 10% of image-aware top-5',
      'nearest centroid, 50% of image-aware top-1', 'nearest centroid, 50% of image-aware top-5'])
    const [, , top1, top5] = input.rows
    expect(top1.imagenet).to.equal(study.accuracy.imageAware.accuracy)
    expect(top1.laionet).to.equal(study.accuracy.textOnly.accuracy)
    expect(top5.imagenet).to.be.at.least(top1.imagenet)
    expect(top5.laionet).to.be.at.least(top1.laionet)
    expect(() => simulatedAccuracyInput(study, { trainShares: [0.6] })).to.throw('simulate: a training share must be in (0, 0.5] (the world\'s trainShare), got 0.6')
    expect(fig1Accuracy(input).data.length).to.be.greaterThan(0)
  })

  it('feeds Fig. 7, Fig. 8 and Section 4.2 from the study', () => {
    const f7 = simulatedSelectionFrequencyInput(study)
    expect(f7.versions.map((v) => v.selectionFrequency)).to.deep.equal([0.5, 0.73, 0.85, 0.93])
    expect(f7.versions[1].meanIntraClass).to.equal(study.selectionFrequency[1].intraMean)
    expect(f7.accuracy[2].accuracy).to.equal(study.selectionFrequency[2].accuracy.accuracy)
    const f8 = simulatedTextSynsetInput(study)
    expect(f8.similarities).to.equal(study.textSynset.imageAware.similarities)
    const fr = simulatedFrontierInput(study)
    expect(fr.points.map((p) => p.name)).to.deep.equal(['A', 'B', 'C', 'D'])
    expect(fr.imagenetMean).to.equal(study.imageAware.intraMean)
    for (const fig of [fig7ImageNetV2(f7), fig8TextSynset(f8), frontier42(fr)]) expect(fig.layout.title?.text).to.contain('simulated')
  })

  it('draws a dial sweep as two panels of plain JSON, with the tier in the title', () => {
    const points: DialPoint[] = [
      { value: 0, textOnly: 0.6, imageAware: 0.7, gap: -0.1, lowerShare: 0.9, higherShare: 0.05, textOnlySize: 10 },
      { value: 1, textOnly: 0.8, imageAware: 0.7, gap: 0.1, lowerShare: 0.1, higherShare: 0.8, textOnlySize: 8 },
    ]
    const fig = dialFigure('captionDescribesImage', points, { title: 'a <b>' })
    expect(fig.data.map((t) => t.y)).to.deep.equal([[0.6, 0.8], [0.7, 0.7], [0.9, 0.1], [0.05, 0.8]])
    expect(fig.data.map((t) => t.xaxis)).to.deep.equal(['x', 'x', 'x2', 'x2'])
    expect((fig.layout.title as { text: string }).text).to.equal('a &lt;b&gt; <span style="font-size:12px">(tier: simulated)</span>')
    expect(JSON.parse(JSON.stringify(fig))).to.deep.equal(fig)
    expect(() => dialFigure('labelNoise', [])).to.throw('plots: dialFigure needs at least one point of the labelNoise sweep')
  })

  it('draws lines and checks their lengths', () => {
    const fig = lineFigure([0, 0.1], [{ name: 'a', y: [0.71, 0.63] }])
    expect(fig.data[0].y).to.deep.equal([0.71, 0.63])
    expect(() => lineFigure([0, 0.1], [{ name: 'a', y: [1] }])).to.throw('plots: line "a" has 1 values for 2 x values')
  })
})
