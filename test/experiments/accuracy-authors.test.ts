import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_F_MIN_FREQUENCY, APP_F_MODELS, appF1Rows, fig1Rows } from '../../src/experiments/accuracy.js'
import type { Side } from '../../src/experiments/accuracy-sides.js'
import { classRecall, equiWeightedAccuracy } from '../../src/metrics/accuracy.js'
import { compareIntraClass } from '../../src/metrics/compare.js'
import { perImageClassStats } from '../../src/experiments/cross-modal.js'
import { root } from '../helpers/shared.js'

// Made by test/experiments/fixtures/authors-accuracy.py: the authors' calc_recall_per_y (with drop_if_true_cols=[OCR]),
// calc_equi_acc, their Fig. 1 error bars (cell 33) and their Appendix F.1 points (cells 35 and 41), on a small input.
type Row = Record<string, boolean | null | string | number>
const golden = JSON.parse(readFileSync(join(root, 'test/experiments/fixtures/authors-accuracy-golden.json'), 'utf8')) as {
  models: string[], laionet: Row[], imagenet: Row[],
  bars: Record<string, { laionet: number, xerr: number, imagenet: number, yerr: number }>,
  f1: Record<string, { wnid: string, prob: number, recall: number }[]>,
}

/** Our side of a model: the recall tables over the rows kept (LAIONet: the OCR-flagged left out, as the build's verdicts are). */
function sideOf(model: string, rows: Row[]): Side {
  const kept = rows.filter((r) => r.ocr !== true)
  const t1 = classRecall(kept.map((r) => r.wnid as string), kept.map((r) => r[model] as boolean | null))
  return { model, top1: equiWeightedAccuracy(t1), top5: equiWeightedAccuracy(t1), top1Table: t1, top5Table: t1, missing: t1.missing, spec: null }
}

describe('accuracy: the authors\' Fig. 1 error bars and Appendix F.1, against a transcription of their code', () => {
  const laionet = golden.models.map((m) => sideOf(m, golden.laionet))
  const imagenet = golden.models.map((m) => sideOf(m, golden.imagenet))

  it('Fig. 1: 1 SE on the ImageNet axis and 1.96 SE on the LAIONet axis, the SE of calc_equi_acc (OCR-flagged rows dropped)', () => {
    const rows = fig1Rows(imagenet, laionet).filter((r) => r.k === 1)
    expect(rows.map((r) => r.model)).to.deep.equal(golden.models)
    for (const r of rows) {
      const b = golden.bars[r.model]
      expect(r.imagenet, r.model).to.be.closeTo(b.imagenet, 1e-12)
      // statsmodels' Wilson interval at norm.ppf(0.975) = 1.959963985, its width over 2 * 1.96, as ours.
      expect(r.imagenetHalfWidth, r.model).to.be.closeTo(b.yerr, 1e-12)
      expect(r.laionet, r.model).to.be.closeTo(b.laionet, 1e-12)
      expect(r.laionetHalfWidth, r.model).to.be.closeTo(b.xerr, 1e-12)
    }
    // A model only one side has gets no point.
    expect(fig1Rows(imagenet.slice(1), laionet).some((r) => r.model === golden.models[0])).to.equal(false)
  })

  it('Appendix F.1: their four models, classes with >= 10 labels before the OCR drop, relative frequency of all labels', () => {
    expect([...APP_F_MODELS]).to.deep.equal(Object.keys(golden.f1))
    expect(APP_F_MIN_FREQUENCY).to.equal(10)
    // Frequencies: every label, flagged or not (the notebook's all_wnid2laionindices).
    const frequencies = new Map<string, number>()
    for (const r of golden.laionet) frequencies.set(r.wnid as string, (frequencies.get(r.wnid as string) ?? 0) + 1)
    // Hub ids name the same models (Xenova/vit-base-patch16-224 is the authors' vit-base-patch16-224).
    const sides = laionet.map((s) => ({ ...s, model: s.model === 'vit-base-patch16-224' ? 'Xenova/vit-base-patch16-224' : s.model }))
    const f1 = appF1Rows(sides, frequencies, new Map())
    expect(f1.authorsModels).to.equal(true)
    expect(f1.panels.map((p) => p.model)).to.deep.equal(['resnet-50', 'convnext-base-224', 'convnext-base-224-22k-1k', 'Xenova/vit-base-patch16-224'])
    for (const p of f1.panels) {
      const want = golden.f1[p.model.replace('Xenova/', '')]
      expect(p.rows.map((r) => r.wnid), p.model).to.deep.equal(want.map((w) => w.wnid))
      p.rows.forEach((r, i) => {
        expect(r.relativeFrequency).to.be.closeTo(want[i].prob, 1e-15)
        expect(r.recall).to.be.closeTo(want[i].recall, 1e-15)
      })
    }
    // None of their four models in the run: every model of the run, said so.
    const others = appF1Rows([laionet[4]], frequencies, new Map())
    expect([others.authorsModels, others.panels.map((p) => p.model)]).to.deep.equal([false, ['beit-base-patch16-224']])
  })
})

// Made by test/experiments/fixtures/authors-appd.py: the authors' Appendix D test (evaluate_distribution_of_similarities
// .ipynb cells 11, 29, 30) on per-image image-to-synset similarities.
const appD = JSON.parse(readFileSync(join(root, 'test/experiments/fixtures/authors-appd-golden.json'), 'utf8')) as {
  laion: { wnid: string, sim: number, ocr: boolean }[], ival: { wnid: string, sim: number }[], compared: string[], lowerShare: number, higherShare: number
}

describe('cross-modal: Appendix D as the authors test it', () => {
  it('every LAIONet image of a class after the OCR drop, n >= 7 a side, 1.96 std / sqrt(n - 1): their shares', () => {
    // The OCR-flagged images never reach the embedding (the build's verdicts skip them), so they are left out here.
    const kept = appD.laion.filter((r) => !r.ocr)
    const a = perImageClassStats(kept.map((r) => r.sim), kept.map((r) => r.wnid))
    const b = perImageClassStats(appD.ival.map((r) => r.sim), appD.ival.map((r) => r.wnid))
    const c = compareIntraClass(a, b)
    expect(c.classes.map((x) => x.key)).to.deep.equal(appD.compared)
    expect([c.paper.lowerShare, c.paper.higherShare]).to.deep.equal([appD.lowerShare, appD.higherShare])
    // A class of 150 LAIONet images is compared on all 150 minus its flagged ones (no first-100 cap).
    expect(a.get('n00001002')!.n).to.equal(kept.filter((r) => r.wnid === 'n00001002').length).and.be.above(100)
  })
})
