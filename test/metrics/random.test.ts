import { expect } from 'chai'
import { createRandom } from '../../src/index.js'

describe('metrics/random', () => {
  it('pins the first values for seed 42 (checked against an independent Python sfc32 + splitmix32)', () => {
    const r = createRandom(42)
    expect([r.next(), r.next(), r.next(), r.next()]).to.deep.equal([
      0.23955312534235418, 0.5859209857881069, 0.09323416277766228, 0.19866962218657136,
    ])
  })

  it('is deterministic per seed and differs across seeds', () => {
    const a = createRandom(7)
    const b = createRandom(7)
    const c = createRandom(8)
    const xs = Array.from({ length: 100 }, () => a.next())
    expect(Array.from({ length: 100 }, () => b.next())).to.deep.equal(xs)
    expect(Array.from({ length: 100 }, () => c.next())).to.not.deep.equal(xs)
  })

  it('next() is uniform on [0, 1): mean, variance and a 10-bin chi-square', () => {
    const r = createRandom(1)
    const N = 100_000
    const bins = new Array(10).fill(0)
    let sum = 0
    let sum2 = 0
    for (let i = 0; i < N; i++) {
      const x = r.next()
      expect(x >= 0 && x < 1).to.equal(true)
      sum += x
      sum2 += x * x
      bins[Math.floor(x * 10)]++
    }
    const mean = sum / N
    expect(mean).to.be.closeTo(0.5, 0.005) // SE 0.0009
    expect(sum2 / N - mean * mean).to.be.closeTo(1 / 12, 0.002)
    const chi2 = bins.reduce((s, o) => s + (o - N / 10) ** 2 / (N / 10), 0)
    expect(chi2).to.be.below(27.9) // 99.9% quantile of chi-square(9)
  })

  it('normal() has mean 0, variance 1 and normal tails', () => {
    const r = createRandom(2)
    const N = 100_000
    let sum = 0
    let sum2 = 0
    let beyond = 0
    for (let i = 0; i < N; i++) {
      const z = r.normal()
      sum += z
      sum2 += z * z
      if (Math.abs(z) > 1.96) beyond++
    }
    expect(sum / N).to.be.closeTo(0, 0.015)
    expect(sum2 / N).to.be.closeTo(1, 0.02)
    expect(beyond / N).to.be.closeTo(0.05, 0.004)
  })

  it('int(n) covers 0..n-1 evenly and rejects bad n', () => {
    const r = createRandom(3)
    const counts = new Array(7).fill(0)
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++
    for (const c of counts) expect(c).to.be.closeTo(10_000, 450)
    expect(() => r.int(0)).to.throw('random: int(n) needs an integer 1 <= n <= 2^32, got 0')
    expect(() => r.int(2.5)).to.throw('random: int(n) needs an integer 1 <= n <= 2^32, got 2.5')
    expect(r.int(1)).to.equal(0)
  })

  it('shuffle permutes in place; every position is uniform', () => {
    const r = createRandom(4)
    const firstCounts = new Array(5).fill(0)
    for (let t = 0; t < 20_000; t++) {
      const a = [0, 1, 2, 3, 4]
      expect(r.shuffle(a)).to.equal(a)
      expect([...a].sort()).to.deep.equal([0, 1, 2, 3, 4])
      firstCounts[a[0]]++
    }
    for (const c of firstCounts) expect(c).to.be.closeTo(4000, 250)
  })

  it('sample draws k distinct items without touching the input', () => {
    const r = createRandom(5)
    const items = ['a', 'b', 'c', 'd', 'e', 'f']
    const s = r.sample(items, 4)
    expect(s).to.have.length(4)
    expect(new Set(s).size).to.equal(4)
    expect(items).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f'])
    expect(r.sample(items, 0)).to.deep.equal([])
    expect(() => r.sample(items, 7)).to.throw('random: sample needs an integer 0 <= k <= 6 (the number of items), got 7')
  })

  it('fork gives an independent deterministic stream', () => {
    const a = createRandom(9).fork()
    const b = createRandom(9).fork()
    expect(a.next()).to.equal(b.next())
    expect(() => createRandom(NaN)).to.throw('random: seed must be a finite number, got NaN')
  })
})
