import { expect } from 'chai'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { flagTextInImages, ocrImage, textInImage } from '../../src/laionet/ocr.js'
import { loadSharp } from '../../src/util/lazy.js'
import { tempDir } from './helpers.js'
import { skipOrFail } from '../helpers/shared.js'

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
    if (!existsSync('/usr/bin/tesseract')) skipOrFail(this, '/usr/bin/tesseract is missing (apt-get install tesseract-ocr)')
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
    expect(flags[1].error).to.equal(`ocr: ${join(dir(), 'nope.png')}: cannot read the file (ENOENT)`)
    expect(flags.filter((f) => f.error)).to.have.length(1)
  })

  it('says how to install tesseract when it is missing, and names a file it cannot read', async () => {
    const missing = await ocrImage(join(dir(), 'tench.png'), { tesseract: '/nonexistent/tesseract' }).then(() => null, (e: Error) => e)
    expect(missing?.message).to.equal('ocr: /nonexistent/tesseract not found. Install it (Debian: apt-get install tesseract-ocr tesseract-ocr-eng) or pass its path as the tesseract option')
    const bad = await ocrImage(join(dir(), 'nope.png')).then(() => null, (e: Error) => e)
    expect(bad?.message).to.equal(`ocr: ${join(dir(), 'nope.png')}: cannot read the file (ENOENT)`)
  })

  it('never hands tesseract bytes that are not an image (it would read them as file names)', async () => {
    // A text file listing a real image: tesseract given this path would OCR the listed file.
    const list = join(dir(), 'list.txt')
    writeFileSync(list, `${join(dir(), 'tench.png')}\n`)
    const err = await ocrImage(list).then(() => null, (e: Error) => e)
    expect(err?.message).to.equal(`ocr: ${list}: corrupt or not an image (Input buffer contains unsupported image format)`)
    const huge = await ocrImage(readFileSync(join(dir(), 'tench.png')), { maxPixels: 1000 }).then(() => null, (e: Error) => e)
    expect(huge?.message).to.equal('ocr: image bytes: image of 400x120 = 48000 pixels is above the limit of 1000 (raise maxPixels to read it)')
  })

  it('reads a word on a photo-like background (blurred noise) with the default page segmentation', async () => {
    const sharp = await loadSharp()
    const noise = await sharp({ create: { width: 480, height: 320, channels: 3, background: '#3070b0', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer()
    const photo = await sharp(noise).blur(2).png().toBuffer()
    const band = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320"><rect x="20" y="200" width="440" height="90" fill="white"/><text x="40" y="270" font-family="DejaVu Sans" font-size="56" fill="black">TENCH</text></svg>')
    const jpeg = new Uint8Array(await sharp(photo).composite([{ input: band }]).jpeg({ quality: 85 }).toBuffer())
    expect((await textInImage(jpeg, ['tench'])).found).to.deep.equal(['tench'])
  })
})
