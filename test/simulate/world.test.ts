import { expect } from 'chai'
import { createWorld } from '../../src/index.js'
import { SMALL, TINY, correlation } from './small-world.js'

function norm(X: Float32Array, i: number, d: number): number {
  let q = 0
  for (let k = 0; k < d; k++) q += X[i * d + k] ** 2
  return Math.sqrt(q)
}

function dot(a: Float32Array, i: number, b: Float32Array, j: number, d: number): number {
  let s = 0
  for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k]
  return s
}

describe('simulate/createWorld', () => {
  const world = createWorld(TINY, { seed: 3 })
  const d = world.dim

  it('is identical for the same seed and differs for another', () => {
    const again = createWorld(TINY, { seed: 3 })
    expect(Buffer.from(again.images.buffer).equals(Buffer.from(world.images.buffer))).to.equal(true)
    expect(Buffer.from(again.texts.buffer).equals(Buffer.from(world.texts.buffer))).to.equal(true)
    expect(Buffer.from(again.votes).equals(Buffer.from(world.votes))).to.equal(true)
    const other = createWorld(TINY, { seed: 4 })
    expect(Buffer.from(other.images.buffer).equals(Buffer.from(world.images.buffer))).to.equal(false)
  })

  it('rejects a non-integer seed', () => {
    expect(() => createWorld(TINY, { seed: 1.5 })).to.throw('simulate: seed must be an integer, got 1.5')
  })

  it('makes unit-length images, captions, centres and synset texts', () => {
    for (let i = 0; i < world.size; i += 97) {
      expect(norm(world.images, i, d)).to.be.closeTo(1, 1e-5)
      expect(norm(world.texts, i, d)).to.be.closeTo(1, 1e-5)
    }
    for (let c = 0; c < world.classes; c++) {
      expect(norm(world.classCentres, c, d)).to.be.closeTo(1, 1e-5)
      expect(norm(world.synsetTexts, c, d)).to.be.closeTo(1, 1e-5)
    }
  })

  it('measures similarities as the cosines they are documented to be', () => {
    for (let i = 0; i < world.size; i += 31) {
      const c = world.matchedClass[i]
      expect(world.clipScore[i]).to.be.closeTo(dot(world.images, i, world.texts, i, d), 1e-5)
      if (c < 0) {
        expect(world.textSimilarity[i]).to.be.NaN
        continue
      }
      expect(world.textSimilarity[i]).to.be.closeTo(dot(world.texts, i, world.synsetTexts, c, d), 1e-5)
      expect(world.imageSimilarity[i]).to.be.closeTo(dot(world.images, i, world.synsetTexts, c, d), 1e-5)
      expect(world.typicality[i]).to.be.closeTo(dot(world.images, i, world.classCentres, c, d), 1e-5)
    }
  })

  it('spreads captions evenly over classes and matches the class, a homonym or nothing', () => {
    const perClass = new Int32Array(world.classes)
    for (let i = 0; i < world.size; i++) {
      perClass[world.captionClass[i]]++
      const m = world.matchedClass[i]
      if (world.homonym[i] === 1) expect(m).to.equal(world.homonymOf[world.captionClass[i]])
      else if (m >= 0) expect(m).to.equal(world.captionClass[i])
    }
    expect(Math.max(...perClass) - Math.min(...perClass)).to.be.at.most(2)
    for (let c = 0; c < world.classes; c++) expect(world.homonymOf[c]).to.not.equal(c)
  })

  it('names the class in about lemmaRate of captions and mislabels about labelNoise of images', () => {
    const w = createWorld({ ...SMALL, lemmaRate: 0.3, labelNoise: 0.2 }, { seed: 5 })
    let named = 0
    let wrong = 0
    for (let i = 0; i < w.size; i++) {
      if (w.matchedClass[i] >= 0) named++
      if (w.imageClass[i] !== w.captionClass[i]) wrong++
    }
    // Binomial standard deviations at n = 30,000 are about 0.003; allow 5 of them.
    expect(named / w.size).to.be.closeTo(0.3, 0.015)
    expect(wrong / w.size).to.be.closeTo(0.2, 0.015)
  })

  it('draws about coreWeight of the images from the core, and core images are more typical', () => {
    const w = createWorld(SMALL, { seed: 6 })
    let core = 0
    let coreTyp = 0
    let atypTyp = 0
    for (let i = 0; i < w.size; i++) {
      const typ = dot(w.images, i, w.classCentres, w.imageClass[i], w.dim)
      if (w.mode[i] === 0) {
        core++
        coreTyp += typ
      } else atypTyp += typ
    }
    expect(core / w.size).to.be.closeTo(w.config.coreWeight, 0.015)
    expect(coreTyp / core).to.be.greaterThan(atypTyp / (w.size - core) + 0.1)
  })

  it('keeps the images when only a caption dial changes (independent streams)', () => {
    const other = createWorld({ ...TINY, captionDescribesImage: 0.9, lemmaRate: 0.2, annotators: 20 }, { seed: 3 })
    expect(Buffer.from(other.images.buffer).equals(Buffer.from(world.images.buffer))).to.equal(true)
  })

  it('makes the caption independent of the image when captions describe nothing of it (the bottleneck)', () => {
    // With captionDescribesImage = 0 the graph has no X -> T edge: changing how images are drawn
    // must leave every caption embedding bit-identical.
    const a = createWorld({ ...TINY, captionDescribesImage: 0 }, { seed: 8 })
    const b = createWorld({ ...TINY, captionDescribesImage: 0, coreSpread: 2, modeDistance: 0.1 }, { seed: 8 })
    expect(Buffer.from(a.images.buffer).equals(Buffer.from(b.images.buffer))).to.equal(false)
    expect(Buffer.from(a.texts.buffer).equals(Buffer.from(b.texts.buffer))).to.equal(true)
  })

  it('ties text similarity to typicality only as far as captions describe the image', () => {
    const corr = (rho: number): number => {
      const w = createWorld({ ...SMALL, captionDescribesImage: rho, captionDetailSpread: 0 }, { seed: 9 })
      const ts: number[] = []
      const ty: number[] = []
      for (let i = 0; i < w.size; i++) {
        if (w.matchedClass[i] >= 0 && w.homonym[i] === 0) {
          ts.push(w.textSimilarity[i])
          ty.push(w.typicality[i])
        }
      }
      return correlation(ts, ty)
    }
    const none = corr(0)
    const whole = corr(1)
    expect(Math.abs(none)).to.be.below(0.03)
    expect(whole).to.be.above(0.5)
  })

  it('has annotators accept typical images more often', () => {
    const w = createWorld(SMALL, { seed: 10 })
    const ty: number[] = []
    const votes: number[] = []
    for (let i = 0; i < w.size; i++) {
      if (w.matchedClass[i] >= 0) {
        ty.push(w.typicality[i])
        votes.push(w.votes[i])
      }
    }
    expect(Math.max(...votes)).to.be.at.most(w.config.annotators)
    expect(correlation(ty, votes)).to.be.above(0.5)
    // Blind annotators (sharpness 0) accept with probability 1/2 whatever the image.
    const blind = createWorld({ ...SMALL, annotatorSharpness: 0 }, { seed: 10 })
    let sum = 0
    let matched = 0
    for (let i = 0; i < blind.size; i++) {
      if (blind.matchedClass[i] < 0) {
        expect(blind.votes[i]).to.equal(0) // nothing was searched for, nobody was asked
        continue
      }
      sum += blind.votes[i]
      matched++
    }
    expect(sum / matched / blind.config.annotators).to.be.closeTo(0.5, 0.01)
  })

  it('drops exactly the lowest-scoring share of the pool with the CLIP-like pre-filter', () => {
    const w = createWorld({ ...TINY, clipPrefilterDrop: 0.3 }, { seed: 11 })
    let removed = 0
    let maxRemoved = -Infinity
    let minKept = Infinity
    for (let i = 0; i < w.size; i++) {
      if (w.inPool[i] === 0) {
        removed++
        maxRemoved = Math.max(maxRemoved, w.clipScore[i])
      } else minKept = Math.min(minKept, w.clipScore[i])
    }
    expect(removed).to.equal(Math.floor(0.3 * w.size))
    expect(maxRemoved).to.be.at.most(minKept)
    expect(world.inPool.every((v) => v === 1)).to.equal(true)
  })
})
