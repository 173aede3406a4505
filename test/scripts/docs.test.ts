import { expect } from 'chai'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DOCS_FIGURES, findSpec, renderDocsFigures } from '../../scripts/docs.js'
import { skipOrFail } from '../helpers/shared.js'

const CHROMIUM = process.env.LAIONET_CHROMIUM || '/usr/bin/chromium'

/** A small plotly spec of the given size. */
const spec = (width: number, height: number) => ({ data: [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }], layout: { width, height, title: { text: 'test' } } })

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (file: string): [number, number] => {
  const bytes = readFileSync(file)
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).to.equal('89504e470d0a1a0a')
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
}

describe('scripts/docs (the README figures)', function () {
  this.timeout(120_000)
  let tmp: string
  beforeEach(() => { tmp = mkdtempSync(join(tmpdir(), 'laionet-docs-test-')) })
  afterEach(() => rmSync(tmp, { recursive: true, force: true }))

  it("takes each figure's first spec id that a notebook saved", () => {
    mkdirSync(join(tmp, 'figures'))
    const fig1 = DOCS_FIGURES[0]
    expect(fig1.ids).to.deep.equal(['fig1-accuracy', 'fig1-accuracy-imagenet-side'])
    expect(findSpec(tmp, fig1)).to.equal(null)
    writeFileSync(join(tmp, 'figures', 'fig1-accuracy-imagenet-side.json'), '{}')
    expect(findSpec(tmp, fig1)).to.equal(join(tmp, 'figures', 'fig1-accuracy-imagenet-side.json'))
    writeFileSync(join(tmp, 'figures', 'fig1-accuracy.json'), '{}')
    expect(findSpec(tmp, fig1)).to.equal(join(tmp, 'figures', 'fig1-accuracy.json'))
  })

  it('names the notebook to run when a spec is missing', async () => {
    mkdirSync(join(tmp, 'figures'))
    writeFileSync(join(tmp, 'figures', 'fig1-accuracy.json'), JSON.stringify(spec(300, 200)))
    let message = ''
    await renderDocsFigures(tmp, join(tmp, 'docs')).catch((err: Error) => { message = err.message })
    expect(message).to.equal(`docs: no spec fig6-intra-class in ${join(tmp, 'figures')}: run notebooks/05_intra_class.ipynb (npm run docs -- --fresh does)`)
    expect(existsSync(join(tmp, 'docs')), 'nothing written').to.equal(false)
  })

  it('renders every README figure to a PNG of the spec size at 1.5x, and nothing else', async function () {
    if (!existsSync(CHROMIUM)) return skipOrFail(this, `Chromium not found at ${CHROMIUM}`)
    mkdirSync(join(tmp, 'figures'))
    const sizes: Record<string, [number, number]> = { 'fig1-accuracy': [400, 300], 'fig6-intra-class': [500, 250], 'sim-dial-caption-detail': [600, 200] }
    for (const [id, [w, h]] of Object.entries(sizes)) writeFileSync(join(tmp, 'figures', `${id}.json`), JSON.stringify(spec(w, h)))
    const written = await renderDocsFigures(tmp, join(tmp, 'docs'))
    expect(written).to.deep.equal(['fig1-accuracy', 'fig6-intra-class', 'dial-caption-detail'].map((f) => join(tmp, 'docs', `${f}.png`)))
    expect(written.map(pngSize)).to.deep.equal([[600, 450], [750, 375], [900, 300]])
  })
})
