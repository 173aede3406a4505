import { expect } from 'chai'
import sharp from 'sharp'
import { checkImage, sniffImage } from '../../src/download/image-check.js'

describe('download/image checks', () => {
  it('identifies JPEG, PNG, GIF and WebP by magic bytes only', async () => {
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
    expect(sniffImage(await base.clone().jpeg().toBuffer())).to.equal('jpeg')
    expect(sniffImage(await base.clone().png().toBuffer())).to.equal('png')
    expect(sniffImage(await base.clone().gif().toBuffer())).to.equal('gif')
    expect(sniffImage(await base.clone().webp().toBuffer())).to.equal('webp')
    expect(sniffImage(Buffer.from('GIF87a'))).to.equal('gif')
    expect(sniffImage(Buffer.from('<!doctype html>'))).to.equal(null)
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WAVE'))).to.equal(null)
    expect(sniffImage(Buffer.from([0xff, 0xd8]))).to.equal(null)
    expect(sniffImage(new Uint8Array(0))).to.equal(null)
  })

  it('shrinks the longest side to maxSide, keeping the aspect ratio, and never enlarges', async () => {
    const wide = await sharp({ create: { width: 1000, height: 400, channels: 3, background: '#123456' } }).png().toBuffer()
    const big = await checkImage(wide, { maxSide: 256 })
    if (big.status !== 'ok') throw new Error(big.detail)
    expect([big.width, big.height, big.originalWidth, big.originalHeight, big.kind, big.extension]).to.deep.equal([256, 102, 1000, 400, 'png', 'jpg'])
    const meta = await sharp(big.data).metadata()
    expect([meta.format, meta.width, meta.height]).to.deep.equal(['jpeg', 256, 102])
    const small = await checkImage(await sharp({ create: { width: 30, height: 50, channels: 3, background: '#000' } }).jpeg().toBuffer(), { maxSide: 256 })
    expect(small.status === 'ok' && [small.width, small.height]).to.deep.equal([30, 50])
  })

  it('applies EXIF orientation before measuring the output', async () => {
    const rotated = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#808080' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const out = await checkImage(rotated, { maxSide: 100 })
    expect(out.status === 'ok' && [out.width, out.height]).to.deep.equal([20, 40])
  })

  it('flattens transparency on white for JPEG and keeps it for PNG', async () => {
    const clear = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer()
    const jpeg = await checkImage(clear)
    if (jpeg.status !== 'ok') throw new Error(jpeg.detail)
    const { data } = await sharp(jpeg.data).raw().toBuffer({ resolveWithObject: true })
    expect(Math.min(...data)).to.be.greaterThan(250)
    const png = await checkImage(clear, { format: 'png' })
    expect(png.status === 'ok' && png.extension).to.equal('png')
    const meta = await sharp((png as { data: Buffer }).data).metadata()
    expect(meta.hasAlpha).to.equal(true)
  })

  it('rejects a body that is not an image, naming its first bytes', async () => {
    const out = await checkImage(Buffer.from('<html><body>hi</body></html>'))
    expect(out).to.deep.equal({ status: 'not_image', detail: 'leading bytes "<html><body>hi</" are not JPEG, PNG, GIF or WebP' })
  })

  it('rejects an image over maxPixels from its header, and a truncated one at decoding', async () => {
    const big = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#000' } }).png().toBuffer()
    expect(await checkImage(big, { maxPixels: 2_999_999 })).to.deep.equal({ status: 'too_large', detail: '2000x1500 pixels exceeds maxPixels 2999999' })
    expect((await checkImage(big, { maxPixels: 3_000_000, maxSide: 64 })).status).to.equal('ok')
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#3366cc' } }).jpeg().toBuffer()
    const cut = await checkImage(jpeg.subarray(0, jpeg.length >> 1))
    expect(cut.status).to.equal('decode_error')
  })
})
