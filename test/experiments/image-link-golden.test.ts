import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { imageLinkDatasets, imageLinkMeans } from '../../src/experiments/image-link-measure.js'

interface Golden {
  params: { nSample: number, textThresholds: number[] }
  pool: { wnid: string, emb: number[], text: number, image: number, nsfw: string }[]
  imagenet: { labels: string[], emb: number[][] }
  referenceSize: number
  nsfwDropped: number
  datasets: { textThreshold: number, imageThreshold: number, rows: number[], size: number, goldenSearch: { imageThreshold4: number, size: number } }[]
  common: string[]
  means: { numpyMean: number, expected: number, sd: number, draws: number }[]
  imagenetMean: { numpyMean: number, expected: number, sd: number, draws: number }
}

// fixtures/make-image-link-golden.py transcribes the authors' lines (sample_laion_from_most_similars.py --remove_nsfw,
// choose_multimodal_filtering_similarity_thresholds.ipynb, calc_and_store_intra_class_image_similarities*.py,
// compare_intra_class_similarites_of_laionets.ipynb) and runs them with numpy on a 680-row pool of 6 classes.
const g = JSON.parse(readFileSync(fileURLToPath(new URL('fixtures/image-link-golden.json', import.meta.url)), 'utf8')) as Golden

describe('experiments: TMLR Sec. 4.2 the authors\' way (golden of their transcribed code)', () => {
  const pool = { text: g.pool.map((r) => r.text), image: g.pool.map((r) => r.image), nsfwOk: g.pool.map((r) => r.nsfw === 'UNLIKELY') }
  const chosen = imageLinkDatasets(pool, g.params.textThresholds)

  it('drops the NSFW rows, takes the reference size (text >= 0.82, image >= 0.2) and the datasets at the exact minimiser', () => {
    expect([chosen.size, chosen.fromReference, chosen.nsfwDropped]).to.deep.equal([g.referenceSize, true, g.nsfwDropped])
    expect(chosen.datasets.map((d) => d.rows)).to.deep.equal(g.datasets.map((d) => d.rows))
    expect(chosen.datasets.map((d) => d.imageThreshold)).to.deep.equal(g.datasets.map((d) => d.imageThreshold))
    // The authors' golden-section search lands beside the minimiser: their sizes are off by at most one row here.
    for (const d of g.datasets) expect(Math.abs(d.goldenSearch.size - g.referenceSize)).to.be.at.most(1)
  })

  it('pools the resampled pairs over the classes common to A-D, in each set and in ImageNet', async () => {
    const d = g.pool[0].emb.length
    const X = Float64Array.from(g.pool.flatMap((r) => r.emb))
    const sets = chosen.datasets.map((s) => {
      const rows = s.rows
      const Xs = new Float64Array(rows.length * d)
      rows.forEach((r, k) => Xs.set(X.subarray(r * d, r * d + d), k * d))
      return { X: Xs, labels: rows.map((r) => g.pool[r].wnid), d, maxPerClass: g.params.nSample }
    })
    const inet = { X: Float64Array.from(g.imagenet.emb.flat()), labels: g.imagenet.labels, d }
    const m = await imageLinkMeans(sets, inet)
    expect(m.common).to.deep.equal(g.common)
    m.sets.forEach((s, j) => {
      expect(s.draws, `draws of ${j}`).to.equal(g.means[j].draws)
      expect(s.expected, `expectation of ${j}`).to.be.closeTo(g.means[j].expected, 1e-12)
      expect(s.sd, `draw sd of ${j}`).to.be.closeTo(g.means[j].sd, 1e-12)
      // Our seeded draw and numpy's are two draws of the same law: both within 4 sd of the expectation.
      expect(s.mean).to.be.closeTo(g.means[j].expected, 4 * g.means[j].sd)
      expect(g.means[j].numpyMean).to.be.closeTo(g.means[j].expected, 4 * g.means[j].sd)
    })
    expect(m.imagenet!.missing).to.deep.equal([])
    expect(m.imagenet!.draws).to.equal(g.imagenetMean.draws)
    expect(m.imagenet!.expected).to.be.closeTo(g.imagenetMean.expected, 1e-12)
    expect(m.imagenet!.sd).to.be.closeTo(g.imagenetMean.sd, 1e-12)
    expect(m.imagenet!.mean).to.be.closeTo(g.imagenetMean.expected, 4 * g.imagenetMean.sd)
  })
})
