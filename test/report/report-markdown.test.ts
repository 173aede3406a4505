import { expect } from 'chai'
import { escapeHtml, type ResultRecord } from '../../src/index.js'
import { formatValue, reportMarkdown } from '../../src/report/report-markdown.js'

describe('report/reportMarkdown', () => {
  const generated = new Date('2026-01-02T03:04:05Z')
  const results: ResultRecord[] = [
    { notebook: '04_accuracy', id: 'fig1.top1.imagenet.resnet-50', experiment: 'accuracy', section: 'Fig. 1', claim: 'ResNet-50 | top-1', value: 79.9812, paper: 80, unit: '%', tier: 'released', source: [] },
    { notebook: '01_build_laionet', id: 'construction.lemmas', experiment: 'classes', section: 'Section 2', claim: 'caption <script>alert(1)</script>', value: 1825, paper: 1825, unit: 'lemmas', tier: 'real', note: 'line one\nline two', source: [] },
  ]

  it('lists every notebook with its status and sets ours beside the paper with the tier', () => {
    const md = reportMarkdown([
      { name: '01_build_laionet', status: 'ok', seconds: 3.21, file: 'notebooks/01_build_laionet.ipynb' },
      { name: '04_accuracy', status: 'failed', seconds: 1, error: 'Error: boom\nat cell' },
    ], results, { generated })
    expect(md).to.include('| 01_build_laionet | ok | 3.2 s | 1 |')
    expect(md).to.include('| 04_accuracy | **FAILED** | 1.0 s | 1 |')
    expect(md).to.include('**Failed**: Error: boom')
    expect(md).to.include('| Fig. 1 | ResNet-50 \\| top-1 | 79.98% | 80% | released |  |')
    expect(md).to.include('| Section 2 | caption &lt;script&gt;alert(1)&lt;/script&gt; | 1,825 lemmas | 1,825 lemmas | real | line one line two |')
    expect(md).to.not.include('<script>')
  })

  it('says so when a notebook recorded nothing', () => {
    expect(reportMarkdown([{ name: '05_intra_class', status: 'ok', seconds: 1 }], [], { generated })).to.include('## 05_intra_class\n\nNo numbers recorded.')
  })
})

describe('report/formatValue', () => {
  it('formats numbers to four significant digits, integers with separators, null as a dash', () => {
    expect(formatValue(0.576123)).to.equal('0.5761')
    expect(formatValue(822149, 'samples')).to.equal('822,149 samples')
    expect(formatValue(null)).to.equal('—')
    expect(formatValue('910 classes')).to.equal('910 classes')
  })
})

describe('report/escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).to.equal('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;')
    expect(escapeHtml(null)).to.equal('')
  })
})
