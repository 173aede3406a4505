import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { FIG9_SWEEP_THRESHOLDS, fig9ClassRows, fig9Compare, fig9LaionStats, fig9Selection, fig9SweepPoint } from '../../src/experiments/fig9-measure.js'
import { nearestInBlocks } from '../../src/experiments/laion-captions.js'
import type { CaptionBlock } from '../../src/experiments/laion-captions.js'
import { intraClassByLabelAsync } from '../../src/metrics/intra-class-by-label.js'

interface Golden {
  params: { nSample: number, threshold: number }
  laion: { parts: { part: number, rows: number }[], index: number[], text: number[][], image: Record<string, number[]> }
  captions: { filename: string, wnid: string, emb: number[] }[]
  centres: Record<string, number[]>
  alpha: Record<string, number>
  failed: number[]
  icTrain: { labels: string[], emb: number[][] }
  nearest: { index: number, similarity: number }[]
  selection: Record<string, number[]>
  stored: Record<string, number[]>
  at07: { compared: number, lowerShare: number, higherShare: number, plainLowerShare: number, classes: Record<string, { rows: number[] }> }
  sweep: { threshold: number, lowerShare: number, higherShare: number, classes: number }[]
}

// fixtures/make-fig9-golden.py transcribes the authors' Fig. 9 lines (find_most_similar_texts_to_texts.py,
// find_wnid_to_laion_indices_local.py, calc_and_store_intra_class_image_similarities{,_local}.py and the Fig. 9 cells
// of evaluate_distribution_of_similarities.ipynb) and runs them with numpy on 120 captions and 90 LAION rows in 3 parts.
const g = JSON.parse(readFileSync(fileURLToPath(new URL('fixtures/fig9-golden.json', import.meta.url)), 'utf8')) as Golden
const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n) }

describe('experiments: Fig. 9 the authors\' way (golden of their transcribed code)', () => {
  const d = g.laion.text[0].length
  const wnids = g.captions.map((c) => c.wnid)
  let nearest: Awaited<ReturnType<typeof nearestInBlocks>>

  before(async () => {
    // Each part is one block of captions named by their position; the "embedding" of a caption is its golden row.
    async function* parts(): AsyncGenerator<CaptionBlock> {
      let at = 0
      for (const p of g.laion.parts) {
        const rows = g.laion.index.slice(at, at + p.rows)
        yield { rows, texts: rows.map((_, i) => String(at + i)), urls: rows.map((r) => `http://x/${r}.jpg`) }
        at += p.rows
      }
    }
    const embed = async (texts: string[]) => ({ data: Float32Array.from(texts.flatMap((t) => g.laion.text[Number(t)])), dim: d })
    nearest = await nearestInBlocks(Float32Array.from(g.captions.flatMap((c) => c.emb)), d, parts(), embed)
  })

  it('finds each caption\'s nearest LAION caption over all parts (exact), with its global index and URL', () => {
    expect(Array.from(nearest.index)).to.deep.equal(g.nearest.map((n) => n.index))
    Array.from(nearest.similarity).forEach((s, q) => expect(s).to.be.closeTo(g.nearest[q].similarity, 1e-6))
    expect(nearest.url[0]).to.equal(`http://x/${g.nearest[0].index}.jpg`)
  })

  it('downloads the first n distinct nearest rows per class, before any threshold', () => {
    const sel = fig9Selection(wnids, nearest.index, g.params.nSample)
    expect(Object.fromEntries(sel)).to.deep.equal(g.selection)
  })

  it('at 0.7: the kept captions\' images with repeats, the >= 7-pair test, and the 0.5-0.75 sweep', async () => {
    const failed = new Set(g.failed)
    const sel = fig9Selection(wnids, nearest.index, g.params.nSample)
    const stored = new Map([...sel].map(([w, rows]) => [w, new Set(rows.filter((r) => !failed.has(r)))] as const).filter(([, s]) => s.size >= 2))
    expect(Object.fromEntries([...stored].map(([w, s]) => [w, [...s]]))).to.deep.equal(g.stored)
    // The stored images' embeddings, as the golden made them.
    const keyRow = new Map<string, number>()
    const X: number[] = []
    for (const [w, s] of stored) for (const r of s) { keyRow.set(`${w} ${r}`, keyRow.size); X.push(...unit(g.laion.image[String(r)].map((x, k) => x + g.alpha[w] * g.centres[w][k]))) }
    const XX = Float64Array.from(X)
    const ic = await intraClassByLabelAsync(Float64Array.from(g.icTrain.emb.flat()), g.icTrain.labels, d)
    const at07 = fig9ClassRows(wnids, nearest, stored, g.params.threshold)
    for (const [w, c] of Object.entries(g.at07.classes)) expect([...at07.get(w)!].sort((a, b) => a - b), w).to.deep.equal([...c.rows].sort((a, b) => a - b))
    const cmp = fig9Compare(await fig9LaionStats(at07, XX, keyRow, d), ic)
    expect([cmp.compared, cmp.paper.lowerShare, cmp.paper.higherShare, cmp.plain.lowerShare]).to.deep.equal([g.at07.compared, g.at07.lowerShare, g.at07.higherShare, g.at07.plainLowerShare])
    const sweep = []
    for (const t of FIG9_SWEEP_THRESHOLDS) sweep.push(fig9SweepPoint(t, await fig9LaionStats(fig9ClassRows(wnids, nearest, stored, t), XX, keyRow, d), ic))
    expect(sweep).to.deep.equal(g.sweep)
  })
})
