import { expect } from 'chai'
import { appF, fig1Accuracy, fig3Threshold, fig4ClassFrequency, fig6IntraClass, fig8TextSynset, frontier42 } from '../../src/index.js'
import { FIGURE_IDS } from '../../src/plots/figure-ids.js'
import type { PlotlyFigure, PlotlyTrace } from '../../src/index.js'
import { binnedMeans, histogram, significance } from '../../src/plots/figure-parts.js'
import { differenceRows, FIGURES } from './tables.js'
import { assertSnapshot } from './snapshot.js'

const trace = (f: PlotlyFigure, name: string): PlotlyTrace => {
  const t = f.data.find((d) => d.name === name)
  if (!t) throw new Error(`no trace named ${name}: ${f.data.map((d) => d.name).join(' | ')}`)
  return t
}

describe('plots: figure builders', () => {
  it('covers every paper figure id with a hand-made table', () => {
    expect(FIGURES.map((f) => f.id)).to.deep.equal([...FIGURE_IDS])
  })

  for (const { id, figure, traces } of FIGURES) {
    it(`${id}: matches its snapshot, draws ${traces} traces, names its tier, is deterministic`, () => {
      const spec = figure()
      expect(spec.data).to.have.length(traces)
      const tier = (spec.layout.meta as { tier: string }).tier
      expect(spec.layout.title?.text).to.contain(`(tier: ${tier})`)
      expect(JSON.stringify(figure())).to.equal(JSON.stringify(spec))
      // Typed arrays would serialise as objects: every data array must be a plain array.
      for (const t of spec.data) for (const k of ['x', 'y']) if (t[k] != null) expect(Array.isArray(t[k]), `${id} ${t.name} ${k}`).to.equal(true)
      assertSnapshot(id, spec)
    })
  }

  it('fig1: plots accuracies in percent, ImageNet on x, LAIONet on y, per group and panel', () => {
    const f = fig1Accuracy({ tier: 'released', rows: [
      { model: 'A', group: 'g1', k: 1, imagenet: 0.76, laionet: 0.65, laionetHalfWidth: 0.012 },
      { model: 'B', group: 'g2', k: 1, imagenet: 0.8, laionet: 0.7 },
      { model: 'A', group: 'g1', k: 5, imagenet: 0.93, laionet: 0.85 },
    ] })
    expect(f.data.map((t) => [t.name, t.xaxis, t.x, t.y])).to.deep.equal([
      ['g1', 'x', [76], [65]], ['g2', 'x', [80], [70]], ['g1', 'x2', [93], [85]],
    ])
    expect((f.data[0].error_y as { array: number[] }).array).to.deep.equal([1.2])
    // The y = x line spans the padded range 60..85 in panel a.
    expect((f.layout.shapes as Record<string, unknown>[])[0]).to.include({ x0: 60, y0: 60, x1: 85, y1: 85 })
  })

  it('fig1: a table with only top-5 rows gets one panel, titled top-5, with its legend', () => {
    const f = fig1Accuracy({ tier: 'simulated', rows: [{ model: 'A', group: 'g1', k: 5, imagenet: 0.9, laionet: 0.8 }] })
    expect(f.data.map((t) => [t.xaxis, t.showlegend])).to.deep.equal([['x', true]])
    expect(f.layout.xaxis2).to.equal(undefined)
    expect((f.layout.xaxis as { title: { text: string } }).title.text).to.equal('ImageNet validation top-5 accuracy (%)')
  })

  it('fig3: sorts the sweep by threshold and marks 0.82 in panels a and b', () => {
    const f = fig3Threshold({ tier: 'quoted', rows: [{ threshold: 0.9, classes: 700, samples: 5 }, { threshold: 0.5, classes: 947, samples: 9 }] })
    expect(f.data[0].x).to.deep.equal([0.5, 0.9])
    expect(f.data[0].y).to.deep.equal([947, 700])
    expect((f.layout.shapes as { x0: number, xref: string }[]).map((s) => [s.xref, s.x0])).to.deep.equal([['x', 0.82], ['x2', 0.82]])
  })

  it('fig4: shares sum to 100%, sorted descending, zero-count classes dropped', () => {
    const f = fig4ClassFrequency({ tier: 'real', rows: [{ wnid: 'b', name: 'b', count: 1 }, { wnid: 'a', name: 'web site', count: 3 }, { wnid: 'c', name: 'c', count: 0 }] })
    expect(f.data[0].y).to.deep.equal([75, 25])
    expect(f.data[0].text).to.deep.equal(['web site', 'b'])
  })

  it('fig6: legend shares equal the hand-counted significant classes (6 lower, 3 higher, 3 neither of 12)', () => {
    const f = fig6IntraClass({ tier: 'simulated', histograms: [], differences: [{ name: 'paper test', rows: differenceRows(6, 3, 3) }] })
    expect(f.data.map((t) => t.name)).to.deep.equal([
      'paper test: significantly lower on LAIONet (50.0%)', 'paper test: significantly higher on LAIONet (25.0%)', 'paper test: not significant (25.0%)',
    ])
    // Ranks follow the sorted deltas: the most negative class first.
    expect((trace(f, 'paper test: significantly lower on LAIONet (50.0%)').x as number[])[0]).to.equal(1)
    expect((trace(f, 'paper test: significantly higher on LAIONet (25.0%)').x as number[])).to.deep.equal([10, 11, 12])
  })

  it('significance: an interval touching zero is not significant', () => {
    expect([significance(-0.2, -0.01), significance(0.01, 0.2), significance(-0.1, 0), significance(0, 0.1)]).to.deep.equal(['lower', 'higher', 'none', 'none'])
  })

  it('histogram: densities integrate to 1 and values at the top edge land in the last bin', () => {
    const h = histogram([0, 0.25, 0.5, 1, 1, NaN], { min: 0, max: 1, bins: 4 })
    expect(h.n).to.equal(5)
    expect(h.x).to.deep.equal([0.125, 0.375, 0.625, 0.875])
    expect(h.y).to.deep.equal([0.8, 0.8, 0.8, 1.6])
    expect(h.y.reduce((s, y) => s + y * h.width, 0)).to.be.closeTo(1, 1e-12)
  })

  it('binnedMeans: quantile bins by x, hand-computed', () => {
    expect(binnedMeans([4, 1, 3, 2, 6, 5], [40, 10, 30, 20, 60, 50], 3)).to.deep.equal({ x: [1.5, 3.5, 5.5], y: [15, 35, 55] })
  })

  it('fig8: states the share of captions below the cut-off (21 of 23 below 5%)', () => {
    const f = fig8TextSynset({ tier: 'fixture', similarities: [0.5, 0.6], closerShares: [...Array(19).fill(0), 0.01, 0.02, 0.3, 0.6] })
    expect((f.layout.annotations as { text: string }[]).map((a) => a.text)).to.include('91.3% of captions below 5%')
  })

  it('fig9: marks the 0.7 threshold and states the share of captions above it (3 of 4)', async () => {
    const { fig9ImageNetTextSelection } = await import('../../src/index.js')
    const f = fig9ImageNetTextSelection({ tier: 'simulated', nearestSimilarities: [0.5, 0.71, 0.8, 0.9, NaN], differences: [] })
    expect((f.layout.shapes as { x0: number }[])[0].x0).to.equal(0.7)
    expect((f.layout.annotations as { text: string }[]).map((a) => a.text)).to.include('75.0% above 0.7')
  })

  it('frontier: draws ImageNet\'s 0.703 line by default', () => {
    const f = frontier42({ tier: 'quoted', points: [{ name: 'A', textThreshold: 0.81, imageThreshold: 0.2579, meanIntraClass: 0.696 }] })
    expect((f.layout.shapes as { y0: number, yref: string }[]).map((s) => [s.yref, s.y0])).to.deep.equal([['y2', 0.703]])
    expect((f.layout.annotations as { text: string }[]).map((a) => a.text)).to.include('ImageNet 0.703')
  })

  it('escapes markup in data-derived text (model, class and series names, notes, titles)', () => {
    const evil = '<img src=x onerror=alert(1)>'
    const f = fig1Accuracy({ tier: 'fixture', note: evil, rows: [{ model: evil, group: evil, k: 1, imagenet: 0.5, laionet: 0.4 }] }, { title: evil })
    const json = JSON.stringify(f)
    expect(json).to.not.contain('<img')
    expect(json).to.contain('&lt;img src=x onerror=alert(1)&gt;')
    const g = appF({ tier: 'fixture', recallFrequency: [{ wnid: 'n1', name: '<b>x</b>', frequency: 5, recall: 0.5 }], dropGap: [] })
    expect(g.data[0].text).to.deep.equal(['&lt;b&gt;x&lt;/b&gt;'])
  })

  it('appF: given recallGap, the F.2 panel is the authors\' (LAIONet recall in % against the gap LAIONet - ImageNet-Captions)', () => {
    const f = appF({ tier: 'fixture', recallFrequency: [], dropGap: [{ wnid: 'n0', gap: 9, drop: 9 }], recallGap: [{ wnid: 'n1', gap: -0.25, recall: 0.5 }, { wnid: 'n2', gap: 0.125, recall: 1 }] })
    expect([f.data[2].x, f.data[2].y]).to.deep.equal([[-0.25, 0.125], [50, 100]])
    const layout = JSON.stringify(f.layout)
    expect(layout).to.contain('Δ intra-class similarity, LAIONet − ImageNet-Captions')
    expect(layout).to.contain('recall@1 on LAIONet (%)')
  })

  it('rejects inputs without a tier or with bad rows, naming the figure and the field', () => {
    expect(() => fig1Accuracy({ rows: [] } as never)).to.throw('plots: fig1-accuracy input needs tier (one of real, released, simulated, fixture, quoted), got undefined')
    expect(() => fig1Accuracy({ tier: 'real', rows: [{ model: 'R50', group: 'g', k: 2 as 1, imagenet: 0.5, laionet: 0.4 }] }))
      .to.throw('plots: fig1-accuracy input row "R50" needs k (1 or 5) and finite imagenet and laionet accuracies (fractions)')
    expect(() => fig6IntraClass({ tier: 'real', histograms: [], differences: [{ name: 'paper', rows: [{ wnid: 'n1', delta: 0, low: 1, high: -1 }] }] }))
      .to.throw('plots: fig6-intra-class input class "n1" in "paper" needs finite delta, low <= high')
    expect(() => fig4ClassFrequency({ tier: 'real', rows: [{ wnid: 'n9', name: 'x', count: -1 }] }))
      .to.throw('plots: fig4-class-frequency input row "n9" needs a count >= 0, got -1')
  })
})

describe('plots: comparisonSeries', () => {
  it('turns compareIntraClass output into one series per test with delta ± half-width, and the same verdicts', async () => {
    const { compareIntraClass, comparisonSeries, fig6IntraClass } = await import('../../src/index.js')
    const stats = (mean: number, v: number, n: number, se: number) => ({ n, pairs: (n * (n - 1)) / 2, mean, var: v, se })
    const cmp = compareIntraClass(
      { n1: stats(0.5, 0.01, 20, 0.01), n2: stats(0.72, 0.01, 20, 0.01) },
      { n1: stats(0.7, 0.01, 20, 0.01), n2: stats(0.7, 0.01, 20, 0.01) },
    )
    const series = comparisonSeries(cmp, { names: { n1: 'tench' } })
    expect(series.map((s) => s.name)).to.deep.equal(['paper test (pairs independent)', 'corrected test (jackknife over images)'])
    const [paper] = series
    const c1 = cmp.classes.find((c) => c.key === 'n1')!
    expect(paper.rows[0]).to.deep.equal({ wnid: 'n1', name: 'tench', delta: c1.delta, low: c1.delta - c1.paper.halfWidth, high: c1.delta + c1.paper.halfWidth })
    expect(paper.rows[1].name).to.equal('n2')
    // The figure's significance colouring agrees with the metrics' verdicts for both tests.
    const f = fig6IntraClass({ tier: 'simulated', histograms: [], differences: series })
    const lowerShares = f.data.filter((t) => String(t.name).includes('significantly lower')).map((t) => (t.x as number[]).length / 2)
    expect(lowerShares).to.deep.equal([cmp.paper.lowerShare, cmp.corrected.lowerShare])
  })
})
