import { expect } from 'chai'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

describe('cli: laionet accuracy', function () {
  this.timeout(120_000)
  const saved = process.env.LAIONET_DATA_MIRROR
  before(function () {
    skipWithoutShared(this, 'data/paper/ILSVRC2012_val.parquet')
    process.env.LAIONET_DATA_MIRROR = shared('data')
  })
  after(() => {
    if (saved === undefined) delete process.env.LAIONET_DATA_MIRROR
    else process.env.LAIONET_DATA_MIRROR = saved
  })

  it('--paper-val --json prints one object per model with the contract keys', async () => {
    const { code, stdout, stderr } = await runCli(['accuracy', '--paper-val', shared('data/paper/ILSVRC2012_val.parquet'), '--json'])
    expect(stderr).to.equal('') // no label mismatch reported
    expect(code).to.equal(0)
    const rows = JSON.parse(stdout) as Record<string, number | string>[]
    expect(rows).to.have.length(30)
    expect(Object.keys(rows[0])).to.deep.equal(['model', 'top1', 'top5', 'top1_per_class', 'top5_per_class', 'classes', 'images'])
    const r50 = rows.find((r) => r.model === 'resnet-50')!
    expect(r50.top1).to.be.closeTo(0.8005, 5e-5)
    expect(r50.images).to.equal(49100)
    expect(r50.classes).to.equal(1000)
    for (const r of rows) {
      expect(r.top5 as number).to.be.above(r.top1 as number)
      expect(Math.abs((r.top1 as number) - (r.top1_per_class as number))).to.be.below(0.003) // 49-50 images per class: nearly equal weights
    }
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
