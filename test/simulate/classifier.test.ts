import { expect } from 'chai'
import { createWorld, selectImageAware, selectTextOnly } from '../../src/index.js'
import { centroidAccuracy, centroidTopKAccuracy, fitCentroidClassifier, predictCentroid, predictTopK, splitSelection } from '../../src/simulate/classifier.js'
import { TINY } from './small-world.js'

describe('simulate/classifier', () => {
  const world = createWorld(TINY, { seed: 41 })
  const sel = selectImageAware(world, { frequency: 0.5 })
  const { train, test } = splitSelection(world, sel, 0.5)

  it('splits each class into a training head and a held-out tail, losing no row', () => {
    expect(train.rows.length + test.rows.length).to.equal(sel.rows.length)
    const all = [...train.rows, ...test.rows].sort((a, b) => a - b)
    expect(all).to.deep.equal(Array.from(sel.rows))
    for (let c = 0; c < world.classes; c++) {
      const rows = Array.from(sel.rows).filter((_, r) => sel.labels[r] === c)
      const head = Array.from(train.rows).filter((_, r) => train.labels[r] === c)
      expect(head).to.deep.equal(rows.slice(0, Math.max(1, Math.round(0.5 * rows.length))))
    }
  })

  it('fits centroids as normalised class means and predicts the nearest one (brute force)', () => {
    const model = fitCentroidClassifier(world, train)
    const d = world.dim
    const c0 = Array.from(train.rows).filter((_, r) => train.labels[r] === 0)
    const mean = new Float64Array(d)
    for (const i of c0) for (let k = 0; k < d; k++) mean[k] += world.images[i * d + k]
    const len = Math.hypot(...mean)
    for (let k = 0; k < d; k++) expect(model.centroids[k]).to.be.closeTo(mean[k] / len, 1e-5)
    expect(model.counts[0]).to.equal(c0.length)

    const predicted = predictCentroid(world, model, test)
    for (let r = 0; r < test.rows.length; r += 7) {
      const i = test.rows[r]
      let best = -1
      let score = -Infinity
      for (let c = 0; c < world.classes; c++) {
        let s = 0
        for (let k = 0; k < d; k++) s += world.images[i * d + k] * model.centroids[c * d + k]
        if (s > score) {
          score = s
          best = c
        }
      }
      expect(predicted[r]).to.equal(best)
    }
  })

  it('reports the equi-weighted accuracy: the mean of per-class recalls', () => {
    const model = fitCentroidClassifier(world, train)
    const predicted = predictCentroid(world, model, test)
    const recalls: number[] = []
    for (let c = 0; c < world.classes; c++) {
      let n = 0
      let ok = 0
      for (let r = 0; r < test.rows.length; r++) {
        if (test.labels[r] !== c) continue
        n++
        if (predicted[r] === c) ok++
      }
      if (n > 0) recalls.push(ok / n)
    }
    const acc = centroidAccuracy(world, model, test)
    expect(acc.accuracy).to.be.closeTo(recalls.reduce((a, b) => a + b, 0) / recalls.length, 1e-12)
    expect(acc.classes).to.equal(recalls.length)
    expect(centroidAccuracy(world, model, selectTextOnly(world)).accuracy).to.be.within(0, 1)
  })

  it('reuses cached predictions across overlapping selections without changing them', () => {
    const model = fitCentroidClassifier(world, train)
    const cache = new Int32Array(world.size).fill(-1)
    const first = predictCentroid(world, model, test, { cache })
    expect(Array.from(first)).to.deep.equal(Array.from(predictCentroid(world, model, test)))
    expect(Array.from(test.rows).every((i, r) => cache[i] === first[r])).to.equal(true)
    // A poisoned cache entry proves the cache is read rather than recomputed.
    cache[test.rows[0]] = 999
    expect(predictCentroid(world, model, test, { cache })[0]).to.equal(999)
    expect(() => predictCentroid(world, model, test, { cache: new Int32Array(3) })).to.throw(`simulate: the prediction cache has 3 entries (expected one per candidate, ${world.size})`)
  })

  it('ranks the k nearest centroids, best first, and its top-1 is predictCentroid', () => {
    const model = fitCentroidClassifier(world, train)
    const top3 = predictTopK(world, model, test, 3)
    const top1 = predictCentroid(world, model, test)
    const d = world.dim
    for (let r = 0; r < test.rows.length; r += 11) {
      const i = test.rows[r]
      const scores = Array.from({ length: world.classes }, (_, c) => {
        let s = 0
        for (let k = 0; k < d; k++) s += world.images[i * d + k] * model.centroids[c * d + k]
        return { c, s }
      }).filter(({ c }) => model.counts[c] > 0).sort((a, b) => b.s - a.s || a.c - b.c)
      expect(Array.from(top3.subarray(3 * r, 3 * r + 3))).to.deep.equal(scores.slice(0, 3).map((x) => x.c))
      expect(top3[3 * r]).to.equal(top1[r])
    }
    const acc1 = centroidTopKAccuracy(world, model, test, 1).accuracy
    expect(acc1).to.be.closeTo(centroidAccuracy(world, model, test).accuracy, 1e-12)
    expect(centroidTopKAccuracy(world, model, test, 3).accuracy).to.be.at.least(acc1)
    expect(() => predictTopK(world, model, test, 0)).to.throw(`simulate: k must be an integer between 1 and the ${world.classes} trained classes, got 0`)
  })
})
