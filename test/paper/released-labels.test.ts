import { expect } from 'chai'
import { evaluatedClasses, loadImageNetClasses, loadReleasedLabels, summarizeReleasedLabels, paperValue } from '../../src/index.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { useContext } from '../helpers/context.js'

// Expected numbers counted independently with python3 (pickle.load + len/sum over the dict), not with our reader.
describe('paper/released-labels (the authors\' top-50 label pickles, tier released)', function () {
  this.timeout(60_000)
  before(function () {
    skipWithoutShared(this, 'data/paper/laionet_clip_top50_labels.pkl')
  })
  useContext(() => ({ dataMirror: shared('data') }))

  it('CLIP: Appendix B\'s 39,006 samples over 915 covered classes; 978 keys, 977 of them ImageNet classes', async () => {
    const labels = await loadReleasedLabels('clip')
    const wnids = (await loadImageNetClasses({ classInfoFile: shared('data/imagenet/class_info.json') })).map((c) => c.wnid)
    const s = summarizeReleasedLabels(labels, wnids)
    expect(s).to.deep.equal({ classes: 978, ilsvrcClasses: 977, coveredClasses: 915, samples: 39_006, distinctSamples: 39_006, fullClasses: 697, maxPerClass: 50, parts: 32 })
    expect(s.samples).to.equal(paperValue('appB.samples'))
    expect(s.classes).to.equal(paperValue('construction.matchedClasses'))
    expect([...labels.keys()].slice(0, 2)).to.deep.equal(['n03950228', 'n02808440'])
    expect(labels.get('n03950228')!.slice(0, 3)).to.deep.equal([2610564385, 607446067, 401030111])
    let sum = 0
    for (const v of labels.values()) for (const x of v) sum += x
    expect(sum).to.equal(60_556_587_057_484)
    // The husky typo is a key with no sample; the right husky and the second crane are not keys.
    expect(labels.get('n02112837')).to.deep.equal([])
    expect(labels.has('n02110185')).to.equal(false)
    expect(labels.has('n03126707')).to.equal(false)
    const evaluated = evaluatedClasses(labels, wnids)
    expect(evaluated).to.have.length(paperValue('fig1.evaluatedClasses'))
    expect(evaluated).to.not.include('n02112837')
  })

  it('MPNet: 41,265 samples over 938 covered classes, the same 978 keys', async () => {
    const mpnet = await loadReleasedLabels('mpnet')
    const clip = await loadReleasedLabels('clip')
    expect(summarizeReleasedLabels(mpnet)).to.deep.equal({ classes: 978, ilsvrcClasses: null, coveredClasses: 938, samples: 41_265, distinctSamples: 41_265, fullClasses: 745, maxPerClass: 50, parts: 32 })
    expect(new Set(mpnet.keys())).to.deep.equal(new Set(clip.keys()))
    let sum = 0
    for (const v of mpnet.values()) for (const x of v) sum += x
    expect(sum).to.equal(64_076_657_077_483)
  })

  it('refuses an unknown encoder', async () => {
    let message = ''
    try { await loadReleasedLabels('bert' as never) } catch (err) { message = (err as Error).message }
    expect(message).to.equal('released-labels: unknown encoder "bert" (expected \'clip\' or \'mpnet\')')
  })
})
