import { expect } from 'chai'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { flagTextInImages, ocrImage, textInImage } from '../../src/index.js'
import { loadSharp } from '../../src/models/decode-image.js'
import { tempDir } from './helpers.js'

async function render(file: string, text: string | null) {
  const sharp = await loadSharp()
  const body = text === null
    ? '<circle cx="200" cy="60" r="40" fill="#3a7"/>'
    : `<text x="20" y="80" font-family="DejaVu Sans" font-size="56" fill="black">${text}</text>`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><rect width="400" height="120" fill="white"/>${body}</svg>`
  await sharp(Buffer.from(svg)).png().toFile(file)
}

describe('laionet OCR text-in-image filter (tesseract)', function () {
  this.timeout(60_000)
  const dir = tempDir()
  before(function () {
    if (!existsSync('/usr/bin/tesseract')) {
      console.log('      skipped: /usr/bin/tesseract is missing (apt-get install tesseract-ocr)')
      this.skip()
    }
  })

  it('finds the class name in an image that shows it, and nothing in one without text', async () => {
    const withText = join(dir(), 'tench.png')
    const without = join(dir(), 'blank.png')
    await render(withText, 'Fresh Tench!')
    await render(without, null)
    const hit = await textInImage(withText, ['tench', 'Tinca tinca'])
    expect(hit.found).to.deep.equal(['tench'])
    expect(hit.text.toLowerCase()).to.include('tench')
    expect((await textInImage(without, ['tench'])).found).to.deep.equal([])
  })

  it('flags images showing their class name, and reports an unreadable image without stopping', async () => {
    const flags = await flagTextInImages([
      { file: join(dir(), 'tench.png'), wnid: 'n01440764' },
      { file: join(dir(), 'nope.png'), wnid: 'n01440764' },
      { file: join(dir(), 'blank.png'), wnid: 'n01440764' },
      { file: join(dir(), 'tench.png'), wnid: 'n02125311' },
    ], { n01440764: ['tench', 'Tinca tinca'], n02125311: ['cougar', 'puma'] })
    expect(flags.map((f) => f.flagged)).to.deep.equal([true, false, false, false])
    expect(flags[1].error).to.match(/^ocr: .*nope\.png: tesseract failed/)
    expect(flags.filter((f) => f.error)).to.have.length(1)
  })

  it('says how to install tesseract when it is missing, and names a file it cannot read', async () => {
    const missing = await ocrImage(join(dir(), 'tench.png'), { tesseract: '/nonexistent/tesseract' }).then(() => null, (e: Error) => e)
    expect(missing?.message).to.equal('ocr: /nonexistent/tesseract not found. Install it (Debian: apt-get install tesseract-ocr tesseract-ocr-eng) or pass its path as the tesseract option')
    const bad = await ocrImage(join(dir(), 'nope.png')).then(() => null, (e: Error) => e)
    expect(bad?.message).to.match(new RegExp(`^ocr: ${join(dir(), 'nope.png')}: tesseract failed \\(.+\\)$`))
  })
})
