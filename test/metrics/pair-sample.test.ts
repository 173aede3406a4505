import { expect } from 'chai'
import { createRandom } from '../../src/index.js'
import { pooledPairSample, pooledPairSamples, samplePairSimilarities, selectPerClass } from '../../src/metrics/pair-sample.js'

/** Rows e_0 .. e_{n-1} scaled so that row i . row j = i * j / 100 (a known value for every pair). */
function knownPairs(n: number): Float64Array {
  // Rank-one rows x_i = (i / 10) * u with u = (1, 0): x_i . x_j = i j / 100.
  return Float64Array.from({ length: n * 2 }, (_, k) => (k % 2 === 0 ? Math.floor(k / 2) / 10 : 0))
}

describe('metrics/pair-sample', () => {
  it('draws min(#pairs, perClass) similarities of distinct rows, deterministically per seed', () => {
    const X = knownPairs(20)
    const a = samplePairSimilarities(X, 20, 2, { seed: 3 })
    expect(a).to.have.length(100)
    expect(Array.from(samplePairSimilarities(X, 20, 2, { seed: 3 }))).to.deep.equal(Array.from(a))
    expect(Array.from(samplePairSimilarities(X, 20, 2, { seed: 4 }))).to.not.deep.equal(Array.from(a))
    const valid = new Set<number>()
    for (let i = 0; i < 20; i++) for (let j = i + 1; j < 20; j++) valid.add((i / 10) * (j / 10))
    for (const s of a) expect(valid.has(s), `similarity ${s} is a pair of distinct rows`).to.equal(true)
    // 4 rows have 6 pairs: only 6 draws; 1 row: none.
    expect(samplePairSimilarities(X.subarray(0, 8), 4, 2)).to.have.length(6)
    expect(samplePairSimilarities(X.subarray(0, 2), 1, 2)).to.have.length(0)
  })

  it('samples pairs uniformly: each of the 3 pairs of 3 rows about a third of the time', () => {
    // rows 1, 2, 3 (times u/10): pair products 0.02, 0.03, 0.06
    const X = new Float64Array([0.1, 0, 0.2, 0, 0.3, 0])
    const s = samplePairSimilarities(X, 3, 2, { seed: 9, perClass: 30_000 })
    expect(s).to.have.length(3) // min(#pairs = 3, 30000)
    const rng = createRandom(1)
    const counts = new Map<number, number>()
    // Pool 20,000 one-draw samples from independent seeds to check uniformity over pairs.
    for (let t = 0; t < 20_000; t++) {
      const v = samplePairSimilarities(X, 3, 2, { seed: rng.int(2 ** 31), perClass: 1 })[0]
      const key = Math.round(v * 100)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).to.deep.equal([2, 3, 6])
    for (const c of counts.values()) expect(c).to.be.closeTo(20_000 / 3, 300)
  })

  it('pools per class over sorted labels, honouring maxPerClass', () => {
    const X = knownPairs(30)
    const labels = Array.from({ length: 30 }, (_, i) => (i < 5 ? 'b' : i < 6 ? 'c' : 'a'))
    // a: 24 rows (276 pairs) -> 100 draws; b: 5 rows -> 10; c: 1 row -> 0
    const pooled = pooledPairSample(X, labels, 2, { seed: 1 })
    expect(pooled).to.have.length(110)
    // b's rows are 0..4, so its similarities are at most 0.4 * 0.3 = 0.12, and they come after a's 100.
    for (const s of pooled.subarray(100)) expect(s).to.be.at.most(0.12 + 1e-12)
    expect(pooledPairSample(X, labels, 2, { seed: 1, maxPerClass: 3 })).to.have.length(6) // 3 + 3 pairs
    expect(Array.from(pooledPairSample(X, labels, 2, { seed: 1 }))).to.deep.equal(Array.from(pooled))
    expect(() => pooledPairSample(X, labels.slice(2), 2)).to.throw('intra-class: 28 labels for a matrix of 30 rows of width 2')
  })

  it("Fig. 6 pooling: 'shared' (authors) pools only the classes both sets have; 'all' (ours before) every class", () => {
    // Set a: class x (rows 0..9), y (10..14), z (15, one image: no pair). Set b: x (0..4), w (5..9).
    const X = knownPairs(20)
    const a = { X, labels: Array.from({ length: 20 }, (_, i) => (i < 10 ? 'x' : i < 15 ? 'y' : i === 15 ? 'z' : 'y')), d: 2 }
    const b = { X: X.subarray(0, 20), labels: Array.from({ length: 10 }, (_, i) => (i < 5 ? 'x' : 'w')), d: 2 }
    const shared = pooledPairSamples(a, b, { seed: 2 })
    // Authors: common_wnids = x only; per class min(#pairs, 100): a's x has 45 pairs, b's x has 10.
    expect(shared.classes).to.deep.equal(['x'])
    expect(shared.pool).to.equal('shared')
    expect([shared.a.length, shared.b.length]).to.deep.equal([45, 10])
    const all = pooledPairSamples(a, b, { seed: 2, pool: 'all' })
    // a: x 45 + y (9 rows: 36 pairs) = 81; b: x 10 + w 10 = 20.
    expect(all.classes).to.deep.equal(['w', 'x', 'y'])
    expect([all.a.length, all.b.length]).to.deep.equal([81, 20])
    expect(Array.from(pooledPairSample(a.X, a.labels, 2, { seed: 2, classes: ['x'] }))).to.deep.equal(Array.from(shared.a))
    expect(() => pooledPairSamples(a, b, { pool: 'some' as never })).to.throw('intra-class: pool "some" (expected \'shared\' or \'all\')')
  })

  it("first 100 per class: 'file' order by default, 'random' a seeded sample without replacement", () => {
    // class a: rows 0, 2, 4, ..., 298 (150 rows); class b: rows 1, 3, 5 (3 rows); the rest c.
    const labels = Array.from({ length: 320 }, (_, i) => (i < 300 ? (i % 2 === 0 ? 'a' : (i < 6 ? 'b' : 'c')) : 'c'))
    const first = selectPerClass(labels)
    const a = first.filter((r) => labels[r] === 'a')
    expect(a).to.deep.equal(Array.from({ length: 100 }, (_, i) => 2 * i)) // rows 0..198
    expect(first.filter((r) => labels[r] === 'b')).to.deep.equal([1, 3, 5])
    const random = selectPerClass(labels, { order: 'random', seed: 7 })
    const ra = random.filter((r) => labels[r] === 'a')
    expect(ra).to.have.length(100)
    expect(new Set(ra).size).to.equal(100)
    expect(ra.every((r) => r % 2 === 0 && r < 300)).to.equal(true)
    expect(ra).to.not.deep.equal(a)
    expect(selectPerClass(labels, { order: 'random', seed: 7 })).to.deep.equal(random)
    expect(selectPerClass(labels, { order: 'random', seed: 8 })).to.not.deep.equal(random)
    expect(random.filter((r) => labels[r] === 'b')).to.deep.equal([1, 3, 5]) // fewer than 100: all of them
    expect([...random].sort((x, y) => x - y)).to.deep.equal(random)
    // Uniform: over 400 seeds every row of class a is drawn 100/150 of the time, about 267 times.
    const counts = new Map<number, number>()
    for (let s = 0; s < 400; s++) for (const r of selectPerClass(labels, { order: 'random', seed: s })) if (labels[r] === 'a') counts.set(r, (counts.get(r) ?? 0) + 1)
    for (const c of counts.values()) expect(c).to.be.within(267 - 60, 267 + 60)
    expect(() => selectPerClass(labels, { perClass: 0 })).to.throw('intra-class: perClass must be a positive integer, got 0')
    expect(() => selectPerClass(labels, { order: 'set' as never })).to.throw('intra-class: order "set" (expected \'file\' or \'random\')')
  })
})
