import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import sharp from 'sharp'
import { reportHtml, writeReportHtml } from '../../src/report/report-html.js'
import type { ResultRecord } from '../../src/index.js'
import { fileHref } from '../../src/report/report-html.js'

const EVIL = '<script>alert(1)</script>"onerror=alert(2) \'x\' & co'

describe('report: report.html', () => {
  let dir: string
  let out: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-report-'))
    out = join(dir, 'out')
    mkdirSync(join(out, 'figures'), { recursive: true })
    await sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } }).png().toFile(join(out, 'figures', 'fig1-accuracy.png'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const results: ResultRecord[] = [
    { notebook: '04_accuracy', id: 'fig1.drop.resnet-50', experiment: 'accuracy', section: 'Fig. 1', claim: 'ResNet-50 top-1 drop', value: 10.23456, paper: 11, unit: 'points', tier: 'released', source: [] },
    { notebook: '04_accuracy', id: 'fig1.evil', experiment: 'accuracy', section: 'Fig. 1', claim: `caption ${EVIL}`, value: null, paper: '5 to 12', unit: '', tier: 'fixture', note: EVIL, source: [] },
    { notebook: '05_intra', id: 'fig6.lowerShare', experiment: 'intra-class', section: 'Fig. 6', claim: 'classes significantly lower', value: 57.1, paper: 57.6, unit: '%', tier: 'simulated', source: [] },
  ]
  // The second notebook's file sits beside out/, named like a URL scheme.
  let notebooks: { name: string, status: string, seconds: number, file: string, error?: string }[]
  before(() => {
    notebooks = [
      { name: '04_accuracy', status: 'ok', seconds: 12.34, file: '../notebooks/04_accuracy.ipynb' },
      { name: '05_intra', status: 'failed', seconds: 3, error: `${EVIL}\nsecond line`, file: join(dir, 'javascript:alert(3).ipynb') },
    ]
  })

  it('escapes every piece of untrusted text: a caption with <script> and "onerror= markup', () => {
    const html = reportHtml({ results, notebooks, figures: [{ id: 'fig1-accuracy', png: 'figures/fig1-accuracy.png', svg: 'figures/fig1-accuracy.svg' }] }, out, { generated: EVIL })
    expect(html.match(/<script/gi)).to.equal(null)
    expect(html).to.not.contain('"onerror=')
    expect(html).to.contain('caption &lt;script&gt;alert(1)&lt;/script&gt;&quot;onerror=alert(2) &#39;x&#39; &amp; co')
    // note, error and generated line: three more escaped copies.
    expect(html.split('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onerror=alert(2)').length - 1).to.equal(4)
    // No script may run at all, whatever slips through.
    expect(html).to.contain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`)
  })

  it('a file named like a URL scheme stays a relative file link', () => {
    expect(fileHref(join(out, 'javascript:alert(1).ipynb'), out)).to.equal('./javascript%3Aalert(1).ipynb')
    expect(fileHref('../notebooks/04 accuracy.ipynb', out)).to.equal('../notebooks/04%20accuracy.ipynb')
    expect(fileHref('figures/a"b.png', out)).to.equal('./figures/a%22b.png')
  })

  it('lists per experiment the paper\'s number, ours, the tier and the notebook link, with the figure embedded', () => {
    const file = writeReportHtml({ results, notebooks, figures: [{ id: 'fig1-accuracy', png: join(out, 'figures', 'fig1-accuracy.png'), svg: join(out, 'figures', 'fig1-accuracy.svg') }, { id: 'appF' }] }, join(out, 'report.html'))
    expect(file).to.equal(join(out, 'report.html'))
    const html = readFileSync(file, 'utf8')
    const fig1 = html.slice(html.indexOf('<h2>Fig. 1</h2>'), html.indexOf('<h2>Fig. 6</h2>'))
    expect(fig1).to.contain('<tr><td>ResNet-50 top-1 drop</td><td class="num">11 points</td><td class="num">10.23 points</td><td><span class="tier" style="background:#0b61a4"')
    expect(fig1).to.contain('<a href="../notebooks/04_accuracy.ipynb">04_accuracy</a>')
    expect(fig1).to.contain('<img alt="fig1-accuracy" src="data:image/png;base64,iVBORw0KGgo')
    expect(fig1).to.contain('<a href="./figures/fig1-accuracy.svg">SVG</a>')
    expect(fig1).to.contain('<td class="num">—</td>')
    const fig6 = html.slice(html.indexOf('<h2>Fig. 6</h2>'))
    expect(fig6).to.contain('<td class="num">57.6%</td><td class="num">57.1%</td>')
    expect(fig6).to.contain('<a href="../javascript%3Aalert(3).ipynb">05_intra</a>')
    // A figure without an experiment goes to "Other figures"; a missing PNG says so.
    expect(html).to.match(/<h2>Other figures<\/h2><div class="figs"><figure><div class="missing">no PNG<\/div><figcaption><code>appF<\/code>/)
    expect(html).to.contain('<td class="bad">failed</td>')
    expect(html).to.contain('3 numbers from 2 notebooks, 2 figures; by tier:')
  })

  it('is deterministic without a generated line and bounds long text', () => {
    const long = [{ ...results[0], note: 'n'.repeat(5000) }]
    const a = reportHtml({ results: long, notebooks }, out)
    expect(a).to.equal(reportHtml({ results: long, notebooks }, out))
    expect(a).to.contain(`${'n'.repeat(500)}…`)
    expect(a).to.not.contain('n'.repeat(501))
  })

  it('names what it needs when the input is wrong', () => {
    expect(() => writeReportHtml({ results: [] } as never, join(out, 'r.html'))).to.throw('report: writeReportHtml needs { results: ResultRecord[], notebooks: { name, status, file }[] } (figures optional)')
  })
})

describe('report: experimentKey', () => {
  it('maps figure ids and experiment labels to the same paper experiment', async () => {
    const { experimentKey } = await import('../../src/report/report-html.js')
    const { FIGURE_IDS } = await import('../../src/plots/figure-ids.js')
    expect(FIGURE_IDS.map(experimentKey)).to.deep.equal(['fig1', 'fig2', 'fig3', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8', 'fig9', 'sec4.2', 'appD', 'appF'])
    expect(['Fig. 1', 'Figure 7c', 'fig7c-imagenetv2-accuracy', 'fig1-accuracy-imagenet-side', 'Section 4.2', '§4.2', 'Appendix D', 'App. F.2', 'fig10-x', 'Table 1', 'classes-lemmas-per-class', 'Section 4.21', 'appendix-b-top50'].map(experimentKey))
      .to.deep.equal(['fig1', 'fig7', 'fig7', 'fig1', 'sec4.2', 'sec4.2', 'appD', 'appF', 'fig10', null, null, null, 'appB'])
  })
})
