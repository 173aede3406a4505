import { expect } from 'chai'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { defaultConfig } from '../../src/config/defaults.js'
import { imagenetCaptions } from '../../src/experiments/imagenet-captions.js'
import { FIG9_SWEEP_THRESHOLDS } from '../../src/experiments/fig9-measure.js'
import { downloadImages } from '../../src/index.js'
import { parquetRows } from '../../src/io/parquet-row-groups.js'
import { createTarWriter } from '../../src/io/tar-writer.js'
import { downloadedSamples } from '../../src/download/read-shards.js'
import { sampleKey } from '../../src/download/shard-writer.js'
import { requireMirror, shared, skipWithoutShared } from '../helpers/shared.js'

const CLASSES = ['n01440764', 'n01443537'] // tench, goldfish

// Fig. 9 on the real branch end to end through the tiny random CLIP: the search over the configured LAION parts writes
// the download selection; once its images (sources.nearestLaionImages) and ImageNet-Captions' training images
// (sources.imagenetCaptionsImages) are configured, the paper's test and the sweep are computed (tier fixture).
describe('experiments: Fig. 9 from the selected LAION images and ImageNet-Captions\' training images', function () {
  this.timeout(300_000)
  let dir: string
  let server: Server
  const files = () => readdirSync(shared('fixtures/images')).filter((f) => /\.jpe?g$/i.test(f) && !/cmyk|gray/.test(f)).sort()
  before(async function () {
    requireMirror(this)
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip')
    dir = mkdtempSync(join(tmpdir(), 'laionet-fig9-'))
    const images = files().map((f) => readFileSync(shared(`fixtures/images/${f}`)))
    server = createServer((req, res) => {
      const n = Number(/^\/img\/(\d+)\.jpg$/.exec(req.url ?? '')?.[1] ?? NaN)
      if (!Number.isInteger(n) || n === 3) { res.writeHead(404); res.end(); return } // one selected image is missing
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.end(images[n % images.length])
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  after(async () => {
    await new Promise((resolve) => server?.close(resolve))
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('writes the selection, quotes the test until its images are configured, then computes it and the sweep', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // 20 LAION captions in one part; each ImageNet-Captions caption is one of them verbatim (its nearest, similarity 1).
    const texts = Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'a goldfish in a bowl' : 'a tench on a line'} number ${i}`)
    const part = join(dir, 'part-00002-x-c000.snappy.parquet')
    parquetWriteFile({ filename: part, columnData: [
      { name: 'URL', data: texts.map((_, i) => `${base}/img/${i}.jpg`), type: 'STRING' },
      { name: 'TEXT', data: texts, type: 'STRING' },
    ] })
    const entries = texts.slice(0, 16).map((t, i) => ({ filename: `${CLASSES[i % 2]}_${i}.JPEG`, title: t, tags: [], description: '', wnid: CLASSES[i % 2] }))
    writeFileSync(join(dir, 'captions.json'), JSON.stringify(entries))
    const train = join(dir, 'train')
    entries.forEach((e, i) => {
      mkdirSync(join(train, e.wnid), { recursive: true })
      copyFileSync(shared(`fixtures/images/${files()[(i * 3) % files().length]}`), join(train, e.wnid, e.filename))
    })
    const config = defaultConfig()
    config.outDir = join(dir, 'out')
    config.models.clip = shared('fixtures/models/tiny-random-clip')
    config.sources.laionParquet = [part]
    config.sources.imagenetCaptions = join(dir, 'captions.json')

    const first = await imagenetCaptions({ config })
    const quoted = first.records.find((r) => r.id === 'fig9.lowerShare')!
    expect([quoted.tier, quoted.value]).to.deep.equal(['quoted', null])
    expect(quoted.note).to.include('sources.nearestLaionImages').and.include('sources.imagenetCaptionsImages')
    const coverage = first.records.find((r) => r.id === 'fig9.classCoverage')!
    expect([coverage.tier, coverage.value]).to.deep.equal(['fixture', 100])
    // The selection: per class its distinct nearest rows (8 each, part 2's global indices), for laionet download.
    const selection = join(config.outDir, 'imagenet-captions', 'nearest-laion.parquet')
    const rows: Record<string, unknown>[] = []
    for await (const r of parquetRows(selection)) rows.push(r)
    expect(rows.map((r) => [r.wnid, r.laion_index])).to.deep.equal([...Array.from({ length: 8 }, (_, k) => [CLASSES[0], 2e8 + 2 * k]), ...Array.from({ length: 8 }, (_, k) => [CLASSES[1], 2e8 + 2 * k + 1])])
    expect(rows[0].URL).to.equal(`${base}/img/0.jpg`)

    const images = join(dir, 'nearest-images')
    const dl = await downloadImages([selection], images, { allowLoopback: true, retries: 0, maxSide: 256 })
    expect(dl.counts).to.deep.equal({ ok: 15, http_404: 1 })
    config.sources.nearestLaionImages = images
    config.sources.imagenetCaptionsImages = train
    const second = await imagenetCaptions({ config })
    const share = second.records.find((r) => r.id === 'fig9.lowerShare')!
    expect(share.tier).to.equal('fixture')
    expect([0, 50, 100]).to.include(share.value)
    expect(share.note).to.match(/^15 selected LAION images stored .*16 training images.*2 classes with >= 7 pairs on both sides$/)
    expect(share.source).to.deep.equal([images, train, config.models.clip])
    const covered = second.records.find((r) => r.id === 'fig9.classCoverage')!
    expect([covered.value, covered.tier]).to.deep.equal([100, 'fixture'])
    expect(covered.note).to.include('2 of 2 classes with a caption: classes with >= 2 selected LAION images above it')
    const sweep = second.tables.find((t) => t.id === 'fig9-sweep')!
    expect(sweep.rows.map((r) => r.threshold)).to.deep.equal([...FIG9_SWEEP_THRESHOLDS])
    expect(sweep.rows.every((r) => r.classes === 2)).to.equal(true) // every caption's nearest has similarity 1
    expect(existsSync(selection)).to.equal(true)
    const stored = new Set<number>()
    for await (const x of downloadedSamples(images)) stored.add(Number(x.json.row))

    // The authors' image rule (default): a grayscale image among the selected downloads (the missing row, stored by
    // hand: the downloader itself re-encodes to RGB) fails their verify_image, and a grayscale training image their
    // local `image.mode == 'RGB'`; both are left out and counted. methods.imageRule convert keeps and converts both.
    const missing = rows.findIndex((_, r) => !stored.has(r))
    const tar = await createTarWriter(join(images, '00099.tar'))
    await tar.add(`${sampleKey(missing)}.jpg`, readFileSync(shared('fixtures/images/gray_tench.jpg')))
    await tar.add(`${sampleKey(missing)}.json`, Buffer.from(JSON.stringify({ row: missing, url: rows[missing].URL })))
    await tar.close()
    copyFileSync(shared('fixtures/images/gray_tench.jpg'), join(train, entries[0].wnid, entries[0].filename))
    const ids = (side: string) => ['mode', 'size', 'verify'].map((x) => `imagenet-captions.imagesDropped.${side}.${x}`)
    const values = (r: typeof second, side: string) => ids(side).map((id) => r.records.find((x) => x.id === id)?.value)
    const authors = await imagenetCaptions({ config })
    expect(values(authors, 'selected-laion')).to.deep.equal([1, 0, 0])
    expect(values(authors, 'imagenet-captions-train')).to.deep.equal([1, 0, 0])
    expect(authors.records.find((x) => x.id === ids('selected-laion')[0])!.note).to.equal('dropped by the authors\' verify_image (downloaded images); of 16 images read')
    expect(authors.tables.find((t) => t.id === 'image-drops')!.rows.filter((r) => r.images).map((r) => [r.side, r.rule, r.images, r['of images read']])).to.deep.equal([['selected LAION', 'download', 1, 16], ['ImageNet-Captions train', 'local', 1, 16]])
    expect(authors.records.find((r) => r.id === 'fig9.lowerShare')!.note).to.match(/^15 selected LAION images stored .*15 training images, every image of a class, 1 non-RGB left out \(the authors' mode RGB rule\); 1 selected LAION images dropped by the image rule \(download\);/)
    const convert = structuredClone(config)
    convert.methods.imageRule = 'convert'
    const ours = await imagenetCaptions({ config: convert })
    expect(values(ours, 'selected-laion')).to.deep.equal([0, 0, 0])
    expect(values(ours, 'imagenet-captions-train')).to.deep.equal([0, 0, 0])
    expect(ours.records.find((r) => r.id === 'fig9.lowerShare')!.note).to.match(/^16 selected LAION images stored .*16 training images, every image of a class, 1 non-RGB converted and kept/)

    // The LAION part changes (other URLs): the stored images are no longer the selection's, and the run says so.
    parquetWriteFile({ filename: part, columnData: [
      { name: 'URL', data: texts.map((_, i) => `${base}/moved/${i}.jpg`), type: 'STRING' },
      { name: 'TEXT', data: texts, type: 'STRING' },
    ] })
    const err = await imagenetCaptions({ config }).then(() => null, (e: Error) => e)
    expect(err?.message).to.match(/has URL "http:\/\/127\.0\.0\.1:\d+\/img\/\d+\.jpg" but row \d+ of .*nearest-laion\.parquet has "http:\/\/127\.0\.0\.1:\d+\/moved\//)
    expect(err?.message).to.include('laionet download --input')
  })
})
