import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { imageNetValFolder, imageNetV2Folders } from '../../src/index.js'
import { sortedWnids } from '../../src/datasets/sorted-wnids.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

const val = (n: number) => `ILSVRC2012_val_${String(n).padStart(8, '0')}.JPEG`

describe('datasets on disk', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-ds-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  describe('imageNetValFolder', () => {
    const fakeWnids = Array.from({ length: 1000 }, (_, i) => `n${String(10000000 + i * 7).padStart(8, '0')}`)
    // labels by image number: image k gets class (k * 13) % 1000, so every class occurs.
    const labels = Array.from({ length: 2000 }, (_, k) => fakeWnids[((k + 1) * 13) % 1000])

    it('lists ILSVRC2012_val_*.JPEG in image-number order with their labels, ignoring other files', async () => {
      for (const n of [1500, 2, 10, 1]) writeFileSync(join(dir, val(n)), '')
      writeFileSync(join(dir, 'ILSVRC2012_val_00000003.jpg'), '')
      writeFileSync(join(dir, 'README.txt'), '')
      const images = await imageNetValFolder(dir, { labels })
      expect(images.map((i) => i.path)).to.deep.equal([1, 2, 10, 1500].map((n) => join(dir, val(n))))
      expect(images.map((i) => i.wnid)).to.deep.equal([1, 2, 10, 1500].map((n) => labels[n - 1]))
      expect(images.map((i) => i.classIndex)).to.deep.equal([1, 2, 10, 1500].map((n) => (n * 13) % 1000))
    })

    it('names the problem: no images, an image beyond the labels, a missing devkit file', async () => {
      const empty = await imageNetValFolder(dir, { labels }).then(() => null, (e: Error) => e)
      expect(empty?.message).to.equal(`datasets: ${dir} holds no ILSVRC2012_val_NNNNNNNN.JPEG files (expected the flat validation folder)`)
      writeFileSync(join(dir, val(2001)), '')
      const beyond = await imageNetValFolder(dir, { labels }).then(() => null, (e: Error) => e)
      expect(beyond?.message).to.equal(`datasets: ${join(dir, val(2001))} is image 2001 but the labels cover 1..2000`)
      const noDevkit = await imageNetValFolder(dir, { devkit: join(dir, 'devkit') }).then(() => null, (e: Error) => e)
      expect(noDevkit?.message).to.equal(`datasets: the devkit folder ${join(dir, 'devkit')} has no meta.mat (looked in data/ and the folder itself). Point sources.imagenetVal.devkit at ILSVRC2012_devkit_t12`)
      const requireAll = await imageNetValFolder(dir, { labels, requireAll: true }).then(() => null, (e: Error) => e)
      expect(requireAll?.message).to.equal(`datasets: ${dir} holds 1 validation images (expected 50000)`)
    })

    it('reads labels from a real devkit folder (data/ layout), checked against ImageNetV2\'s class_info cids', async function () {
      skipWithoutShared(this, 'data/imagenet/meta.mat')
      const devkit = join(dir, 'ILSVRC2012_devkit_t12')
      mkdirSync(join(devkit, 'data'), { recursive: true })
      symlinkSync(shared('data/imagenet/meta.mat'), join(devkit, 'data', 'meta.mat'))
      symlinkSync(shared('data/imagenet/ILSVRC2012_validation_ground_truth.txt'), join(devkit, 'data', 'ILSVRC2012_validation_ground_truth.txt'))
      const images = join(dir, 'val')
      mkdirSync(images)
      for (const n of [1, 2, 50000]) writeFileSync(join(images, val(n)), '')
      const found = await imageNetValFolder(images, { devkit })
      const info = JSON.parse(readFileSync(shared('data/imagenet/class_info.json'), 'utf8')) as Array<{ cid: number, wnid: string }>
      const cid = new Map(info.map((c) => [c.wnid, c.cid]))
      // Image 1 is the well-known sea snake (n01751748); every classIndex must equal ImageNetV2's independent cid.
      expect(found[0].wnid).to.equal('n01751748')
      for (const img of found) expect(img.classIndex).to.equal(cid.get(img.wnid))
      const gt = readFileSync(shared('data/imagenet/ILSVRC2012_validation_ground_truth.txt'), 'utf8').trim().split('\n')
      expect(gt).to.have.length(50000)
    })
  })

  describe('imageNetV2Folders', () => {
    const wnids = Array.from({ length: 1000 }, (_, i) => `n${String(20000000 + i).padStart(8, '0')}`)

    it('walks class folders in numeric order (2 before 10), files in code-point order, images only', async () => {
      for (const [c, files] of [[10, ['b.jpeg', 'a.jpeg']], [2, ['Z.png', 'a.jpeg', 'notes.txt']], [999, ['x.JPEG']], [0, []]] as const) {
        mkdirSync(join(dir, String(c)))
        for (const f of files) writeFileSync(join(dir, String(c), f), '')
      }
      mkdirSync(join(dir, '.thumbnails'))
      writeFileSync(join(dir, 'README.txt'), '')
      const images = await imageNetV2Folders(dir, { wnids })
      expect(images.map((i) => [i.classIndex, i.wnid, i.path.slice(dir.length + 1)])).to.deep.equal([
        [2, wnids[2], '2/Z.png'], [2, wnids[2], '2/a.jpeg'], [10, wnids[10], '10/a.jpeg'], [10, wnids[10], '10/b.jpeg'], [999, wnids[999], '999/x.JPEG'],
      ])
    })

    it('rejects a folder that is not a class index (too large, non-numeric, zero-padded) and a layout without class folders', async () => {
      const none = await imageNetV2Folders(dir, { wnids }).then(() => null, (e: Error) => e)
      expect(none?.message).to.equal(`datasets: ${dir} has no class subfolders 0..999 (expected the ImageNetV2 "format-val" layout)`)
      mkdirSync(join(dir, '1000'))
      const bad = await imageNetV2Folders(dir, { wnids }).then(() => null, (e: Error) => e)
      expect(bad?.message).to.equal(`datasets: ${join(dir, '1000')} is not a class index (expected 0..999)`)
      rmSync(join(dir, '1000'), { recursive: true })
      // The real layout is <class index>/<hash>.jpeg: a wnid-named (train-style) or zero-padded folder is refused by name.
      for (const name of ['n01440764', '007']) {
        mkdirSync(join(dir, '5'), { recursive: true })
        mkdirSync(join(dir, name))
        const odd = await imageNetV2Folders(dir, { wnids }).then(() => null, (e: Error) => e)
        expect(odd?.message).to.equal(`datasets: ${join(dir, name)} is not a class index folder (expected subfolders named 0..999, the ImageNetV2 "format-val" layout <class index>/<hash>.jpeg). Set sources.imagenetV2 to the extracted imagenetv2-*-format-val folder, or move that folder out`)
        rmSync(join(dir, name), { recursive: true })
      }
    })

    it('defaults to the devkit\'s wnids in sorted order, which is class_info\'s cid order', async function () {
      skipWithoutShared(this, 'data/imagenet/meta.mat')
      const info = JSON.parse(readFileSync(shared('data/imagenet/class_info.json'), 'utf8')) as Array<{ cid: number, wnid: string }>
      const byCid = [...info].sort((a, b) => a.cid - b.cid).map((c) => c.wnid)
      expect(await sortedWnids()).to.deep.equal(byCid)
      mkdirSync(join(dir, '0'))
      writeFileSync(join(dir, '0', 'a.jpeg'), '')
      expect((await imageNetV2Folders(dir))[0].wnid).to.equal('n01440764')
    })
  })
})
