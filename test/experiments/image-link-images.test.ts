import { expect } from 'chai'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { defaultConfig } from '../../src/config/defaults.js'
import { imageLink } from '../../src/experiments/image-link.js'
import { buildLaionet, downloadImages, embedImages, loadClip, loadLemmaMap, readBuild, writeNpy } from '../../src/index.js'
import { requireMirror, shared, skipWithoutShared } from '../helpers/shared.js'

/** Text similarity 1 between a caption and its class's synset text (both name the class), so every candidate is above the paper's thresholds. */
const CLASS_WORDS = ['tench', 'goldfish', 'tabby', 'elephant']
const embed = async (texts: string[]) => texts.map((t) => {
  const k = CLASS_WORDS.findIndex((w) => t.toLowerCase().includes(w))
  return Float32Array.from({ length: 5 }, (_, j) => (j === (k < 0 ? 4 : k) ? 1 : 0))
})

// TMLR Sec. 4.2 from the pool's downloaded images: the same four datasets as from precomputed pool embeddings of the
// same images, through the tiny random CLIP (fixture tier).
describe('experiments: image-link from the pool\'s downloaded images (sources.laionPoolImages)', function () {
  this.timeout(300_000)
  let dir: string
  let server: Server
  before(async function () {
    requireMirror(this)
    skipWithoutShared(this, 'fixtures/models/tiny-random-clip')
    dir = mkdtempSync(join(tmpdir(), 'laionet-pool-'))
    const files = readdirSync(shared('fixtures/images')).sort().map((f) => readFileSync(shared(`fixtures/images/${f}`)))
    server = createServer((req, res) => {
      const n = Number(/^\/img\/(\d+)\.jpg$/.exec(req.url ?? '')?.[1] ?? NaN)
      if (!Number.isInteger(n) || n === 5) { res.writeHead(404); res.end(); return } // one candidate's image is missing
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.end(files[n % files.length])
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  after(async () => {
    await new Promise((resolve) => server?.close(resolve))
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('embeds the downloaded candidates with the configured CLIP and gives the records of the precomputed-embedding branch', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const captions = Array.from({ length: 24 }, (_, i) => ['a tench in a net', 'a goldfish bowl', 'a tabby cat sleeping', 'an African elephant walking'][i % 4] + ` photo ${i}`)
    const input = join(dir, 'part-00000-pool.parquet')
    parquetWriteFile({ filename: input, columnData: [
      { name: 'URL', data: captions.map((_, i) => `${base}/img/${i}.jpg`), type: 'STRING' },
      { name: 'TEXT', data: captions, type: 'STRING' },
    ] })
    const build = join(dir, 'build')
    await buildLaionet([input], { embed, model: 'class-words', out: build, map: await loadLemmaMap('paper'), threshold: 0.2 })
    const { candidates } = await readBuild(build)
    expect(candidates.length).to.equal(24)
    const pool = join(dir, 'pool-images')
    const dl = await downloadImages([join(build, 'candidates.parquet')], pool, { allowLoopback: true, retries: 0, maxSide: 256 })
    expect(dl.counts).to.deep.equal({ ok: 23, http_404: 1 })

    const clip = shared('fixtures/models/tiny-random-clip')
    const config = defaultConfig()
    config.models.clip = clip
    config.sources.laionetBuild = join(build, 'laionet.parquet')
    config.sources.laionPoolImages = pool
    const fromImages = await imageLink({ config })

    // The same candidates' stored images, embedded here and given as sources.embeddings.laionPool (the 404 row left out
    // is the one thing the embeddings file cannot express, so the comparison build drops it too).
    const stored: { row: number, image: Uint8Array }[] = []
    const { downloadedSamples } = await import('../../src/download/read-shards.js')
    for await (const s of downloadedSamples(pool)) stored.push({ row: Number(s.json.row), image: s.image! })
    stored.sort((a, b) => a.row - b.row) // shards hold samples in download-completion order
    expect(stored.map((s) => s.row)).to.deep.equal(candidates.map((_, r) => r).filter((r) => r !== 5))
    const model = await loadClip(clip)
    const e = await embedImages(model, stored.map((s) => s.image), { cache: false })
    await model.dispose()
    const input2 = join(dir, 'part-00000-pool-without-5.parquet')
    parquetWriteFile({ filename: input2, columnData: [
      { name: 'URL', data: captions.filter((_, i) => i !== 5).map((_, k) => `${base}/img/${k < 5 ? k : k + 1}.jpg`), type: 'STRING' },
      { name: 'TEXT', data: captions.filter((_, i) => i !== 5), type: 'STRING' },
    ] })
    const build2 = join(dir, 'build2')
    await buildLaionet([input2], { embed, model: 'class-words', out: build2, map: await loadLemmaMap('paper'), threshold: 0.2 })
    await writeNpy(join(dir, 'pool.npy'), { dtype: 'float32', shape: [e.rows, e.dim], data: e.data })
    writeFileSync(join(dir, 'pool.json'), JSON.stringify(stored.map((s) => candidates[s.row].wnid)))
    const config2 = defaultConfig()
    config2.models.clip = clip
    config2.sources.laionetBuild = join(build2, 'laionet.parquet')
    config2.sources.embeddings = { laionPool: { file: join(dir, 'pool.npy'), labels: join(dir, 'pool.json') } }
    const fromEmbeddings = await imageLink({ config: config2 })

    expect(fromImages.sources[0]).to.include({ branch: 'images', tier: 'fixture' })
    // The images branch adds the counts of the pool images the authors' verify_image dropped (none: every stored image is an RGB JPEG).
    const drops = fromImages.records.filter((r) => r.id.startsWith('image-link.imagesDropped.'))
    expect(drops.map((r) => [r.id, r.value, r.unit, r.paper])).to.deep.equal(['mode', 'size', 'verify'].map((x) => [`image-link.imagesDropped.laion-pool.${x}`, 0, 'images', null]))
    const common = fromImages.records.filter((r) => !drops.includes(r))
    // No ImageNet validation is configured: its comparator is the one quoted record of both branches.
    expect(common.map((r) => [r.claim, r.tier])).to.deep.equal(fromEmbeddings.records.map((r) => [r.claim, r.id === 'imageLink.imagenetMean' ? 'quoted' : 'fixture']))
    common.forEach((r, k) => {
      const v = fromEmbeddings.records[k].value
      if (typeof r.value === 'number' && typeof v === 'number') expect(r.value, r.claim).to.be.closeTo(v, 1e-4)
      else expect(r.value, r.claim).to.equal(v)
    })
    expect(fromImages.records[0].value, 'mean intra-class similarity of dataset A').to.be.a('number')
    expect(fromImages.records[0].note).to.match(/, 12 samples \(NSFW dropped: 0 pool rows\)/) // half of the 23 stored images above t_A, rounded up (no tiny-CLIP image similarity reaches i_A)
    expect(fromImages.records[0].source).to.deep.equal([pool, clip, join(build, 'candidates.parquet')])

    // The ImageNet comparator from a validation folder: the authors' local rule (predict_local.py's mode RGB) leaves
    // the grayscale image out and counts it; methods.imageRule convert keeps it.
    const val = join(dir, 'val')
    mkdirSync(val)
    const valFiles = ['n01440764_tench.JPEG', 'gray_tench.jpg', 'n01443537_goldfish.JPEG', 'n02123045_tabby.JPEG']
    valFiles.forEach((f, i) => copyFileSync(shared(`fixtures/images/${f}`), join(val, `ILSVRC2012_val_${String(i + 1).padStart(8, '0')}.JPEG`)))
    config.sources.imagenetVal.folder = val
    const ids = ['mode', 'size', 'verify'].map((x) => `image-link.imagesDropped.imagenet-validation.${x}`)
    const withVal = await imageLink({ config })
    expect(ids.map((id) => withVal.records.find((r) => r.id === id)?.value)).to.deep.equal([1, 0, 0])
    expect(withVal.records.find((r) => r.id === ids[0])!.note).to.equal('dropped by the authors\' local rule (PIL mode RGB only); of 4 images read')
    expect(withVal.tables.find((t) => t.id === 'image-drops')!.rows.filter((r) => String(r.reason).startsWith('PIL mode')).map((r) => [r.side, r.rule, r.images])).to.deep.equal([['LAION pool', 'download', 0], ['ImageNet validation', 'local', 1]])
    config.methods.imageRule = 'convert'
    const ours = await imageLink({ config })
    expect(ids.map((id) => ours.records.find((r) => r.id === id)?.value)).to.deep.equal([0, 0, 0])
  })
})
