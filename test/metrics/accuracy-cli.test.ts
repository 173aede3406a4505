import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { useContext } from '../helpers/context.js'

describe('cli: laionet accuracy', function () {
  this.timeout(120_000)
  before(function () {
    skipWithoutShared(this, 'data/paper/ILSVRC2012_val.parquet')
  })
  useContext(() => ({ dataMirror: shared('data') }))

  it('--paper-val --json prints one object per model with the contract keys', async () => {
    const { code, stdout, stderr } = await runCli(['accuracy', '--paper-val', shared('data/paper/ILSVRC2012_val.parquet'), '--json'])
    expect(stderr).to.equal('') // no label mismatch reported
    expect(code).to.equal(0)
    const rows = JSON.parse(stdout) as Record<string, number | string>[]
    expect(rows).to.have.length(30)
    expect(Object.keys(rows[0])).to.deep.equal(['model', 'top1', 'top5', 'top1_per_class', 'top5_per_class', 'top1_per_class_se', 'top5_per_class_se',
      'per_class_classes', 'top1_per_class_all', 'top5_per_class_all', 'classes', 'images'])
    const r50 = rows.find((r) => r.model === 'resnet-50')!
    expect(r50.top1).to.be.closeTo(0.8005, 5e-5)
    expect(r50.images).to.equal(49100)
    expect(r50.classes).to.equal(1000)
    for (const r of rows) {
      expect(r.top5 as number).to.be.above(r.top1 as number)
      expect(Math.abs((r.top1 as number) - (r.top1_per_class as number))).to.be.below(0.003) // 49-50 images per class: nearly equal weights
    }
  })

  it('--classes <labels.pkl> averages over the 977 label classes in validation, as the authors do (python transcription)', async () => {
    const { code, stdout } = await runCli(['accuracy', '--paper-val', shared('data/paper/ILSVRC2012_val.parquet'), '--classes', shared('data/paper/laionet_clip_top50_labels.pkl'), '--json'])
    expect(code).to.equal(0)
    const rows = JSON.parse(stdout) as Record<string, number | string>[]
    // Expected values: test/metrics/files/authors-val-accuracy.py, a python transcription of the authors'
    // utils/calc_utils.py (calc_recall_per_y with statsmodels' Wilson interval, combine_recalls) over the
    // wnid2imagenames projected on the pickle's keys (their Fig. 1 notebook), run on the same files.
    const golden = JSON.parse(readFileSync(new URL('./files/authors-val-accuracy-golden.json', import.meta.url), 'utf8')) as Record<string, Record<string, number>>
    const expected = Object.fromEntries(Object.entries(golden).map(([m, g]) => [m, [g.top1, g.top1_se, g.top5, g.top5_se, g.top1_all, g.top5_all]]))
    for (const [model, [t1, se1, t5, se5, all1, all5]] of Object.entries(expected)) {
      const r = rows.find((x) => x.model === model)!
      expect(r.per_class_classes, model).to.equal(977)
      expect(r.top1_per_class as number, model).to.be.closeTo(t1, 1e-12)
      expect(r.top1_per_class_se as number, model).to.be.closeTo(se1, 1e-12)
      expect(r.top5_per_class as number, model).to.be.closeTo(t5, 1e-12)
      expect(r.top5_per_class_se as number, model).to.be.closeTo(se5, 1e-12)
      expect(r.top1_per_class_all as number, model).to.be.closeTo(all1, 1e-12)
      expect(r.top5_per_class_all as number, model).to.be.closeTo(all5, 1e-12)
    }
    expect(rows.every((r) => r.per_class_classes === 977)).to.equal(true)
    const table = await runCli(['accuracy', '--paper-val', shared('data/paper/ILSVRC2012_val.parquet'), '--classes', shared('data/paper/laionet_clip_top50_labels.pkl')])
    expect(table.stdout.split('\n')[0]).to.contain('per-class means over 977 classes (the --classes keys in validation)')
    const bad = await runCli(['accuracy', '--imagenetv2', 'x', '--classes', 'y.pkl'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.match(/^laionet accuracy: --classes goes with --paper-val\n/)
  })

  it('--imagenetv2 --json prints 48 (dataset, model) rows', async () => {
    const { code, stdout } = await runCli(['accuracy', '--imagenetv2', shared('data/imagenetv2'), '--json'])
    expect(code).to.equal(0)
    const rows = JSON.parse(stdout) as Record<string, number | string>[]
    expect(rows).to.have.length(48)
    expect(Object.keys(rows[0])).to.deep.equal(['dataset', 'model', 'top1', 'top5', 'images'])
    expect(rows.find((r) => r.dataset === 'imagenetv2-b-33' && r.model === 'resnet50')!.top1).to.be.closeTo(0.6333, 5e-5)
  })

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await runCli(['accuracy', '--imagenetv2', shared('data/imagenetv2')])
    expect(code).to.equal(0)
    expect(stdout.split('\n')[0]).to.match(/^dataset\s+model\s+top-1\s+top-5 images/)
    expect(stdout).to.match(/imagenetv2-b-33\s+resnet50\s+63\.33\s+84\.65 10000/)
  })

  it('rejects bad usage, naming the flags', async () => {
    const none = await runCli(['accuracy'])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.match(/^laionet accuracy: give exactly one of --paper-val <parquet> or --imagenetv2 <dir>\n/)
    const both = await runCli(['accuracy', '--paper-val', 'a', '--imagenetv2', 'b'])
    expect(both.stderr).to.match(/^laionet accuracy: give exactly one of --paper-val <parquet> or --imagenetv2 <dir>\n/)
    const missing = await runCli(['accuracy', '--paper-val', '/nonexistent.parquet'])
    expect(missing.code).to.equal(1)
    expect(missing.stderr).to.contain('/nonexistent.parquet')
  })
})
