import { expect } from 'chai'
import { createRandom, intraClassStats } from '../../src/index.js'
import { gramBlocks, intraClassStatsAsync } from '../../src/metrics/intra-class-onnx.js'
import { smallClassStats } from '../../src/metrics/intra-class-batch.js'
import { intraClassByLabelAsync } from '../../src/metrics/intra-class-by-label.js'
import { gatherRows, groupRows, intraClassByLabel } from '../../src/metrics/group-rows.js'
import { unitRows } from './unit-rows.js'

/**
 * The definition in float64, pair by pair: mean and population variance of all pair cosines, and the jackknife
 * of the pair mean with each image left out (the left-out mean from the pair sums that do not touch the image).
 * Variances two-pass (sum of squared deviations), free of the cancellation of the one-pass identity.
 */
function bruteForce(X: ArrayLike<number>, n: number, d: number) {
  let sum = 0
  const sims: number[] = []
  const touching = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0
      for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k]
      sum += s
      sims.push(s)
      touching[i] += s
      touching[j] += s
    }
  }
  const pairs = (n * (n - 1)) / 2
  const mean = sum / pairs
  const loo = Array.from(touching, (t) => (sum - t) / (((n - 1) * (n - 2)) / 2))
  const looMean = loo.reduce((a, b) => a + b, 0) / n
  const se = Math.sqrt(((n - 1) / n) * loo.reduce((a, b) => a + (b - looMean) ** 2, 0))
  return { n, pairs, mean, var: sims.reduce((a, b) => a + (b - mean) ** 2, 0) / pairs, se } // two-pass variance
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

function expectClose(got: { mean: number, var: number, se: number, n: number, pairs: number }, want: ReturnType<typeof bruteForce>, tol = 1e-9) {
  expect([got.n, got.pairs]).to.deep.equal([want.n, want.pairs])
  expect(rel(got.mean, want.mean), 'mean').to.be.at.most(tol)
  expect(rel(got.var, want.var), 'var').to.be.at.most(tol)
  expect(rel(got.se, want.se), 'se').to.be.at.most(tol)
}

describe('metrics/intra-class on onnxruntime (float64 Gram)', function () {
  this.timeout(60_000)

  it('agrees with the float64 brute force within 1e-9 (float32 input, d = 64, n = 700)', async () => {
    const X = Float32Array.from(unitRows(createRandom(1), 700, 64, 1.5))
    expectClose(await intraClassStatsAsync(X, 700, 64, { engine: 'onnx' }), bruteForce(X, 700, 64))
  })

  it('agrees within 1e-9 on float64 input, odd and tiny widths, and rows of unequal norm', async () => {
    const rng = createRandom(2)
    for (const [n, d] of [[300, 5], [200, 2], [150, 33]]) {
      const X = unitRows(rng, n, d, () => 0.3 + rng.next())
      for (let i = 0; i < n; i += 7) for (let k = 0; k < d; k++) X[i * d + k] *= 0.99 // float16-like norms
      expectClose(await intraClassStatsAsync(X, n, d, { engine: 'onnx' }), bruteForce(X, n, d))
    }
  })

  it('cuts wide Grams into column blocks of about 128 and multiplies only those on and above the diagonal', async () => {
    expect(gramBlocks(64)).to.deep.equal([0, 64])
    expect(gramBlocks(257)).to.deep.equal([0, 129, 257]) // uneven halves
    expect(gramBlocks(512)).to.deep.equal([0, 128, 256, 384, 512])
    expect(gramBlocks(1600)).to.deep.equal([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600]) // at most 8
    // Each block count the brute force can check: 2 uneven blocks, 3 blocks, 4; chunks that split the rows unevenly.
    const rng = createRandom(9)
    for (const [n, d, chunkRows] of [[260, 257, 100], [200, 390, 64], [120, 512, 50]]) {
      const X = Float32Array.from(unitRows(rng, n, d, 1.2))
      expectClose(await intraClassStatsAsync(X, n, d, { engine: 'onnx', chunkRows }), bruteForce(X, n, d), 1e-10)
    }
  })

  it('gives the same statistics when the class is cut into chunks of 7 rows (the chunks\' Grams add)', async () => {
    const X = Float32Array.from(unitRows(createRandom(3), 200, 16))
    const want = bruteForce(X, 200, 16)
    expectClose(await intraClassStatsAsync(X, 200, 16, { engine: 'onnx', chunkRows: 7 }), want)
    expectClose(await intraClassStatsAsync(X, 200, 16, { engine: 'onnx', chunkRows: 200, threads: 1 }), want)
  })

  it('loses digits on a very tight class only as the one-pass identity must: error <= 1e-14 mean^2 / var', async () => {
    // var = E[s^2] - mean^2 cancels when the pair cosines barely vary: near-duplicate images, cosines ~0.9998.
    for (const spread of [0.1, 0.02]) {
      const X = Float32Array.from(unitRows(createRandom(4), 400, 32, spread))
      const want = bruteForce(X, 400, 32)
      const got = await intraClassStatsAsync(X, 400, 32, { engine: 'onnx' })
      const bound = 1e-14 * want.mean ** 2 / want.var
      expect(rel(got.mean, want.mean)).to.be.at.most(1e-12)
      expect(rel(got.var, want.var), `var, spread ${spread}`).to.be.at.most(bound)
      expect(rel(got.se, want.se), `se, spread ${spread}`).to.be.at.most(bound)
    }
  })

  it('matches the JavaScript engine on a class large enough for auto to pick onnxruntime (n = 10,000, d = 32)', async () => {
    const X = Float32Array.from(unitRows(createRandom(5), 10_000, 32))
    const js = intraClassStats(X, 10_000, 32)
    const auto = await intraClassStatsAsync(X, 10_000, 32)
    for (const k of ['mean', 'var', 'se'] as const) expect(rel(auto[k], js[k]), k).to.be.at.most(1e-9)
  })

  it('falls back to the JavaScript engine for small classes and for n < 2 (identical results)', async () => {
    const X = Float32Array.from(unitRows(createRandom(6), 40, 8))
    expect(await intraClassStatsAsync(X, 40, 8)).to.deep.equal(intraClassStats(X, 40, 8))
    expect(await intraClassStatsAsync(X.subarray(0, 8), 1, 8, { engine: 'onnx' })).to.deep.equal({ n: 1, pairs: 0, mean: NaN, var: NaN, se: NaN })
  })

  it('rejects an unknown engine, bad threads or chunk rows, and a wrong shape', async () => {
    const X = new Float32Array(8)
    const err = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message)
    expect(await err(intraClassStatsAsync(X, 4, 2, { engine: 'gpu' as 'js' }))).to.equal('intra-class: unknown engine "gpu" (expected auto, onnx or js)')
    expect(await err(intraClassStatsAsync(X, 4, 2, { threads: 0 }))).to.equal('intra-class: threads must be a positive integer, got 0')
    expect(await err(intraClassStatsAsync(X, 4, 2, { chunkRows: 1.5 }))).to.equal('intra-class: chunkRows must be a positive integer, got 1.5')
    expect(await err(intraClassStatsAsync(X, 3, 2))).to.match(/^intra-class: the matrix has 8 values \(expected n\*d = 3\*2 = 6\)/)
  })
})

describe('metrics/intra-class: many small classes batched on onnxruntime (n x n Gram), and the per-label entry point', function () {
  this.timeout(60_000)

  it('smallClassStats agrees with the brute force per class, for classes of many sizes over several batches', async () => {
    const rng = createRandom(7)
    const d = 24
    const sizes = [2, 3, 5, 8, 17, 23, 40, 40, 9]
    const X = Float32Array.from(unitRows(rng, sizes.reduce((a, b) => a + b, 0), d, () => 0.5 + rng.next()))
    // Rows of each class interleaved with the others' (the engine gathers them), starting from a shuffled order.
    const all = rng.sample(Array.from({ length: X.length / d }, (_, i) => i), X.length / d)
    let at = 0
    const classes = sizes.map((n) => all.slice(at, at += n))
    // batchValues = 400: classes of up to 8 rows have halves of 4 rows (2 x 4 x 24 = 192 values), two per call, so
    // batches split within one size too; larger ones go one per call.
    for (const batchValues of [400, 2 ** 22]) {
      const got = await smallClassStats(X, classes, d, { batchValues })
      classes.forEach((rows, c) => {
        const want = bruteForce(gatherRows(X, rows, d), rows.length, d)
        if (rows.length > 2) return expectClose(got[c], want)
        // One pair: no spread and no jackknife.
        expect(rel(got[c].mean, want.mean)).to.be.at.most(1e-9)
        expect([got[c].var, got[c].se]).to.deep.equal([0, NaN])
      })
    }
  })

  it('smallClassStats reads classes stored together, or in runs of rows, as the brute force does', async () => {
    const rng = createRandom(8)
    const d = 16
    const X = Float32Array.from(unitRows(rng, 120, d))
    // One class per consecutive range, one made of three runs, one whose halves meet inside a run, small ones of odd size.
    const classes = [[...range(0, 30)], [...range(30, 40), ...range(60, 70), ...range(45, 50)], [...range(70, 101)], [100, 101, 102], [7, 3, 5]]
    const got = await smallClassStats(X, classes, d)
    classes.forEach((rows, c) => expectClose(got[c], bruteForce(gatherRows(X, rows, d), rows.length, d)))
  })

  it('smallClassStats refuses a class without a pair, a row outside the matrix and a bad batch size', async () => {
    const X = new Float32Array(4 * 3)
    const err = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message)
    expect(await err(smallClassStats(X, [[0, 1], [2]], 3))).to.equal('intra-class: class 1 of the batch has 1 row(s) (expected at least 2; a single image has no pair)')
    expect(await err(smallClassStats(X, [[0, 4]], 3))).to.equal('intra-class: class 0 names row 4, outside the matrix of 4 rows')
    expect(await err(smallClassStats(X, [[0, 1]], 3, { batchValues: 0 }))).to.equal('intra-class: batchValues must be a positive integer, got 0')
  })

  it('intraClassByLabelAsync equals the brute force on each engine: a large class, small ones, a single image', async () => {
    const rng = createRandom(8)
    const d = 16
    const X = Float32Array.from(unitRows(rng, 160, d, 1.2))
    // n0: rows 0..99 (n >= d: the d x d Gram); n1: every 7th row after 100 plus a few; n2: 1 row; n3: the rest.
    const labels = Array.from({ length: 160 }, (_, i) => (i < 100 ? 'n0' : i === 100 ? 'n2' : i % 7 === 0 ? 'n1' : 'n3'))
    const want = new Map([...groupRows(labels)].map(([k, rows]) => [k, bruteForce(gatherRows(X, rows, d), rows.length, d)]))
    for (const engine of ['onnx', 'auto', 'js'] as const) {
      const got = await intraClassByLabelAsync(X, labels, d, { engine })
      expect([...got.keys()], engine).to.deep.equal(['n0', 'n1', 'n2', 'n3'])
      for (const k of ['n0', 'n1', 'n3']) expectClose(got.get(k)!, want.get(k)!)
      expect(got.get('n2')).to.deep.equal({ n: 1, pairs: 0, mean: NaN, var: NaN, se: NaN })
    }
    // The JavaScript engine (and auto on a job this small) is the synchronous function, bit for bit.
    expect(await intraClassByLabelAsync(X, labels, d, { engine: 'js', maxPerClass: 30 })).to.deep.equal(intraClassByLabel(X, labels, d, { maxPerClass: 30 }))
    expect(await intraClassByLabelAsync(X, labels, d, { maxPerClass: 30 })).to.deep.equal(intraClassByLabel(X, labels, d, { maxPerClass: 30 }))
  })

  it('intraClassByLabelAsync keeps the first maxPerClass rows and refuses bad options and mismatched labels', async () => {
    const d = 8
    const X = Float32Array.from(unitRows(createRandom(9), 60, d))
    const labels = Array.from({ length: 60 }, (_, i) => `n${i % 2}`)
    const got = await intraClassByLabelAsync(X, labels, d, { engine: 'onnx', maxPerClass: 12 })
    const rows = Array.from({ length: 12 }, (_, i) => 2 * i + 1)
    expectClose(got.get('n1')!, bruteForce(gatherRows(X, rows, d), 12, d))
    const err = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message)
    expect(await err(intraClassByLabelAsync(X, labels, d, { engine: 'gpu' as 'js' }))).to.equal('intra-class: unknown engine "gpu" (expected auto, onnx or js)')
    expect(await err(intraClassByLabelAsync(X, labels, d, { threads: 1.5 }))).to.equal('intra-class: threads must be a positive integer, got 1.5')
    expect(await err(intraClassByLabelAsync(X, labels.slice(1), d))).to.match(/^intra-class: 59 labels for a matrix of 60 rows/)
  })
})
