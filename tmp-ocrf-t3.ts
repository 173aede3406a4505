import { loadSharp } from './src/models/decode-image.js'
import { filterTextInImages } from './src/index.js'
const sharp = await loadSharp()
const svg = (text: string | null, bg = '<rect width="400" height="120" fill="white"/>') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120">${bg}${text === null ? '<circle cx="200" cy="60" r="40" fill="#3a7"/>' : `<text x="20" y="80" font-family="DejaVu Sans" font-size="56" fill="black">${text}</text>`}</svg>`)
const jpg = async (t: string | null) => new Uint8Array(await sharp(svg(t)).jpeg().toBuffer())
const samples = [
  { row: 10, image: await jpg('TENCH') },
  { row: 11, image: await jpg('OPEN DAILY') },
  { row: 12, image: await jpg(null) },
  { row: 13, image: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) },
  { row: 14, image: await jpg('TENCHES') },
  { row: 15, image: new Uint8Array(await sharp(svg('PUMA', '')).png().toBuffer()) },
  { row: 16, image: await jpg('TENCH') },
  { row: 17, image: new Uint8Array(Buffer.from('/etc/hostname\n')) },
  { row: 18 },
]
const cls: Record<number, string> = { 10: 'n01440764', 11: 'n01440764', 12: 'n01440764', 13: 'n01440764', 14: 'n01440764', 15: 'n02125311', 17: 'n01440764', 18: 'n01440764' }
const names: Record<string, string[]> = { n01440764: ['tench', 'Tinca tinca'], n02125311: ['cougar', 'puma', 'catamount'] }
const t = Date.now()
for await (const r of filterTextInImages(samples, (r) => cls[r], (w) => names[w], { concurrency: 3, onProgress: (p) => console.log(p) })) console.log(JSON.stringify(r))
console.log(Date.now() - t)
// alpha removed instead of flattened
const raw = await sharp(svg('PUMA', '')).png().removeAlpha().toFile('/tmp/puma-noalpha.png')
