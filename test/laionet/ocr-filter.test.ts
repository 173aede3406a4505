import { expect } from 'chai'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { downloadImages } from '../../src/index.js'
import { createTarWriter } from '../../src/io/tar-writer.js'
import { filterTextInImages, readBuildSelection } from '../../src/laionet/ocr-filter.js'
import type { OcrFilterProgress, OcrFilterRow, OcrFilterSample } from '../../src/laionet/types.js'
import { writeBuildOutputs } from '../../src/laionet/build-outputs.js'
import type { ChunkCaption } from '../../src/laionet/build-state.js'
import { loadSharp } from '../../src/util/lazy.js'
import { runCli } from '../helpers/cli.js'
import { tempDir, useSharedData } from './helpers.js'
import { skipOrFail } from '../helpers/shared.js'

const TENCH = 'n01440764'
const COUGAR = 'n02125311'
const NAMES: Record<string, string[]> = { [TENCH]: ['tench', 'Tinca tinca'], [COUGAR]: ['cougar', 'puma', 'catamount', 'mountain lion', 'painter', 'panther', 'Felis concolor'] }

/** A 640x120 image showing `text` in black (or a green disc for null); `transparent` leaves the background see-through. */
async function picture(text: string | null, { format = 'jpeg', transparent = false }: { format?: 'jpeg' | 'png', transparent?: boolean } = {}): Promise<Uint8Array> {
  const sharp = await loadSharp()
  const body = text === null
    ? '<circle cx="200" cy="60" r="40" fill="#3a7"/>'
    : `<text x="20" y="80" font-family="DejaVu Sans" font-size="56" fill="black">${text}</text>`
  const background = transparent ? '' : '<rect width="640" height="120" fill="white"/>'
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120">${background}${body}</svg>`)
  return new Uint8Array(format === 'png' ? await sharp(svg).png().toBuffer() : await sharp(svg).jpeg().toBuffer())
}

/** A JPEG start marker and then nothing a decoder can use. */
const CORRUPT = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
const CORRUPT_ERROR = 'corrupt or not an image (Input buffer has corrupt header)'

async function collect(rows: AsyncIterable<OcrFilterRow>): Promise<OcrFilterRow[]> {
  const out: OcrFilterRow[] = []
  for await (const r of rows) out.push(r)
  return out
}

const ok = (row: number, wnid: string, text: string, found: string[] = []): OcrFilterRow => ({ row, wnid, flagged: found.length > 0, found, text })
const bad = (row: number, wnid: string | null, reason: string): OcrFilterRow => ({ row, wnid, flagged: false, found: [], text: '', error: `ocr-filter: row ${row}: ${reason}` })

describe('laionet filterTextInImages (tesseract)', function () {
  this.timeout(30_000)
  before(function () {
    if (!existsSync('/usr/bin/tesseract')) skipOrFail(this, '/usr/bin/tesseract is missing (apt-get install tesseract-ocr tesseract-ocr-eng)')
  })

  it('flags the images whose text shows their class name by both rules, records unreadable rows, and keeps input order', async () => {
    const classes: Record<number, string> = { 10: TENCH, 11: TENCH, 12: TENCH, 13: TENCH, 14: TENCH, 15: COUGAR, 17: TENCH, 18: TENCH, 19: COUGAR }
    const samples: OcrFilterSample[] = [
      { row: 10, image: await picture('TENCH') },
      { row: 11, image: await picture('OPEN DAILY') },
      { row: 12, image: await picture(null) },
      { row: 13, image: CORRUPT },
      { row: 14, image: await picture('TENCHES') }, // not the whole word
      { row: 15, image: await picture('PUMA', { format: 'png', transparent: true }) }, // black on transparent: readable only flattened on white
      { row: 16, image: await picture('TENCH') }, // no class
      { row: 17, image: new Uint8Array(Buffer.from('/etc/hostname\n')) }, // tesseract would read this as a list of files
      { row: 18 },
      { row: 19, image: await picture('TENCH') }, // another class's name
    ]
    const run = async (options: { rule?: 'paper' | 'lemmas' }) => {
      const progress: OcrFilterProgress[] = []
      const rows = await collect(filterTextInImages(samples, (row) => classes[row], (w) => NAMES[w], { concurrency: 3, onProgress: (p) => progress.push(p), ...options }))
      return { rows, progress: progress.map((p) => [p.done, p.flagged, p.errors]) }
    }
    const common = (puma: string[]) => [
      ok(10, TENCH, 'TENCH', ['tench']), // the synset name 'tench' (the paper rule lowercases the recognized text)
      ok(11, TENCH, 'OPEN DAILY'),
      ok(12, TENCH, ''),
      bad(13, TENCH, CORRUPT_ERROR),
      ok(14, TENCH, 'TENCHES'),
      ok(15, COUGAR, 'PUMA', puma),
      bad(16, null, 'no class for this row in the build'),
      bad(17, TENCH, 'corrupt or not an image (Input buffer contains unsupported image format)'),
      bad(18, TENCH, 'no image bytes'),
      ok(19, COUGAR, 'TENCH'),
    ]
    // The authors' rule (the default): only the synset name 'cougar' drops a cougar image; 'PUMA' is read but kept.
    const paper = await run({})
    expect(paper.rows).to.deep.equal(common([]))
    expect(paper.progress).to.deep.equal([[1, 1, 0], [2, 1, 0], [3, 1, 0], [4, 1, 1], [5, 1, 1], [6, 1, 1], [7, 1, 2], [8, 1, 3], [9, 1, 4], [10, 1, 4]])
    expect((await run({ rule: 'paper' })).rows).to.deep.equal(paper.rows)
    // Ours ('lemmas'): any lemma of the class, so 'puma' drops the cougar image too.
    const lemmas = await run({ rule: 'lemmas' })
    expect(lemmas.rows).to.deep.equal(common(['puma']))
    expect(lemmas.progress).to.deep.equal([[1, 1, 0], [2, 1, 0], [3, 1, 0], [4, 1, 1], [5, 1, 1], [6, 2, 1], [7, 2, 2], [8, 2, 3], [9, 2, 4], [10, 2, 4]])
  })

  it("rule 'lemmas' (ours) matches any lemma case-insensitively on word boundaries; the paper rule only the synset name", async () => {
    const samples = [{ row: 1, image: await picture('Mountain-Lion') }, { row: 2, image: await picture('tinca tinca') }]
    const classOf = (row: number) => (row === 1 ? COUGAR : TENCH)
    const rows = await collect(filterTextInImages(samples, classOf, (w) => NAMES[w], { rule: 'lemmas' }))
    expect(rows).to.deep.equal([ok(1, COUGAR, 'Mountain-Lion', ['mountain lion']), ok(2, TENCH, 'tinca tinca', ['Tinca tinca'])])
    const paper = await collect(filterTextInImages(samples, classOf, (w) => NAMES[w]))
    expect(paper).to.deep.equal([ok(1, COUGAR, 'Mountain-Lion'), ok(2, TENCH, 'tinca tinca')])
    expect(await collect(filterTextInImages([], classOf, (w) => NAMES[w], { rule: 'any' as never })).then(() => '', (e: Error) => e.message))
      .to.equal('ocr-filter: rule "any" (expected \'paper\' or \'lemmas\')')
  })

  it('records a tesseract timeout as that row\'s error and goes on', async () => {
    const rows = await collect(filterTextInImages([{ row: 4, image: await picture('TENCH') }], () => TENCH, (w) => NAMES[w], { timeoutMs: 1 }))
    expect(rows).to.deep.equal([bad(4, TENCH, 'tesseract took longer than 1 ms; raise timeoutMs or skip the image')])
  })

  it('stops with the install hint when tesseract is missing, and refuses a class without lemmas or a bad concurrency', async () => {
    const image = await picture('TENCH')
    const run = (rows: AsyncIterable<OcrFilterRow>) => collect(rows).then(() => null, (e: Error) => e.message)
    expect(await run(filterTextInImages([{ row: 1, image }, { row: 2, image }], () => TENCH, (w) => NAMES[w], { tesseract: '/nonexistent/tesseract' })))
      .to.equal('ocr: /nonexistent/tesseract not found. Install it (Debian: apt-get install tesseract-ocr tesseract-ocr-eng) or pass its path as the tesseract option')
    expect(await run(filterTextInImages([{ row: 7, image }], () => 'n09999999', (w) => NAMES[w])))
      .to.equal('ocr-filter: no lemmas for class n09999999 (row 7); pass the names of every class of the build')
    expect(await run(filterTextInImages([{ row: 7, image }], () => TENCH, (w) => NAMES[w], { concurrency: 0 })))
      .to.equal('ocr-filter: concurrency 0 (expected an integer >= 1)')
  })
})

/** Scored captions of a small build: LAION rows, class, similarity; the threshold 0.82 keeps five, in row order. */
const SCORED: [row: number, wnid: string, similarity: number][] = [
  [100000031, TENCH, 0.9], [100000005, TENCH, 0.91], [100000009, COUGAR, 0.95], [100000012, TENCH, 0.5], [100000020, TENCH, 0.88], [100000044, COUGAR, 0.9],
]
const urlOf = (row: number) => `http://127.0.0.1/img/${row}.jpg`

function writeBuild(out: string): void {
  const scored: ChunkCaption[] = SCORED.map(([row, wnid, similarity]) => ({
    row, url: urlOf(row), caption: `caption ${row}`, wnid, similarity, nsfw: 'UNLIKELY', nsfwOk: true, lemmas: [NAMES[wnid][0]],
  }))
  writeBuildOutputs(out, [{ rows: 50, matched: 6, emptyCaptions: 0, multiClass: 0, scored }], { files: ['part-00001.parquet'], model: 'test', mode: 'paper', threshold: 0.82, errors: [] })
}

/** Writes shards the way `laionet download --input <build>/laionet.parquet --shard-size 2` does: key and json row = input position. */
async function writeShards(dir: string, images: { build: number, image: Uint8Array, url?: string }[]): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const selection = await readBuildSelection(join(dir, '..', 'build'))
  for (let s = 0; s * 2 < images.length; s++) {
    const tar = await createTarWriter(join(dir, `${String(s).padStart(5, '0')}.tar`))
    for (const { build, image, url } of images.slice(2 * s, 2 * s + 2)) {
      const at = selection.findIndex((x) => x.row === build)
      const key = String(at).padStart(9, '0')
      const json = { similarity: 0.9, wnid: selection[at].wnid, key, row: at, url: url ?? urlOf(build), caption: `caption ${build}`, width: 400, height: 120, source_format: 'jpeg' }
      await tar.add(`${key}.jpg`, image)
      await tar.add(`${key}.json`, Buffer.from(JSON.stringify(json)))
    }
    await tar.close()
  }
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as OcrFilterRow)

describe('laionet ocr-filter command (tesseract, built LAIONet + shards)', function () {
  this.timeout(30_000)
  useSharedData('data/imagenet/class_info.json')
  const dir = tempDir('laionet-ocr-filter-')
  let expected: OcrFilterRow[]
  before(async function () {
    if (!existsSync('/usr/bin/tesseract')) skipOrFail(this, '/usr/bin/tesseract is missing (apt-get install tesseract-ocr tesseract-ocr-eng)')
    writeBuild(join(dir(), 'build'))
    // Downloaded rows 0..4 are the selection 100000005, 100000009, 100000020, 100000031, 100000044; the downloader
    // stores them in the order their fetches finish, here not row order.
    await writeShards(join(dir(), 'images'), [
      { build: 100000020, image: await picture('OPEN DAILY') },
      { build: 100000005, image: await picture('TENCH') },
      { build: 100000044, image: await picture(null) },
      { build: 100000009, image: await picture('Cougar') },
      { build: 100000031, image: CORRUPT },
    ])
    expected = [
      ok(100000005, TENCH, 'TENCH', ['tench']),
      ok(100000009, COUGAR, 'Cougar', ['cougar']),
      ok(100000020, TENCH, 'OPEN DAILY'),
      bad(100000031, TENCH, CORRUPT_ERROR),
      ok(100000044, COUGAR, ''),
    ]
  })

  it('reads the build\'s selection in file order', async () => {
    expect(await readBuildSelection(join(dir(), 'build'))).to.deep.equal(
      [100000005, 100000009, 100000020, 100000031, 100000044].map((row) => ({ row, url: urlOf(row), wnid: SCORED.find((s) => s[0] === row)![1] })),
    )
  })

  it('writes one line per image under its build row, sorted by row, and a summary beside the paper\'s 1.1%', async () => {
    const out = join(dir(), 'ocr.jsonl')
    const r = await runCli(['ocr-filter', '--build', join(dir(), 'build'), '--images', join(dir(), 'images'), '--out', out, '--json'])
    expect(r.stderr).to.equal(`${expected[3].error}\n`)
    expect(r.code).to.equal(0)
    expect(JSON.parse(r.stdout)).to.deep.equal({ out, samples: 5, flagged: 2, errors: 1, shareFlagged: 0.5, paperShare: 0.011, skipped: 0, processed: 5 })
    expect(lines(out)).to.deep.equal(expected)
  })

  it('resumes a killed run: keeps its finished rows, drops its torn last line, and redoes only the rest', async () => {
    const out = join(dir(), 'resumed.jsonl')
    const torn = JSON.stringify(expected[2]).slice(0, 25)
    writeFileSync(out, `${JSON.stringify(expected[0])}\n${JSON.stringify({ ...expected[1], text: 'from the first run' })}\n${torn}`)
    const r = await runCli(['ocr-filter', '--build', join(dir(), 'build'), '--images', join(dir(), 'images'), '--out', out])
    expect(r.code).to.equal(0)
    expect(r.stderr).to.equal(`ocr-filter: dropped a torn last line (25 bytes) of ${out}; its row is redone\n${expected[3].error}\n`)
    expect(r.stdout).to.equal(`2 of 4 images show their class name (50.0%; paper: 1.1%), 1 unreadable -> ${out} (3 new, 2 already done)\n`)
    expect(lines(out)).to.deep.equal([expected[0], { ...expected[1], text: 'from the first run' }, ...expected.slice(2)])
    const again = await runCli(['ocr-filter', '--build', join(dir(), 'build'), '--images', join(dir(), 'images'), '--out', out, '--json'])
    expect(JSON.parse(again.stdout)).to.include({ samples: 5, flagged: 2, errors: 1, skipped: 5, processed: 0 })
    expect(lines(out)).to.have.length(5)
  })

  it('refuses a download folder that was not made from this build, naming the sample', async () => {
    const images = join(dir(), 'other-images')
    await writeShards(images, [{ build: 100000005, image: await picture('TENCH'), url: 'http://127.0.0.1/elsewhere.jpg' }])
    const out = join(dir(), 'other.jsonl')
    const r = await runCli(['ocr-filter', '--build', join(dir(), 'build'), '--images', images, '--out', out])
    expect(r.code).to.equal(1)
    const parquet = join(dir(), 'build', 'laionet.parquet')
    expect(r.stderr).to.equal(`laionet ocr-filter: ${join(images, '00000.tar')} sample 000000000 has url "http://127.0.0.1/elsewhere.jpg", but row 0 of ${parquet} has "${urlOf(100000005)}". Was ${images} downloaded with --input ${parquet}?\n`)
    expect(readFileSync(out, 'utf8')).to.equal('')
  })

  it('says what is missing: flags, a finished build, shards', async () => {
    const usage = await runCli(['ocr-filter', '--images', 'x', '--out', 'y'])
    expect(usage.code).to.equal(2)
    expect(usage.stderr.split('\n')[0]).to.equal('laionet ocr-filter: --build: the build folder is required')
    const conc = await runCli(['ocr-filter', '--build', 'b', '--images', 'x', '--out', 'y', '--concurrency', '1.5'])
    expect(conc.stderr.split('\n')[0]).to.equal('laionet ocr-filter: --concurrency: expected an integer in [1, 1024], got "1.5"')
    const nobuild = join(dir(), 'nothing')
    const noBuild = await runCli(['ocr-filter', '--build', nobuild, '--images', join(dir(), 'images'), '--out', join(dir(), 'x.jsonl')])
    expect([noBuild.code, noBuild.stderr]).to.deep.equal([1, `laionet ocr-filter: no finished build in ${nobuild} (expected summary.json). Run "laionet build --out ${nobuild}" first\n`])
    const noShards = await runCli(['ocr-filter', '--build', join(dir(), 'build'), '--images', nobuild, '--out', join(dir(), 'x.jsonl')])
    expect([noShards.code, noShards.stderr]).to.deep.equal([1, `laionet ocr-filter: no shards in ${nobuild} (expected NNNNN.tar files). Run "laionet download --input ${join(dir(), 'build', 'laionet.parquet')} --out ${nobuild}" first\n`])
    const foreign = join(dir(), 'foreign.jsonl')
    writeFileSync(foreign, '{"id":1}\n')
    const notOurs = await runCli(['ocr-filter', '--build', join(dir(), 'build'), '--images', join(dir(), 'images'), '--out', foreign])
    expect([notOurs.code, notOurs.stderr]).to.deep.equal([1, `laionet ocr-filter: ${foreign} line 1 has no numeric "row" ({"id":1}); is it an ocr-filter output? Pick another --out\n`])
    const help = await runCli(['ocr-filter', '--help'])
    expect(help.stdout).to.match(/^Usage: laionet ocr-filter --build <build dir> --images <download dir> \[--out <file\.jsonl>\]/)
    expect(help.stdout).to.contain('default <build>/ocr-flags.jsonl')
  })

  it('reads what the real downloader stored from the build\'s laionet.parquet (127.0.0.1 server)', async () => {
    const served: Record<string, Uint8Array> = {
      '/img/100000005.jpg': await picture('Tench'),
      '/img/100000009.jpg': await picture('OPEN DAILY'),
      '/img/100000020.jpg': await picture('TENCH'),
      '/img/100000044.jpg': await picture('puma'),
    } // 100000031 is missing: the downloader records http_404 and stores nothing for download row 3
    const server: Server = createServer((req, res) => {
      const body = served[req.url ?? '']
      if (!body) return res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const build = join(dir(), 'served-build')
      const scored: ChunkCaption[] = SCORED.map(([row, wnid, similarity]) => ({
        row, url: `http://127.0.0.1:${port}/img/${row}.jpg`, caption: `caption ${row}`, wnid, similarity, nsfw: 'UNLIKELY', nsfwOk: true, lemmas: [NAMES[wnid][0]],
      }))
      writeBuildOutputs(build, [{ rows: 50, matched: 6, emptyCaptions: 0, multiClass: 0, scored }], { files: ['part-00001.parquet'], model: 'test', mode: 'paper', threshold: 0.82, errors: [] })
      const images = join(dir(), 'served-images')
      const download = await downloadImages([join(build, 'laionet.parquet')], images, { allowLoopback: true, retries: 0, timeoutMs: 5000, shardSize: 3, concurrency: 2 })
      expect(download.stored).to.equal(4)
      const out = join(dir(), 'served.jsonl')
      const r = await runCli(['ocr-filter', '--build', build, '--images', images, '--out', out, '--json'])
      expect([r.code, r.stderr]).to.deep.equal([0, ''])
      expect(lines(out)).to.deep.equal([
        ok(100000005, TENCH, 'Tench', ['tench']),
        ok(100000009, COUGAR, 'OPEN DAILY'),
        ok(100000020, TENCH, 'TENCH', ['tench']),
        ok(100000044, COUGAR, 'puma'), // another lemma, not the synset name 'cougar': the paper's rule keeps the image
      ])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
