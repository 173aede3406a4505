import { expect } from 'chai'
import { dialSliderFigure, simulatedDialFrames, sweepDial } from '../../src/index.js'
import type { DialFrame, PlotlyTrace } from '../../src/index.js'

// Two hand-made frames of a dial: at 0 one class of each significance, at 0.5 two classes both significantly lower.
const FRAMES: DialFrame[] = [
  {
    value: 0, textOnly: 0.68, imageAware: 0.71, gap: -0.03, lowerShare: 1 / 3, higherShare: 1 / 3,
    rows: [
      { wnid: 'c2', name: 'two', delta: 0.02, low: -0.01, high: 0.05 },
      { wnid: 'c3', name: 'three', delta: 0.08, low: 0.03, high: 0.12 },
      { wnid: 'c1', name: 'one', delta: -0.1, low: -0.15, high: -0.06 },
    ],
  },
  {
    value: 0.5, textOnly: 0.7, imageAware: 0.75, gap: -0.05, lowerShare: 1, higherShare: 0,
    rows: [
      { wnid: 'c1', name: 'one', delta: -0.04, low: -0.07, high: -0.01 },
      { wnid: 'c2', name: 'two', delta: -0.2, low: -0.25, high: -0.15 },
    ],
  },
]

type Step = { label: string, method: string, args: [Record<string, unknown[]>, Record<string, string>, number[]] }

describe('plots: dialSliderFigure (Fig. 6 with a dial, no kernel needed)', () => {
  it('opens at the first frame: the sweep lines, the marker at the dial, the sorted per-class differences', () => {
    const f = dialSliderFigure('labelNoise', FRAMES)
    expect(f.data.map((t) => t.name)).to.deep.equal([
      'text-only (LAIONet-like)', 'image-aware (ImageNet-like)', 'the dial now',
      'paper test: significantly lower for text-only (33.3%)', 'paper test: significantly higher for text-only (33.3%)', 'paper test: not significant (33.3%)',
    ])
    expect(f.data[0]).to.include({ xaxis: 'x', yaxis: 'y' })
    expect(f.data[0].x).to.deep.equal([0, 0.5])
    expect(f.data[0].y).to.deep.equal([0.68, 0.7])
    expect(f.data[1].y).to.deep.equal([0.71, 0.75])
    expect([f.data[2].x, f.data[2].y]).to.deep.equal([[0, 0], [0.68, 0.71]])
    // Sorted by difference: one (-0.1) is rank 1, two (0.02) rank 2, three (0.08) rank 3.
    const [lower, higher, none] = f.data.slice(3) as (PlotlyTrace & { error_y: { array: number[], arrayminus: number[] } })[]
    expect([lower.x, lower.y, lower.text]).to.deep.equal([[1], [-0.1], ['one']])
    expect([none.x, none.y, none.text]).to.deep.equal([[2], [0.02], ['two']])
    expect([higher.x, higher.y, higher.text]).to.deep.equal([[3], [0.08], ['three']])
    expect(lower.error_y.array).to.have.length(1)
    expect(lower.error_y.array[0]).to.be.closeTo(0.04, 1e-12)
    expect(lower.error_y.arrayminus[0]).to.be.closeTo(0.05, 1e-12)
    expect(f.layout.title?.text).to.contain('(tier: simulated)')
    // Panel b keeps one scale for every frame: from the lowest low (-0.25) to the highest high (0.12), padded.
    const range = (f.layout.yaxis2 as { range: number[] }).range
    expect(range[0]).to.be.below(-0.25)
    expect(range[1]).to.be.above(0.12)
    expect((f.layout.xaxis2 as { range: number[] }).range).to.deep.equal([0, 4])
  })

  it('has one slider step per frame that restyles the marker and panel b and retitles the summary', () => {
    const f = dialSliderFigure('labelNoise', FRAMES)
    const slider = (f.layout.sliders as { active: number, steps: Step[] }[])[0]
    expect(slider.active).to.equal(0)
    expect(slider.steps.map((s) => [s.label, s.method])).to.deep.equal([['0', 'update'], ['0.5', 'update']])
    const [, second] = slider.steps
    const [restyle, relayout, traces] = second.args
    expect(traces).to.deep.equal([2, 3, 4, 5])
    // At 0.5: two (-0.2) is rank 1, one (-0.04) rank 2, both significantly lower; no higher, no insignificant.
    expect(restyle.x).to.deep.equal([[0.5, 0.5], [1, 2], [], []])
    expect(restyle.y).to.deep.equal([[0.7, 0.75], [-0.2, -0.04], [], []])
    expect(restyle.text).to.deep.equal([null, ['two', 'one'], [], []])
    expect(restyle.name).to.deep.equal(['the dial now', 'paper test: significantly lower for text-only (100.0%)', 'paper test: significantly higher for text-only (0.0%)', 'paper test: not significant (0.0%)'])
    expect(restyle['error_y.array']).to.have.length(4)
    const annotations = f.layout.annotations as { text: string }[]
    const [key] = Object.keys(relayout)
    expect(key).to.equal(`annotations[${annotations.length - 1}].text`)
    expect(relayout[key]).to.equal('labelNoise = 0.5: gap −0.050<br>text-only significantly lower in 100.0%, higher in 0.0% of classes')
    expect(annotations[annotations.length - 1].text).to.equal('labelNoise = 0: gap −0.030<br>text-only significantly lower in 33.3%, higher in 33.3% of classes')
  })

  it('opens at the initial value it is given, and refuses frames it cannot draw', () => {
    const f = dialSliderFigure('labelNoise', FRAMES, { initial: 0.5 })
    expect((f.layout.sliders as { active: number }[])[0].active).to.equal(1)
    expect(f.data[3].y).to.deep.equal([-0.2, -0.04])
    // Between two frames, the nearest one: 0.3 is 0.2 from 0.5 and 0.3 from 0.
    expect((dialSliderFigure('labelNoise', FRAMES, { initial: 0.3 }).layout.sliders as { active: number }[])[0].active).to.equal(1)
    expect((dialSliderFigure('labelNoise', FRAMES, { initial: 0.25 }).layout.sliders as { active: number }[])[0].active).to.equal(0)
    expect(() => dialSliderFigure('labelNoise', FRAMES, { initial: NaN })).to.throw('plots: dialSliderFigure(labelNoise) input needs a finite initial value, got NaN')
    expect(() => dialSliderFigure('labelNoise', [])).to.throw('plots: dialSliderFigure(labelNoise) input needs at least one frame')
    const bad = [{ ...FRAMES[1], rows: [{ wnid: 'c1', delta: 0, low: 0.1, high: -0.1 }] }]
    expect(() => dialSliderFigure('labelNoise', bad)).to.throw('plots: dialSliderFigure(labelNoise) input frame 0.5 needs rows with finite delta, low <= high')
  })
})

describe('plots: simulatedDialFrames (the precomputed frames)', () => {
  const world = { classes: 12, candidates: 3000 }
  it('gives at each value the numbers sweepDial gives, and the per-class differences behind them', () => {
    const frames = simulatedDialFrames('captionDescribesImage', [0, 1], world, { seed: 3 })
    const sweep = sweepDial('captionDescribesImage', [0, 1], world, { seed: 3 })
    expect(frames.map(({ rows, ...point }) => point)).to.deep.equal(sweep)
    for (const f of frames) {
      expect(f.rows.length).to.be.within(2, 12)
      for (const r of f.rows) expect(r.low).to.be.at.most(r.delta).and.to.satisfy(() => r.delta <= r.high)
      // The shares of the frame are the shares of its rows' intervals (the paper's test).
      const lower = f.rows.filter((r) => r.high < 0).length / f.rows.length
      expect(f.lowerShare).to.be.closeTo(lower, 1e-12)
    }
    expect(frames[0].rows.map((r) => r.delta)).to.not.deep.equal(frames[1].rows.map((r) => r.delta))
  })

  it('refuses an empty or repeated list of values, and list dials', () => {
    expect(() => simulatedDialFrames('labelNoise', [])).to.throw('plots: simulatedDialFrames needs at least one value of labelNoise, got []')
    expect(() => simulatedDialFrames('labelNoise', [0.1, 0.1])).to.throw('plots: simulatedDialFrames got a value of labelNoise twice ([0.1,0.1]); a slider step per value')
    expect(() => simulatedDialFrames('selectionFrequencySweep' as 'labelNoise', [0.5])).to.throw('simulate: sweepDial varies one number; "selectionFrequencySweep" is a list dial')
  })
})
