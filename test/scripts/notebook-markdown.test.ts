import { expect } from 'chai'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeNotebookPages } from '../../scripts/docs.js'
import { notebookMarkdown, type NotebookJson } from '../../scripts/notebook-markdown.js'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

/** A small executed notebook: prose, code with a printed line, a figure (plotly JSON + PNG), a table, an error. */
const notebook = (): NotebookJson => ({
  cells: [
    { cell_type: 'markdown', source: ['# 06 · A title\n', '\n', 'The question first.'] },
    { cell_type: 'code', source: 'const x = 1\nconsole.log(x)', outputs: [{ output_type: 'stream', name: 'stdout', text: ['\u001b[33m1\u001b[39m\n'] }] },
    { cell_type: 'code', source: 'showFigure(fig)', outputs: [{ output_type: 'display_data', data: { 'application/vnd.plotly.v1+json': { data: [], layout: {} }, 'image/png': PNG.toString('base64'), 'text/plain': '<plotly figure: 0 traces>' } }] },
    { cell_type: 'code', source: 'table', outputs: [{ output_type: 'display_data', data: { 'text/html': '<table><tr><td>a</td></tr></table>' } }, { output_type: 'display_data', data: { 'text/html': '<img src="data:image/jpeg;base64,AAAA">' } }] },
    { cell_type: 'code', source: 'print(\'```\')', outputs: [{ output_type: 'stream', name: 'stdout', text: Array.from({ length: 70 }, (_, i) => `line ${i}\n`).join('') }] },
    { cell_type: 'raw', source: 'ignored' },
  ],
})

describe('scripts: notebooks as Markdown (npm run docs)', () => {
  it('keeps prose, fences code and printed text, turns each figure\'s PNG into a file, inlines small tables', () => {
    const { markdown, images } = notebookMarkdown(notebook(), '06_causal_story')
    expect(images).to.deep.equal([{ file: '06_causal_story/figure-1.png', bytes: PNG }])
    const blocks = markdown.split('\n\n')
    expect(blocks.slice(0, 8)).to.deep.equal([
      '# 06 · A title',
      'The question first.',
      '```ts\nconst x = 1\nconsole.log(x)\n```',
      '```text\n1\n```',
      '```ts\nshowFigure(fig)\n```',
      '![figure 1](06_causal_story/figure-1.png)',
      '```ts\ntable\n```',
      '<table><tr><td>a</td></tr></table>',
    ])
    expect(blocks[8]).to.equal('*(an HTML output with images or scripts: open the executed notebook to see it)*')
    // Backticks inside code get a longer fence; long output is cut with a count of what was left out.
    expect(blocks[9]).to.equal("````ts\nprint('```')\n````")
    expect(blocks[10].trimEnd().split('\n')).to.have.length(2 + 60 + 1)
    expect(blocks[10]).to.contain('line 59\n… (10 more lines in the executed notebook)\n```')
    expect(markdown).to.not.contain('ignored')
    expect(markdown).to.not.contain('plotly figure')
  })

  it('rejects what is not a notebook, and names with a path in them', () => {
    expect(() => notebookMarkdown({} as NotebookJson, 'x')).to.throw('docs: x is not a notebook (no cells array)')
    expect(() => notebookMarkdown(notebook(), '../x')).to.throw('docs: notebook name must be a plain file name, got "../x"')
  })

  it('writes each page with a header linking its notebook, and replaces an earlier page\'s figures', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'laionet-docs-pages-'))
    try {
      mkdirSync(join(tmp, 'out', 'notebooks'), { recursive: true })
      writeFileSync(join(tmp, 'out', 'notebooks', '06_causal_story.ipynb'), JSON.stringify(notebook()))
      const docs = join(tmp, 'docs')
      mkdirSync(join(docs, '06_causal_story'), { recursive: true })
      writeFileSync(join(docs, '06_causal_story', 'figure-9.png'), 'stale')
      expect(writeNotebookPages(join(tmp, 'out'), ['06_causal_story'], docs)).to.deep.equal([join(docs, '06_causal_story.md')])
      const page = readFileSync(join(docs, '06_causal_story.md'), 'utf8')
      expect(page.startsWith('*The executed notebook [`notebooks/06_causal_story.ipynb`](../../notebooks/06_causal_story.ipynb) with its outputs')).to.equal(true)
      expect(readFileSync(join(docs, '06_causal_story', 'figure-1.png'))).to.deep.equal(PNG)
      expect(() => readFileSync(join(docs, '06_causal_story', 'figure-9.png'))).to.throw(/ENOENT/)
      expect(() => writeNotebookPages(join(tmp, 'out'), ['07_x'], docs)).to.throw(`docs: no executed copy of 07_x in ${join(tmp, 'out', 'notebooks')}: run notebooks/07_x.ipynb (npm run docs -- --fresh does)`)
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
