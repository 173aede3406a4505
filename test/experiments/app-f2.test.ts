import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { appF2Gaps, appF2Panel } from '../../src/experiments/app-f2.js'
import type { LabelledSet } from '../../src/experiments/intra-class-source.js'
import type { RecallTable } from '../../src/metrics/types.js'
import { pearson } from '../../src/metrics/pearson.js'
import { root } from '../helpers/shared.js'

// Made by test/experiments/fixtures/authors-appf2.py: the authors' similarity files (first n_sample LAIONet images of a
// class, every ImageNet-Captions image; none for a class of one image) and their cells 46 and 49, with np.corrcoef.
const golden = JSON.parse(readFileSync(join(root, 'test/experiments/fixtures/authors-appf2-golden.json'), 'utf8')) as {
  d: number, nSample: number,
  laionet: Record<string, number[][]>, captions: Record<string, number[][]>,
  recall: Record<string, Record<string, number>>,
  avgLaionet: Record<string, number>, avgCaptions: Record<string, number>,
  panels: Record<string, { wnids: string[], gaps: number[], recalls: number[], r: number | null }>,
}

function setOf(name: string, byClass: Record<string, number[][]>): LabelledSet {
  const rows = Object.entries(byClass).flatMap(([w, xs]) => xs.map((x) => ({ w, x })))
  return { name, X: Float64Array.from(rows.flatMap((r) => r.x)), labels: rows.map((r) => r.w), d: golden.d }
}

describe('Appendix F.2 against a transcription of the authors\' cells 46 and 49', () => {
  it('per-class mean pair similarity on both sides, only classes with >= 2 images on both, first n_sample of LAIONet', async () => {
    const gaps = await appF2Gaps(setOf('LAIONet', golden.laionet), setOf('ImageNet-Captions train', golden.captions), golden.nSample)
    expect(gaps.map((g) => g.wnid)).to.deep.equal(Object.keys(golden.avgLaionet))
    for (const g of gaps) {
      expect(g.laionet, g.wnid).to.be.closeTo(golden.avgLaionet[g.wnid], 1e-12)
      expect(g.captions, g.wnid).to.be.closeTo(golden.avgCaptions[g.wnid], 1e-12)
      expect(g.gap, g.wnid).to.be.closeTo(golden.avgLaionet[g.wnid] - golden.avgCaptions[g.wnid], 1e-12)
    }
  })

  it('per model the points (gap, recall) of the classes with a recall, and their Pearson r', async () => {
    const gaps = await appF2Gaps(setOf('LAIONet', golden.laionet), setOf('ImageNet-Captions train', golden.captions), golden.nSample)
    for (const [model, want] of Object.entries(golden.panels)) {
      const table = { classes: Object.entries(golden.recall[model]).map(([key, recall]) => ({ key, recall })) } as unknown as RecallTable
      const p = appF2Panel(gaps, table, new Map([['n01', 'first']]))
      expect(p.rows.map((r) => r.wnid), model).to.deep.equal(want.wnids)
      p.rows.forEach((r, i) => {
        expect(r.gap).to.be.closeTo(want.gaps[i], 1e-12)
        expect(r.recall).to.equal(want.recalls[i])
      })
      expect(p.rows[0].name).to.equal('first')
      expect(p.r as number, model).to.be.closeTo(want.r!, 1e-12)
    }
  })

  it('Pearson r: null below two points or for a constant series; a hand-computed value', () => {
    expect(pearson([1], [2])).to.equal(null)
    expect(pearson([1, 2, 3], [5, 5, 5])).to.equal(null)
    // x - mean = (-1, 0, 1), y - mean = (-7/3, -1/3, 8/3): sxy = 5, sxx = 2, syy = 114/9.
    expect(pearson([1, 2, 3], [2, 4, 7]) as number).to.be.closeTo(5 / Math.sqrt(2 * 114 / 9), 1e-15)
    expect(() => pearson([1, 2], [1])).to.throw('pearson: the series differ in length (2 and 1)')
  })
})
