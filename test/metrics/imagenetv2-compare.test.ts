import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { compareFig7, fig7ClassSet } from '../../src/metrics/imagenetv2-compare.js'
import { intraClassByLabel } from '../../src/metrics/group-rows.js'
import { classRecall } from '../../src/metrics/accuracy.js'
import { projectedEquiAccuracy } from '../../src/metrics/imagenetv2.js'

// Golden from test/metrics/files/fig7/make_golden.py: the authors' notebook lines
// (compare_intra_class_similarites_of_laionet_vs_others.ipynb) run in numpy on input.json.
const dir = new URL('./files/fig7/', import.meta.url)
const input = JSON.parse(readFileSync(new URL('input.json', dir), 'utf8')) as { d: number, laionetClasses: Record<string, number>, sets: Record<string, { labels: string[], X: number[][] }> }
const golden = JSON.parse(readFileSync(new URL('golden.json', dir), 'utf8')) as { classes: string[], laionet: Record<string, Golden>, imagenet: Record<string, Golden> }
interface Golden { lower: number, higher: number, lowerShare: number, higherShare: number, delta: number[] }

const stats = (name: string) => {
  const s = input.sets[name]
  return intraClassByLabel(Float64Array.from(s.X.flat()), s.labels, input.d)
}
const VERSIONS = [['MatchedFrequency', 0.73], ['Threshold0.7', 0.85], ['TopImages', 0.93]] as const

describe('metrics/imagenetv2-compare (Fig. 7 on one class set)', () => {
  const listed = new Set(Object.entries(input.laionetClasses).filter(([, n]) => n > 0).map(([w]) => w))
  const laion = stats('LAIONet')
  const imagenet = stats('ImageNet validation')
  const versions = VERSIONS.map(([name, selectionFrequency]) => ({ name, selectionFrequency, stats: stats(name) }))

  it('selects the classes the notebook keeps: listed in LAIONet, >= 7 pairs in all five sets', () => {
    expect(fig7ClassSet(laion, versions.map((v) => v.stats), imagenet, listed)).to.deep.equal(golden.classes)
    // Without the label file, the class listed with no index (n10000013) comes back.
    expect(fig7ClassSet(laion, versions.map((v) => v.stats), imagenet)).to.include('n10000013')
  })

  it('reproduces the notebook\'s lower/higher counts, shares and deltas for LAIONet and ImageNet vs each version', () => {
    const out = compareFig7(laion, versions, imagenet, { laionetClasses: listed })
    expect(out.classes).to.deep.equal(golden.classes)
    for (const v of out.versions) {
      for (const side of ['laionet', 'imagenet'] as const) {
        const g = golden[side][v.name]
        const c = v[side]!
        expect([c.paper.lower, c.paper.higher, c.compared], `${side} vs ${v.name}`).to.deep.equal([g.lower, g.higher, golden.classes.length])
        expect(c.paper.lowerShare).to.equal(g.lowerShare)
        expect(c.paper.higherShare).to.equal(g.higherShare)
        c.classes.forEach((k, i) => expect(k.delta).to.be.closeTo(g.delta[i], 1e-12))
      }
    }
    // A sanity anchor the golden must carry: the sets differ in both directions somewhere.
    expect(Object.values(golden.imagenet).some((g) => g.higher > 0) && Object.values(golden.laionet).some((g) => g.lower > 0)).to.equal(true)
  })

  it('without a reference the ImageNet side is absent and the class set ignores ImageNet', () => {
    const out = compareFig7(laion, versions, null, { laionetClasses: listed })
    expect(out.versions.every((v) => v.imagenet === null)).to.equal(true)
    // n10000011 has 3 ImageNet images (3 pairs): back in the set once ImageNet is not a side.
    expect(out.classes).to.include('n10000011')
  })
})

describe('metrics/imagenetv2 projectedEquiAccuracy (Fig. 7 accuracy axis)', () => {
  // Golden from test/metrics/files/fig7/make_accuracy_golden.py: the notebook's projection and calc_utils' lines in numpy.
  const g = JSON.parse(readFileSync(new URL('./files/fig7/accuracy.json', import.meta.url), 'utf8')) as { rows: [string, string, boolean][], laionetClasses: string[], acc: number, acc_se: number, classes: number }

  it('averages per-class recall over the classes LAIONet lists (empty lists included) with the combined SE', () => {
    const table = classRecall(g.rows.map((r) => r[1]), g.rows.map((r) => r[2]))
    const out = projectedEquiAccuracy(table, new Set(g.laionetClasses))
    expect(out.classes).to.equal(g.classes)
    expect(out.accuracy).to.be.closeTo(g.acc, 1e-12)
    // statsmodels' Wilson at norm.ppf(0.975) = 1.95996..., its width over 2 * 1.96, as ours.
    expect(out.se).to.be.closeTo(g.acc_se, 1e-12)
    // Without the projection every class counts: the class LAIONet does not list changes the mean.
    expect(projectedEquiAccuracy(table, null).classes).to.equal(g.classes + 1)
  })
})
