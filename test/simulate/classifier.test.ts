import { expect } from 'chai'
import { centroidAccuracy, createWorld, fitCentroidClassifier, predictCentroid, selectImageAware, selectTextOnly, splitSelection } from '../../src/index.js'
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
})
