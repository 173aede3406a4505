import { expect } from 'chai'
import { createRandom, intraClassStats } from '../../src/index.js'
import { gatherRows, groupRows, intraClassByLabel } from '../../src/metrics/group-rows.js'
import { imageMeanSimilarity } from '../../src/metrics/intra-class.js'
import { unitRows } from './unit-rows.js'

/** The definition: every pair's cosine, then mean and population variance; per-image means; jackknife by refitting. */
function bruteForce(X: ArrayLike<number>, n: number, d: number) {
  const sims: number[] = []
  const perImage = new Array(n).fill(0)
  const dot = (i: number, j: number) => {
    let s = 0
    for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k]
    return s
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = dot(i, j)
      sims.push(s)
      perImage[i] += s / (n - 1)
      perImage[j] += s / (n - 1)
    }
  }
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length
  const variance = sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length
  // Jackknife the slow way: recompute the pair mean with each image left out.
  const loo: number[] = []
  for (let out = 0; out < n; out++) {
    let s = 0
    let m = 0
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (i !== out && j !== out) { s += dot(i, j); m++ }
    loo.push(s / m)
  }
  const looMean = loo.reduce((a, b) => a + b, 0) / n
  const jackVar = ((n - 1) / n) * loo.reduce((a, b) => a + (b - looMean) ** 2, 0)
  return { mean, variance, perImage, se: Math.sqrt(jackVar), pairs: sims.length }
}

// Relative error; a true value of exactly 0 (one pair has no spread) is compared absolutely.
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b))

describe('metrics/intra-class', () => {
  it('equals brute force to 1e-9 relative for n in 2..300, d in 3..64, both methods', () => {
    const rng = createRandom(11)
    const cases = [[2, 3], [3, 5], [5, 64], [17, 8], [40, 3], [64, 64], [90, 31], [150, 16], [300, 12]]
    for (const [n, d] of cases) {
      const X = unitRows(rng, n, d, 0.8)
      const want = bruteForce(X, n, d)
      for (const method of ['gram', 'pairs', 'auto'] as const) {
        const got = intraClassStats(X, n, d, { method })
        expect(got.n).to.equal(n)
        expect(got.pairs).to.equal(want.pairs)
        expect(rel(got.mean, want.mean), `mean n=${n} d=${d} ${method}`).to.be.below(1e-9)
        expect(rel(got.var, want.variance), `var n=${n} d=${d} ${method}`).to.be.below(1e-9)
        if (n >= 3) expect(rel(got.se, want.se), `se n=${n} d=${d} ${method}`).to.be.below(1e-9)
      }
    }
  })

  it('accepts float32 rows that are not exactly unit length (float16 embeddings are not)', () => {
    const rng = createRandom(12)
    const n = 70
    const d = 20
    const X = Float32Array.from(unitRows(rng, n, d), (v) => v * (1 + 1e-3 * rng.normal()))
    const want = bruteForce(X, n, d)
    const got = intraClassStats(X, n, d)
    expect(rel(got.mean, want.mean)).to.be.below(1e-9)
    expect(rel(got.var, want.variance)).to.be.below(1e-9)
  })

  it('hand-computed example: rows (1,0), (0,1), (1,0)', () => {
    const X = new Float32Array([1, 0, 0, 1, 1, 0])
    const s = intraClassStats(X, 3, 2)
    // Pair similarities 0, 1, 0: mean 1/3, population variance 1/3 - 1/9 = 2/9.
    expect(s.mean).to.be.closeTo(1 / 3, 1e-15)
    expect(s.var).to.be.closeTo(2 / 9, 1e-15)
    // Leave-one-out means 1, 0, 1 -> jackknife variance (2/3) * (2 * (1/3)^2 + (2/3)^2) = 4/9.
    expect(s.se).to.be.closeTo(2 / 3, 1e-15)
    expect(Array.from(imageMeanSimilarity(X, 3, 2))).to.deep.equal([0.5, 0, 0.5])
  })

  it('per-image means match brute force and average to the pair mean', () => {
    const rng = createRandom(13)
    const X = unitRows(rng, 33, 9)
    const want = bruteForce(X, 33, 9)
    const got = imageMeanSimilarity(X, 33, 9)
    for (let i = 0; i < 33; i++) expect(got[i]).to.be.closeTo(want.perImage[i], 1e-12)
    expect(got.reduce((a, b) => a + b, 0) / 33).to.be.closeTo(want.mean, 1e-12)
  })

  it('n = 1 and n = 0 have no pairs: NaN statistics, pairs 0', () => {
    expect(intraClassStats(new Float32Array([0.6, 0.8]), 1, 2)).to.deep.equal({ n: 1, pairs: 0, mean: NaN, var: NaN, se: NaN })
    expect(intraClassStats(new Float32Array(0), 0, 4).pairs).to.equal(0)
    const two = intraClassStats(new Float32Array([1, 0, 0.6, 0.8]), 2, 2)
    expect(two.mean).to.be.closeTo(0.6, 1e-7)
    expect(two.var).to.equal(0)
    expect(two.se).to.be.NaN
  })

  it('identical rows give mean 1 and variance exactly 0 (no negative rounding)', () => {
    const X = new Float64Array(Array.from({ length: 40 }, () => [0.6, 0.8]).flat())
    const s = intraClassStats(X, 40, 2)
    expect(s.mean).to.be.closeTo(1, 1e-12)
    expect(s.var).to.be.at.least(0).and.below(1e-12)
  })

  it('rejects a shape that does not match the data, naming both', () => {
    expect(() => intraClassStats(new Float32Array(10), 3, 4)).to.throw('intra-class: the matrix has 10 values (expected n*d = 3*4 = 12). Pass the row count and the embedding width of the .npy shape.')
    expect(() => intraClassStats(new Float32Array(0), 0, 0)).to.throw('intra-class: n and d must be integers with n >= 0 and d >= 1, got n=0, d=0')
  })

  it('groups rows by label (first maxPerClass only) and gathers them', () => {
    const groups = groupRows(['b', 'a', 'b', 'b', 'a'], { maxPerClass: 2 })
    expect([...groups]).to.deep.equal([['b', [0, 2]], ['a', [1, 4]]])
    expect(Array.from(gatherRows(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 0], 2))).to.deep.equal([5, 6, 1, 2])
    expect(() => groupRows(['a'], { maxPerClass: 0 })).to.throw('intra-class: maxPerClass must be at least 1, got 0')
  })

  it('intraClassByLabel equals per-class brute force and respects maxPerClass', () => {
    const rng = createRandom(14)
    const d = 6
    const X = unitRows(rng, 30, d)
    const labels = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'n2' : 'n1'))
    const stats = intraClassByLabel(X, labels, d, { maxPerClass: 15 })
    expect([...stats.keys()]).to.deep.equal(['n1', 'n2'])
    const rows1 = labels.map((l, i) => [l, i] as const).filter(([l]) => l === 'n1').slice(0, 15).map(([, i]) => i)
    const want = bruteForce(gatherRows(X, rows1, d), 15, d)
    expect(stats.get('n1')!.n).to.equal(15)
    expect(rel(stats.get('n1')!.mean, want.mean)).to.be.below(1e-9)
    expect(stats.get('n2')!.n).to.equal(10)
    expect(() => intraClassByLabel(X, labels.slice(1), d)).to.throw('intra-class: 29 labels for a matrix of 30 rows of width 6 (expected one label per row). Check that the labels file matches the embeddings file.')
  })
})
