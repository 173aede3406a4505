import { expect } from 'chai'
import { examplesGrid, examplesGridHtml, fig7Panels, imageNetSampleItems } from '../../src/index.js'
import { imageDataUri } from '../../src/plots/figures/examples-grid.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { currentContext, projectContext, withContext } from '../../src/util/context.js'

describe('plots: Fig. 7 panels and the qualitative examples grid', () => {
  it('fig7Panels: LAIONet and ImageNet panels, versions by selection frequency, the paper\'s MatchedFrequency diamonds', () => {
    const f = fig7Panels({
      tier: 'simulated', matchedFrequency: '>= 0.73',
      versions: [
        { name: '>= 0.93', selectionFrequency: 0.93, laionet: { lower: 0.6, higher: 0.1 }, imagenet: { lower: 0.05, higher: 0.4 } },
        { name: '>= 0.73', selectionFrequency: 0.73, laionet: { lower: 0.3, higher: 0.35 }, imagenet: { lower: 0.1, higher: 0.2 } },
      ],
    })
    expect(f.data.map((t) => [t.name, t.xaxis, t.y])).to.deep.equal([
      ['significantly lower', 'x', [30, 60]], ['significantly higher', 'x', [35, 10]],
      ['significantly lower', 'x2', [10, 5]], ['significantly higher', 'x2', [20, 40]],
      ['paper, LAIONet vs MatchedFrequency (lower, higher)', 'x', [32, 38.3]],
    ])
    expect(f.data[0].x).to.deep.equal(['&gt;= 0.73 (0.73)', '&gt;= 0.93 (0.93)'])
    expect(f.layout.barmode).to.equal('group')
    expect(() => fig7Panels({ tier: 'simulated', matchedFrequency: 'x', versions: [{ name: 'a', selectionFrequency: 0.7, laionet: { lower: 0, higher: 0 } }] }))
      .to.throw('plots: fig7-panels input matchedFrequency "x" names no version (a)')
    expect(() => fig7Panels({ tier: 'simulated', versions: [{ name: 'a', selectionFrequency: 0.7, laionet: { lower: NaN, higher: 0 } }] }))
      .to.throw('plots: fig7-panels input version "a" needs a finite selectionFrequency and laionet (and imagenet) lower/higher shares')
  })

  it('examplesGrid: quartiles by text similarity (1 = most similar), perQuartile from the top of each; no similarity: file order', () => {
    const items = [0.1, 0.9, 0.5, 0.7, 0.3, 0.8, 0.2, 0.6].map((s, i) => ({ wnid: 'a', caption: `c${i}`, similarity: s }))
    const plainItems = [{ wnid: 'b', caption: 'first' }, { wnid: 'b', caption: 'second' }]
    const grid = examplesGrid([...items, ...plainItems], { perQuartile: 1 })
    // sorted: 0.9 c1, 0.8 c5, 0.7 c3, 0.6 c7, 0.5 c2, 0.3 c4, 0.2 c6, 0.1 c0 -> quartiles of 2
    expect(grid[0].groups.map((g) => [g.quartile, g.items.map((x) => x.caption)])).to.deep.equal([[1, ['c1']], [2, ['c3']], [3, ['c2']], [4, ['c6']]])
    expect(grid[1].groups).to.deep.equal([{ quartile: null, items: plainItems }])
    expect(examplesGrid([...items, ...plainItems], { classes: ['b'] }).map((c) => c.wnid)).to.deep.equal(['b'])
  })

  it('examplesGridHtml: escapes captions, names and URLs; refuses an unsafe image source', () => {
    const grid = examplesGrid([{ wnid: 'n1', name: "jack-o'-lantern <b>", caption: '<script>alert(1)</script> & "x"', image: 'https://example.org/a.jpg?x=1&y="2"', similarity: 0.9 }])
    const html = examplesGridHtml(grid, { title: 'T <i>', tier: 'real' })
    expect(html).to.not.contain('<script>')
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;')
    expect(html).to.contain('jack-o&#39;-lantern &lt;b&gt;')
    expect(html).to.contain('src="https://example.org/a.jpg?x=1&amp;y=&quot;2&quot;"')
    expect(html).to.contain('T &lt;i&gt; <span style="font-weight:normal;font-size:12px">(tier: real)</span>')
    expect(() => examplesGridHtml(examplesGrid([{ wnid: 'n1', image: 'javascript:alert(1)' }]), { tier: 'real' }))
      .to.throw('plots: examples-grid input image of "n1" must be a base64 data:image URI or an http(s) URL, got "javascript:alert(1)"')
  })

  it('imageDataUri: a small JPEG data URI of a real ImageNet sample', async function () {
    skipWithoutShared(this, 'data/imagenet/samples/n01440764_tench.JPEG')
    const uri = await imageDataUri(shared('data/imagenet/samples/n01440764_tench.JPEG'), { height: 32 })
    expect(uri).to.match(/^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/)
    const bytes = Buffer.from(uri.slice('data:image/jpeg;base64,'.length), 'base64')
    expect([bytes[0], bytes[1]]).to.deep.equal([0xff, 0xd8])
    let message = ''
    try { await imageDataUri('/nonexistent.jpg') } catch (err) { message = (err as Error).message }
    expect(message).to.equal('examples-grid: cannot read image /nonexistent.jpg (ENOENT)')
  })

  it("imageNetSampleItems: the manifest's sample of each class, named from its file (apostrophes kept, escaped in HTML)", async function () {
    skipWithoutShared(this, 'data/imagenet/samples/n01440764_tench.JPEG')
    await withContext(projectContext({ ...currentContext(), dataMirror: shared('data') }), async () => {
      const items = await imageNetSampleItems(['n03590841', 'n01440764'], { height: 24 })
      expect(items.map((i) => [i.wnid, i.name])).to.deep.equal([['n03590841', "jack-o'-lantern"], ['n01440764', 'tench']])
      expect(items.every((i) => i.image!.startsWith('data:image/jpeg;base64,'))).to.equal(true)
      expect(examplesGridHtml(examplesGrid(items), { tier: 'real' })).to.contain('jack-o&#39;-lantern')
      let message = ''
      try { await imageNetSampleItems(['n99999999']) } catch (err) { message = (err as Error).message }
      expect(message).to.equal('examples-grid: no ImageNet sample for class "n99999999" in the data manifest (expected imagenet/samples/n99999999_<name>.JPEG)')
    })
  })
})
