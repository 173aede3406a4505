import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { saveFigure } from '../../src/plots/save-figure.js'
import { runCli } from '../helpers/cli.js'
import { FIGURES } from './tables.js'
import { skipOrFail } from '../helpers/shared.js'

describe('cli: laionet figures', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-figcli-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('renders every saved spec in --from to PNG and SVG in --to', async function () {
    if (!existsSync(process.env.LAIONET_CHROMIUM || '/usr/bin/chromium')) skipOrFail(this, 'no Chromium (apt-get install chromium, or set LAIONET_CHROMIUM)')
    saveFigure('fig2-causal-graphs', FIGURES[1].figure(), join(dir, 'specs'))
    saveFigure('fig4-class-frequency', FIGURES[3].figure(), join(dir, 'specs'))
    const { code, stdout, stderr } = await runCli(['figures', '--from', join(dir, 'specs'), '--to', join(dir, 'png'), '--json'])
    expect(stderr).to.equal('')
    expect(code).to.equal(0)
    // Each file carries the tier its builder wrote (Fig. 2 is the paper's drawing; this Fig. 4 is a fixture).
    const tiers: Record<string, string> = { 'fig2-causal-graphs': 'quoted', 'fig4-class-frequency': 'fixture' }
    expect(JSON.parse(stdout)).to.deep.equal(['fig2-causal-graphs', 'fig4-class-frequency'].map((id) => ({ id, png: join(dir, 'png', `${id}.png`), svg: join(dir, 'png', `${id}.svg`), tier: tiers[id] })))
    for (const id of ['fig2-causal-graphs', 'fig4-class-frequency']) expect(existsSync(join(dir, 'png', `${id}.svg`))).to.equal(true)
  })

  it('says to run the notebooks when there are no specs, and rejects unknown flags', async () => {
    const missing = await runCli(['figures', '--from', join(dir, 'none')])
    expect(missing.code).to.equal(1)
    expect(missing.stderr).to.equal(`laionet figures: plots: figure folder ${join(dir, 'none')} does not exist. Run the notebooks first (they save specs with showFigure(fig, { id }))\n`)
    const bad = await runCli(['figures', '--size', '3'])
    expect(bad.stderr).to.match(/^laionet figures: Unknown option '--size'/)
    expect(bad.code).to.equal(2)
  })
})
