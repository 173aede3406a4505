import { expect } from 'chai'
import { equiWeightedAccuracy, weightedAccuracy } from '../../src/index.js'
import { classRecall, combineRecalls, topKCorrect } from '../../src/metrics/accuracy.js'
import { wilsonInterval } from '../../src/metrics/wilson.js'

describe('metrics/accuracy', () => {
  it('Wilson intervals match hand-computed values (z = 1.96)', () => {
    // centre (p + z^2/2n) / (1 + z^2/n), half-width z/(1 + z^2/n) sqrt(p(1-p)/n + z^2/4n^2)
    const a = wilsonInterval(45, 50)
    expect(a.lower).to.be.closeTo(0.7863951, 1e-7)
    expect(a.upper).to.be.closeTo(0.9565249, 1e-7)
    const b = wilsonInterval(0, 10)
    expect(b.lower).to.equal(0)
    expect(b.upper).to.be.closeTo(3.8416 / 13.8416, 1e-12) // z^2 / (n + z^2) = 0.27754
    expect(wilsonInterval(50, 50).upper).to.equal(1)
    expect(wilsonInterval(50, 50).lower).to.be.closeTo(0.9286500, 1e-7)
    expect(() => wilsonInterval(3, 2)).to.throw('wilson: need 0 <= successes <= n and n >= 1, got successes=3, n=2')
  })

  it('per-class recall leaves images without a prediction out and counts them', () => {
    const keys = ['b', 'a', 'a', 'b', 'b', 'c', 'a']
    const outcome = [true, false, true, 1, 0, null, undefined]
    const t = classRecall(keys, outcome)
    expect(t.images).to.equal(5)
    expect(t.correct).to.equal(3)
    expect(t.missing).to.equal(2)
    expect(t.classes.map((c) => [c.key, c.n, c.correct])).to.deep.equal([['a', 2, 1], ['b', 3, 2]]) // c had no prediction: absent
    expect(t.classes[0].recall).to.equal(0.5)
    expect(t.classes[1].recall).to.equal(2 / 3)
    // statsmodels' Wilson interval at norm.isf(0.025) = 1.959963984540054, its width over 2 * 1.96 (calc_recall_per_y)
    expect(t.classes[0].lower).to.be.closeTo(0.0945312, 1e-7)
    expect(t.classes[0].se).to.be.closeTo(0.2068718, 1e-7) // (0.9054688 - 0.0945312) / 3.92
    // At z = 1.96 for both (the quantile rounded) the interval is 0.0945287 .. 0.9054713: a different number.
    expect(classRecall(keys, outcome, { intervalZ: 1.96 }).classes[0].lower).to.be.closeTo(0.0945287, 1e-7)
    expect(() => classRecall(['a'], [])).to.throw('accuracy: 1 class labels but 0 outcomes (expected one outcome per image)')
  })

  it('equi-weighted accuracy: mean of per-class recalls, SE sqrt(sum se^2) / m (hand-computed)', () => {
    const t = classRecall(['a', 'a', 'b', 'b', 'b'], [true, false, true, true, false])
    const e = equiWeightedAccuracy(t)
    expect(e.accuracy).to.be.closeTo((0.5 + 2 / 3) / 2, 1e-15) // 0.58333, while over images it is 3/5
    expect(e.se).to.be.closeTo(0.1392445, 1e-7)
    expect(e.halfWidth).to.be.closeTo(1.96 * 0.1392445, 1e-7)
    expect(e.classes).to.equal(2)
  })

  it('LAION-weighted accuracy normalises the weights over the classes present', () => {
    const t = classRecall(['a', 'a', 'b', 'b', 'b'], [true, false, true, true, false])
    // a: 1, b: 3; 'z' is not in the table and must not dilute the mean.
    const w = weightedAccuracy(t, { a: 10, b: 30, z: 1000 })
    expect(w.accuracy).to.be.closeTo((0.5 * 1 + (2 / 3) * 3) / 4, 1e-15) // 0.625
    expect(w.se).to.be.closeTo(0.1490885, 1e-7)
    expect(w.classes).to.equal(2)
    // A class of the table without a weight does not count.
    expect(weightedAccuracy(t, new Map([['b', 2]])).accuracy).to.be.closeTo(2 / 3, 1e-15)
    expect(weightedAccuracy(t, {}).accuracy).to.be.NaN
    expect(() => weightedAccuracy(t, { a: -1 })).to.throw('accuracy: weight of class a must be a finite number >= 0, got -1')
  })

  it('equal weights reproduce the equi-weighted accuracy; combineRecalls checks lengths', () => {
    const t = classRecall(['x', 'y', 'y', 'z'], [false, true, true, true])
    expect(weightedAccuracy(t, { x: 2, y: 2, z: 2 })).to.deep.equal(equiWeightedAccuracy(t))
    expect(combineRecalls([1, 0.5], [0.1, 0.1], [1, 1]).accuracy).to.equal(0.75)
    expect(() => combineRecalls([1], [0.1, 0.2], [1])).to.throw('accuracy: recalls, standard errors and weights must have the same length, got 1, 2, 1')
  })

  it('top-k correctness from prediction rows (int64 as bigint too)', () => {
    const preds = new BigInt64Array([3n, 1n, 2n, 0n, 5n, 6n])
    expect(Array.from(topKCorrect(preds, 2, [1, 0, 4], 1))).to.deep.equal([0, 0, 0])
    expect(Array.from(topKCorrect(preds, 2, [1, 0, 6], 2))).to.deep.equal([1, 1, 1])
    expect(Array.from(topKCorrect(new Int32Array([3, 1, 2, 0]), 2, [3, 2], 1))).to.deep.equal([1, 1])
    expect(() => topKCorrect(preds, 2, [1, 0], 1)).to.throw('accuracy: 6 predictions for 2 images x 2 per row (expected 4). Check that predictions and labels come from the same dataset file.')
    expect(() => topKCorrect(preds, 2, [1, 0, 4], 3)).to.throw('accuracy: k must be between 1 and the 2 predictions per row, got 3')
  })
})

describe('metrics/stand-in-weights', () => {
  it('gives a seeded Zipf-like long tail summing to 1, largest class about 5% of 1000', async () => {
    const { standInClassWeights } = await import('../../src/index.js')
    const keys = Array.from({ length: 1000 }, (_, i) => `n${String(i).padStart(8, '0')}`)
    const w = standInClassWeights(keys, { seed: 3 })
    const values = [...w.values()]
    expect(w.size).to.equal(1000)
    expect(values.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12)
    const sorted = [...values].sort((a, b) => b - a)
    // 1 / H(1000, 0.75) with H the generalised harmonic number = 0.0522
    const H = Array.from({ length: 1000 }, (_, r) => (r + 1) ** -0.75).reduce((a, b) => a + b, 0)
    expect(sorted[0]).to.be.closeTo(1 / H, 1e-12)
    expect(sorted[0]).to.be.within(0.045, 0.06)
    expect(sorted[1] / sorted[0]).to.be.closeTo(2 ** -0.75, 1e-12)
    expect([...standInClassWeights(keys, { seed: 3 })]).to.deep.equal([...w])
    expect([...standInClassWeights(keys, { seed: 4 }).values()]).to.not.deep.equal(values)
    expect(() => standInClassWeights(keys, { exponent: -1 })).to.throw('accuracy: stand-in weight exponent must be a finite number >= 0, got -1')
  })
})
