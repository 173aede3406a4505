import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, relative } from 'node:path'
import { get } from 'node:http'
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } from 'hyparquet'
import { loadConfig } from '../../src/config/load-config.js'
import { imageNetCaption, loadImageNetCaptions } from '../../src/datasets/imagenet-captions.js'
import { imageNetValFolder } from '../../src/datasets/imagenet-val-folder.js'
import { imageNetV2Folders } from '../../src/datasets/imagenetv2-folders.js'
import { laionParts } from '../../src/datasets/laion-parts.js'
import { loadReleasedLaionet } from '../../src/datasets/released-laionet.js'
import { parquetRows } from '../../src/io/parquet-row-groups.js'
import { synsetText } from '../../src/imagenet/synset-text.js'
import { createLemmaMatcher } from '../../src/laionet/lemma-matcher.js'
import { loadLemmaMap } from '../../src/laionet/load-lemma-map.js'
import { decodeImage } from '../../src/models/decode-image.js'
import { assignFailureModes, generateRehearsal, type GeneratedRehearsal } from '../../scripts/rehearsal/generate.js'
import { LAYOUT } from '../../scripts/rehearsal/write-sources.js'
import { EXTRA_LAYOUT } from '../../scripts/rehearsal/selection-frequencies.js'
import { shared } from '../helpers/shared.js'

/** GET on the rehearsal server without following redirects: status, headers and body (or the socket error). */
function fetchRaw(url: string): Promise<{ status: number, type: string | undefined, location: string | undefined, body: Buffer, error: string | null }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      const done = (error: string | null) => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], location: res.headers.location, body: Buffer.concat(chunks), error })
      res.on('end', () => done(null))
      res.on('error', (e) => done(e.message))
      res.on('aborted', () => done('aborted'))
    }).on('error', reject)
  })
}

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(dir, p), `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${statSync(p).mtimeMs}`)
    }
  }
  walk(dir)
  return out
}

describe('the rehearsal generator (scripts/rehearsal)', function () {
  this.timeout(240_000)
  let dir: string
  let g: GeneratedRehearsal
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-rehearsal-'))
    g = await generateRehearsal(dir, { slowMs: 50, stallMs: 300 })
  })
  after(async () => {
    await g?.server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes the 10,000 real captions over three Spark-named snappy parts, and a fourth of synthetic rows, with the LAION-400M columns', async () => {
    const names = readdirSync(join(dir, LAYOUT.laion)).sort()
    expect(names).to.have.length(4)
    names.forEach((n, i) => expect(n).to.match(new RegExp(`^part-0000${i}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\\.snappy\\.parquet$`)))
    expect(new Set(names.map((n) => n.slice(11, 47))).size).to.equal(1)
    const texts: unknown[] = []
    const synthetic: unknown[] = []
    const nsfw = new Set<unknown>()
    for (const name of names) {
      const file = join(dir, LAYOUT.laion, name)
      const md = await parquetMetadataAsync(await asyncBufferFromFile(file))
      const schema = parquetSchema(md).children.map((c) => [c.element.name, c.element.type, c.element.converted_type ?? null])
      expect(schema).to.deep.equal([
        ['SAMPLE_ID', 'INT64', null], ['URL', 'BYTE_ARRAY', 'UTF8'], ['TEXT', 'BYTE_ARRAY', 'UTF8'], ['HEIGHT', 'INT32', null],
        ['WIDTH', 'INT32', null], ['LICENSE', 'BYTE_ARRAY', 'UTF8'], ['NSFW', 'BYTE_ARRAY', 'UTF8'], ['similarity', 'DOUBLE', null],
      ])
      for (const rg of md.row_groups) for (const c of rg.columns) expect(c.meta_data?.codec).to.equal('SNAPPY')
      for await (const r of parquetRows(file)) {
        (name.startsWith('part-00003-') ? synthetic : texts).push(r.TEXT)
        nsfw.add(r.NSFW)
        expect(r.URL).to.be.a('string').and.satisfy((u: string) => u.startsWith(`${g.server.origin}/`))
      }
    }
    const real: unknown[] = []
    for await (const r of parquetRows(shared('data/laion/laion400m-sample-10000.parquet'), { columns: ['TEXT'] })) real.push(r.TEXT)
    expect(texts).to.deep.equal(real)
    expect([...nsfw].sort()).to.deep.equal(['NSFW', 'UNLIKELY', 'UNSURE'])
    const parts = await laionParts(g.parts)
    expect(parts.map((p) => [p.part, p.rowBase])).to.deep.equal([[0, 0], [1, 1e8], [2, 2e8], [3, 3e8]])
    // 10,000 real captions, then 4 classes x 10 synthetic rows.
    expect(parts.map((p) => p.rows)).to.deep.equal([3334, 3334, 3332, 40])
    expect(g.counts.laionRows).to.equal(10000)
    expect(g.counts.syntheticRows).to.equal(40)
  })

  it('makes the synthetic part of 4 rehearsal classes x 10 rows, each caption the class synset text that lemma-matches only that class', async () => {
    const byWnid = new Map(g.plan.allClasses.map((c) => [c.wnid, c]))
    expect(g.plan.richClasses).to.have.length(4)
    const classes = new Set(g.plan.classes.map((c) => c.wnid))
    const matcher = createLemmaMatcher(await loadLemmaMap('paper', {}, { classes: g.plan.allClasses }))
    for (const w of g.plan.richClasses) {
      expect(classes.has(w)).to.equal(true)
      const rows = g.plan.synthetic.filter((r) => r.wnid === w)
      expect(rows).to.have.length(10)
      for (const r of rows) {
        expect(r.text).to.equal(synsetText(byWnid.get(w)!))
        expect(matcher.match(r.text)!.wnids).to.deep.equal([w])
      }
      // Each row serves its own image: distinct bytes.
      expect(new Set(rows.map((r) => createHash('sha1').update(readFileSync(join(dir, LAYOUT.server, 'laion', `${r.index}.jpg`))).digest('hex'))).size).to.equal(10)
    }
    expect(g.plan.synthetic.map((r) => r.index)).to.deep.equal(Array.from({ length: 40 }, (_, k) => 3e8 + k))
  })

  it('serves real JPEGs on 127.0.0.1, 404s elsewhere, and the failure modes once given to rows', async () => {
    const row = g.plan.rows.find((r) => r.wnid)!
    const clipRow = g.plan.rows.find((r) => !r.wnid)!
    const ok = await fetchRaw(`${g.server.origin}/${row.path}`)
    expect([ok.status, ok.type, [...ok.body.subarray(0, 3)]]).to.deep.equal([200, 'image/jpeg', [0xff, 0xd8, 0xff]])
    expect(readFileSync(join(dir, LAYOUT.server, 'laion', `${row.index}.jpg`)).equals(ok.body)).to.equal(true)
    const clip = await fetchRaw(`${g.server.origin}/${clipRow.path}`)
    expect(clip.body.equals(readFileSync(clipRow.source))).to.equal(true)
    expect((await fetchRaw(`${g.server.origin}/laion/999.jpg`)).status).to.equal(404)
    const rows = g.plan.rows.filter((r) => r.wnid).slice(0, 10).map((r) => r.index)
    const modes = assignFailureModes(g.routes, rows)
    expect(modes.map((m) => [m.index, m.kind])).to.deep.equal([[rows[1], 'missing'], [rows[3], 'redirect'], [rows[5], 'slow'], [rows[7], 'not-image'], [rows[9], 'stall']])
    const at = (k: number) => fetchRaw(`${g.server.origin}/laion/${rows[k]}.jpg`)
    expect((await at(1)).status).to.equal(404)
    const moved = await at(3)
    expect([moved.status, moved.location]).to.deep.equal([302, `/moved/${rows[3]}.jpg`])
    expect((await fetchRaw(`${g.server.origin}${moved.location}`)).body.equals(readFileSync(join(dir, LAYOUT.server, 'laion', `${rows[3]}.jpg`)))).to.equal(true)
    const slow = await at(5)
    expect([slow.status, slow.type, slow.body[0]]).to.deep.equal([200, 'image/jpeg', 0xff])
    const html = await at(7)
    expect([html.status, html.type, html.body.toString().startsWith('<!doctype html>')]).to.deep.equal([200, 'text/html; charset=utf-8', true])
    const stall = await at(9)
    expect([stall.status, stall.body.length, stall.error]).to.deep.equal([200, 0, 'aborted'])
    expect(g.server.origin).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('writes an ImageNet validation folder in the devkit naming whose devkit labels are the images\' classes', async () => {
    const images = await imageNetValFolder(join(dir, LAYOUT.val), { devkit: join(dir, LAYOUT.devkit) })
    // 36 classes of 3 real validation numbers, the 4 synthetic-row classes of 8.
    expect(images).to.have.length(36 * 3 + 4 * 8)
    for (const w of g.plan.richClasses) expect(images.filter((i) => i.wnid === w)).to.have.length(8)
    const byNumber = new Map([...g.plan.valNumbers].flatMap(([w, ns]) => ns.map((n) => [n, w] as const)))
    for (const img of images) {
      const n = Number(/ILSVRC2012_val_(\d{8})\.JPEG$/.exec(img.path)![1])
      expect(img.wnid).to.equal(byNumber.get(n))
    }
    expect(new Set(images.map((i) => i.wnid))).to.deep.equal(new Set(g.plan.classes.map((c) => c.wnid)))
    // The devkit is the real one: its ground truth is byte-identical to the mirror's.
    expect(readFileSync(join(dir, LAYOUT.devkit, 'data', 'ILSVRC2012_validation_ground_truth.txt')).equals(readFileSync(shared('data/imagenet/ILSVRC2012_validation_ground_truth.txt')))).to.equal(true)
  })

  it('writes each ImageNetV2 set as <class index>/<sha1>.jpeg, one file of the first set undecodable', async () => {
    const cls = new Map(g.plan.classes.map((c) => [c.index, c.wnid]))
    for (const [key, folder] of Object.entries(LAYOUT.v2)) {
      const images = await imageNetV2Folders(join(dir, folder))
      // 36 classes of 2, the 4 synthetic-row classes of 8 (plus the undecodable file of the first set).
      expect(images).to.have.length(36 * 2 + 4 * 8 + (key === 'matchedFrequency' ? 1 : 0))
      for (const w of g.plan.richClasses) expect(new Set(images.filter((i) => i.wnid === w).map((i) => i.path)).size).to.be.at.least(8)
      const failed: string[] = []
      for (const img of images) await decodeImage(img.path).catch(() => failed.push(img.path))
      expect(failed.map((f) => statSync(f).size)).to.deep.equal(key === 'matchedFrequency' ? [64] : [])
      for (const img of images) {
        const name = basename(img.path)
        expect(name).to.match(/^[0-9a-f]{40}\.jpeg$/)
        expect(createHash('sha1').update(readFileSync(img.path)).digest('hex')).to.equal(name.slice(0, 40))
        expect(basename(join(img.path, '..'))).to.equal(String(img.classIndex))
        expect(img.wnid).to.equal(cls.get(img.classIndex))
      }
    }
  })

  it('writes imagenet_captions.json as a list of {filename, title, tags, description, wnid}', async () => {
    const raw = JSON.parse(readFileSync(join(dir, LAYOUT.captions), 'utf8')) as Record<string, unknown>[]
    expect(raw).to.be.an('array').with.length(36 * 3 + 4 * 8)
    for (const w of g.plan.richClasses) expect(raw.filter((e) => e.wnid === w)).to.have.length(8)
    for (const e of raw) {
      expect(Object.keys(e)).to.deep.equal(['filename', 'title', 'tags', 'description', 'wnid'])
      expect(e.filename).to.match(new RegExp(`^${e.wnid}_\\d+\\.JPEG$`))
    }
    const captions = await loadImageNetCaptions(join(dir, LAYOUT.captions))
    const first = raw.find((e) => e.filename === captions[0].filename)!
    expect(captions[0].text).to.equal(imageNetCaption(first as never))
  })

  it('writes a released-LAIONet parquet of the documented schema, indexed by part * 1e8 + row', async () => {
    const file = join(dir, LAYOUT.released)
    const md = await parquetMetadataAsync(await asyncBufferFromFile(file))
    const names = parquetSchema(md).children.map((c) => c.element.name)
    expect(names.slice(0, 12)).to.deep.equal(['SAMPLE_ID', 'URL', 'TEXT', 'HEIGHT', 'WIDTH', 'LICENSE', 'NSFW', 'similarity', 'name_def_wnid',
      'text_to_name_def_wnid_similarity_clip-vit-base-patch32', 'recognized_text', 'wnid_is_in_recognized_text'])
    expect(names[names.length - 1]).to.equal('__index_level_0__')
    const paperVal = await parquetMetadataAsync(await asyncBufferFromFile(shared('data/paper/ILSVRC2012_val.parquet')))
    const paperModels = parquetSchema(paperVal).children.map((c) => c.element.name).filter((n) => n.startsWith('top_'))
    expect(names.filter((n) => n.startsWith('top_'))).to.deep.equal(paperModels)
    const released = await loadReleasedLaionet(file)
    const kept = g.plan.rows.filter((r) => r.wnid && r.nsfw === 'UNLIKELY')
    expect(released.rows).to.equal(kept.length)
    const byIndex = new Map(kept.map((r) => [r.index, r]))
    released.index.forEach((index, i) => {
      const row = byIndex.get(index)!
      expect([released.wnid[i], released.text[i], released.url[i]]).to.deep.equal([row.wnid, row.text, `${g.server.origin}/${row.path}`])
    })
    expect(released.index.length + released.dropped).to.equal(kept.length)
    expect(released.dropped).to.be.greaterThan(0)
    expect(released.models).to.have.length(30)
  })

  it('writes laionet.config.json naming every source in the rehearsal folder, the tiny CLIP and MobileNetV2', async () => {
    const config = await loadConfig(g.config, { checkPaths: false })
    const s = config.sources
    expect(s.laionParquet).to.deep.equal([join(dir, LAYOUT.laion, 'part-*-c000.snappy.parquet')])
    expect([s.laionetBuild, s.laionetReleased, s.laionetImages, s.imagenetCaptions]).to.deep.equal([LAYOUT.build, LAYOUT.released, LAYOUT.images, LAYOUT.captions].map((p) => join(dir, p)))
    expect(s.imagenetVal).to.deep.equal({ folder: join(dir, LAYOUT.val), devkit: join(dir, LAYOUT.devkit) })
    expect(s.imagenetV2).to.deep.equal(Object.fromEntries(Object.entries(LAYOUT.v2).map(([k, p]) => [k, join(dir, p)])))
    expect(s.embeddings.laionPool).to.deep.equal({ file: join(dir, LAYOUT.poolEmbeddings), labels: join(dir, LAYOUT.poolLabels) })
    expect(config.models.clip).to.equal(shared('fixtures/models/tiny-random-clip'))
    expect(config.models.classifiers.map((c) => basename(c))).to.deep.equal(['mobilenetv2-12-int8.onnx'])
    expect(config.models.allowRemoteModels).to.equal(false)
    // ImageNetV2's selection frequencies in MTurkData.image_fraction_selected's format: k of n (10..12) workers for
    // every [image, wnid] row of the three test sets' dataset files.
    expect(s.imagenetV2SelectionFrequencies).to.equal(join(dir, EXTRA_LAYOUT.selectionFrequencies))
    const freq = JSON.parse(readFileSync(s.imagenetV2SelectionFrequencies!, 'utf8')) as Record<string, Record<string, number>>
    for (const set of ['imagenetv2-b-33', 'imagenetv2-a-44', 'imagenetv2-c-12']) {
      const rows = (JSON.parse(readFileSync(shared(`data/imagenetv2/datasets/${set}.json`), 'utf8')) as { image_filenames: [string, string][] }).image_filenames
      expect(rows).to.have.length(10_000)
      for (const [img, wnid] of rows) expect([10, 11, 12].some((n) => Math.abs(freq[img][wnid] * n - Math.round(freq[img][wnid] * n)) < 1e-9), `${img} ${wnid}`).to.equal(true)
    }
  })

  it('refuses a folder that is not empty and not a rehearsal\'s, writing nothing', async () => {
    const other = mkdtempSync(join(tmpdir(), 'laionet-not-rehearsal-'))
    try {
      writeFileSync(join(other, 'notes.txt'), 'mine')
      const err = await generateRehearsal(other).then(() => null, (e: Error) => e.message)
      expect(err).to.equal(`rehearse: ${other} is not empty and holds no rehearsal.json, so it is not a rehearsal folder; nothing was written. Choose an empty folder (or an earlier rehearsal's) with --out`)
      expect(readdirSync(other)).to.deep.equal(['notes.txt'])
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })

  it('is deterministic and idempotent: a rerun keeps the port and leaves every file untouched', async () => {
    const before = hashTree(dir)
    const port = g.server.port
    await g.server.close()
    g = await generateRehearsal(dir, { slowMs: 50, stallMs: 300 })
    expect(g.server.port).to.equal(port)
    expect(hashTree(dir)).to.deep.equal(before)
  })
})
