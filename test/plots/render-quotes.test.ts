import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { fig4ClassFrequency, renderFigures } from '../../src/index.js'
import { skipOrFail } from '../helpers/shared.js'

const CHROMIUM = process.env.LAIONET_CHROMIUM || '/usr/bin/chromium'

describe('plots: a quote in a class name reaches the SVG as a quote', function () {
  this.timeout(120_000)
  let dir: string
  before(function () {
    if (!existsSync(CHROMIUM)) skipOrFail(this, `no Chromium at ${CHROMIUM} (apt-get install chromium, or set LAIONET_CHROMIUM)`)
    dir = mkdtempSync(join(tmpdir(), 'laionet-quotes-'))
  })
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }) })

  it('labels a class named \'the "web" site & <co>\' without &quot; or &amp;quot; in the SVG', async () => {
    const figure = fig4ClassFrequency({
      tier: 'fixture', labelTop: 2,
      rows: [{ wnid: 'n06359193', name: 'the "web" site & <co>', count: 4100 }, { wnid: 'n04254680', name: "o'clock ball", count: 900 }],
    })
    const [{ svg }] = await renderFigures([{ id: 'quotes', figure }], dir)
    const text = readFileSync(svg, 'utf8')
    expect(text).to.not.contain('&amp;quot;')
    expect(text).to.not.contain('&amp;#')
    // Serialised SVG text: the quote as itself (or &quot; inside markup), the ampersand and angle brackets escaped once.
    expect(text).to.match(/the ("|&quot;)web("|&quot;) site &amp; (&lt;|&#60;)co(&gt;|&#62;)/)
    expect(text).to.match(/o('|&#39;|&apos;)clock ball/)
  })
})
