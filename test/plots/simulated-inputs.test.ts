import { expect } from 'chai'
import { dialFigure, fig1Accuracy, fig6IntraClass, fig7ImageNetV2, fig8TextSynset, frontier42, lineFigure, simulateStudy, simulatedAccuracyInput, simulatedFrontierInput, simulatedIntraClassInput, simulatedSelectionFrequencyInput, simulatedTextSynsetInput } from '../../src/index.js'
import type { DialPoint } from '../../src/index.js'
import { SMALL } from '../simulate/small-world.js'

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1])
const traceLengths = (fig: { data: { name?: unknown, x?: unknown }[] }, prefix: string) =>
  fig.data.filter((t) => String(t.name).startsWith(prefix)).map((t) => (t.x as unknown[]).length)

describe('plots/inputs: a simulated study as figure tables', function () {
  this.timeout(60_000)
  const study = simulateStudy({ ...SMALL, classes: 40, candidates: 12_000 }, { seed: 3 })

  it('feeds Fig. 6 with both tests, the classes named, and one pooled sample per selection', () => {
    const input = simulatedIntraClassInput(study)
    expect(input.tier).to.equal('simulated')
    expect(input.histograms.map((h) => h.name)).to.deep.equal(['text-only (LAIONet-like)', 'image-aware (ImageNet-like)'])
    // min(#pairs, 100) per class: every class here has more than 14 images, so exactly 100 pairs each, 40 classes.
    expect(input.histograms.map((h) => h.values.length)).to.deep.equal([4000, 4000])
    const [paper, corrected] = input.differences
    expect([paper.name, corrected.name]).to.deep.equal(['paper test (pairs independent)', 'corrected test (jackknife over images)'])
    // Classes c0000.. are named from the nouns list of src/simulate/captions.ts: fox, violin, teapot, ...
    expect(paper.rows.slice(0, 3).map((r) => [r.wnid, r.name])).to.deep.equal([['c0000', 'fox'], ['c0001', 'violin'], ['c0002', 'teapot']])
    expect(paper.rows.length).to.equal(40)
    for (const [series, test] of [[paper, 'paper'], [corrected, 'corrected']] as const) {
      series.rows.forEach((r, i) => {
        const c = study.comparison.classes[i]
        expect(r.delta).to.equal(c.a.mean - c.b.mean)
        expect(r.high - r.delta).to.be.closeTo(c[test].halfWidth, 1e-12)
        expect(r.delta - r.low).to.be.closeTo(c[test].halfWidth, 1e-12)
      })
    }
    // The figure colours each class by its interval; the counts agree with the metrics' verdicts.
    const fig = fig6IntraClass(input)
    const { paper: p, corrected: q } = study.comparison
    expect(traceLengths(fig, 'paper test')).to.deep.equal([p.lower, p.higher, 40 - p.lower - p.higher])
    expect(traceLengths(fig, 'corrected test')).to.deep.equal([q.lower, q.higher, 40 - q.lower - q.higher])
    expect(p.lower).to.be.greaterThan(q.lower) // the paper's test calls more classes significant than the corrected one
  })

  it('feeds Fig. 1 with classifiers that never saw the held-out images', () => {
    const input = simulatedAccuracyInput(study, { trainShares: [0.1, 0.5] })
    expect(input.rows.map((r) => `${r.model} top-${r.k}`)).to.deep.equal([
      'nearest centroid, 10% of image-aware top-1', 'nearest centroid, 10% of image-aware top-5',
      'nearest centroid, 50% of image-aware top-1', 'nearest centroid, 50% of image-aware top-5'])
    const [small1, small5, top1, top5] = input.rows
    // 50% is the world's trainShare: the same classifier the study fitted, on the same held-out and text-only images.
    expect(top1.imagenet).to.equal(study.accuracy.imageAware.accuracy)
    expect(top1.laionet).to.equal(study.accuracy.textOnly.accuracy)
    for (const r of input.rows) expect(r.laionet).to.be.below(r.imagenet) // the paper's Fig. 1: every model drops on LAIONet
    expect(top5.imagenet).to.be.at.least(top1.imagenet)
    expect(small5.laionet).to.be.at.least(small1.laionet)
    expect(top1.imagenet).to.be.above(small1.imagenet) // more training images, a better classifier
    expect(() => simulatedAccuracyInput(study, { trainShares: [0.6] })).to.throw('simulate: a training share must be in (0, 0.5] (the world\'s trainShare), got 0.6')
    // The figure draws the top-1 rows in percent on the first panel, top-5 on the second.
    const fig = fig1Accuracy(input)
    expect(fig.data.map((t) => t.xaxis)).to.deep.equal(['x', 'x2'])
    ;(fig.data[0].x as number[]).forEach((x, i) => expect(x).to.be.closeTo(100 * [small1, top1][i].imagenet, 1e-3))
    ;(fig.data[1].y as number[]).forEach((y, i) => expect(y).to.be.closeTo(100 * [small5, top5][i].laionet, 1e-3))
  })

  it('feeds Fig. 7 at the ImageNetV2 thresholds: more selective versions are more homogeneous and easier', () => {
    const f7 = simulatedSelectionFrequencyInput(study)
    expect(f7.versions.map((v) => v.name)).to.deep.equal(['>= 0.5', '>= 0.73', '>= 0.85', '>= 0.93'])
    expect(increasing(f7.versions.map((v) => v.meanIntraClass))).to.equal(true)
    expect(increasing(f7.accuracy.map((a) => a.accuracy))).to.equal(true)
    for (const v of f7.versions) expect(v.lower + v.higher).to.be.at.most(1)
    expect(fig7ImageNetV2(f7).layout.title?.text).to.contain('simulated')
  })

  it('feeds Fig. 8 one similarity and one closer-class share per image-aware caption', () => {
    const f8 = simulatedTextSynsetInput(study)
    const n = study.imageAware.selection.rows.length
    expect(n).to.be.below(4000) // under the study's cap, so every caption is measured
    expect([f8.similarities.length, f8.closerShares.length]).to.deep.equal([n, n])
    expect(f8.similarities.every((s) => s >= -1 && s <= 1)).to.equal(true)
    expect(f8.closerShares.every((s) => s >= 0 && s <= 1)).to.equal(true)
    expect(f8.note).to.equal('image-aware captions; the text-only threshold is 0.82')
    expect(fig8TextSynset(f8).layout.title?.text).to.contain('simulated')
  })

  it('feeds Section 4.2 with equal-size datasets A..D that stay below the image-aware set', () => {
    const fr = simulatedFrontierInput(study)
    expect(fr.points.map((p) => p.name)).to.deep.equal(['A', 'B', 'C', 'D'])
    expect(new Set(fr.points.map((p) => p.size)).size).to.equal(1)
    expect(fr.note).to.equal(`each dataset has ${fr.points[0].size} samples`)
    expect(increasing(fr.points.map((p) => -p.textThreshold))).to.equal(true)
    expect(increasing(fr.points.map((p) => p.meanIntraClass))).to.equal(true)
    for (const p of fr.points) expect(p.meanIntraClass).to.be.below(fr.imagenetMean)
    expect(frontier42(fr).layout.title?.text).to.contain('simulated')
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
