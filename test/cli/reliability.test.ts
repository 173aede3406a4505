import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { PassThrough } from 'node:stream'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import { parquetWriteFile } from 'hyparquet-writer'
import { runBin } from '../../src/cli/main.js'
import { createRandom, loadImageNetClasses, writeNpy } from '../../src/index.js'
import { runCli } from '../helpers/cli.js'
import { root, shared, skipWithoutShared } from '../helpers/shared.js'

const MOBILENET = 'data/models/mobilenetv2-12-int8.onnx'
const VIT = 'fixtures/models/tiny-random-vit'
const CLIP = 'fixtures/models/tiny-random-clip'
const TENCH = 'fixtures/images/n01440764_tench.JPEG'

/** A valid PNG header claiming `width` x `height` RGB pixels (the data is one empty row: never decoded). */
function pngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1))), chunk('IEND', Buffer.alloc(0))])
}

function unitRows(seed: number, n: number, d: number, scale = 1): Float32Array {
  const rng = createRandom(seed)
  const X = new Float32Array(n * d)
  for (let i = 0; i < n; i++) {
    const v = Array.from({ length: d }, () => rng.normal())
    const norm = Math.hypot(...v)
    v.forEach((x, k) => { X[i * d + k] = (scale * x) / norm })
  }
  return X
}

describe('cli: what a careless or hostile user tries', function () {
  this.timeout(120_000)
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'laionet-cli-rel-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  describe('a failed rerun keeps earlier results', () => {
    it('match --out onto an existing file with an input lacking TEXT keeps the file byte for byte', async () => {
      const keep = join(dir, 'keep.jsonl')
      writeFileSync(keep, '{"row":1,"wnids":["n01440764"],"lemmas":["tench"]}\n')
      const noText = join(dir, 'no-text.parquet')
      parquetWriteFile({ filename: noText, columnData: [{ name: 'caption', data: ['a tench'], type: 'STRING' }] })
      const { code, stderr } = await runCli(['match', '--input', noText, '--out', keep, '--workers', '0'])
      expect(code).to.equal(1)
      expect(stderr).to.contain(`match: ${keep} was kept as it was (a file failed); fix or drop the failed file and rerun\n`)
      expect(readFileSync(keep, 'utf8')).to.equal('{"row":1,"wnids":["n01440764"],"lemmas":["tench"]}\n')
    })
  })

  describe('input files: "no such file" and "the pattern matched nothing", not "a truncated download"', () => {
    it('build names a missing input and an unexpanded glob, and writes no empty outputs', async function () {
      skipWithoutShared(this, CLIP)
      const missing = join(dir, 'part-00000.parquet')
      const glob = join(dir, 'part-*.parquet')
      const out = join(dir, 'b')
      const { code, stderr } = await runCli(['build', '--input', missing, glob, '--model', shared(CLIP), '--out', out])
      expect(code).to.equal(1)
      expect(stderr).to.equal(`build: ${missing}: no such file\n` +
        `build: ${glob}: the pattern matched nothing (no file has that name; was the glob quoted?)\n` +
        `build: every input failed, so nothing was written to ${out}\n`)
      expect(existsSync(join(out, 'laionet.parquet'))).to.equal(false)
    })

    it('a symbolic link loop named as an input, or as an image, says so', async () => {
      const loop = join(dir, 'loop.parquet')
      symlinkSync(loop, loop)
      const { stderr } = await runCli(['match', '--input', loop, '--out', join(dir, 'm.jsonl'), '--workers', '0'])
      expect(stderr).to.equal(`match: ${loop}: a symbolic link loop\n`)
      const image = join(dir, 'loop.jpg')
      symlinkSync(image, image)
      const classify = await runCli(['classify', '--model', 'x/y', image])
      expect(classify.stderr).to.equal(`laionet classify: images: ${image} is a symbolic link loop. Point the link at a file or folder\n`)
    })

    it('a symbolic link loop inside an image folder is an error naming it; the other images go on', async function () {
      skipWithoutShared(this, VIT)
      const folder = join(dir, 'with-loop')
      mkdirSync(folder)
      copyFileSync(shared(TENCH), join(folder, 'a.jpg'))
      symlinkSync(join(folder, 'b.jpg'), join(folder, 'b.jpg'))
      const { code, stdout } = await runCli(['classify', '--model', shared(VIT), folder, '--json'])
      expect(code).to.equal(0)
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string, error?: string })
      expect(lines.map((l) => l.file)).to.deep.equal([join(folder, 'a.jpg'), join(folder, 'b.jpg')])
      expect(lines[1].error).to.equal(`image: cannot read ${join(folder, 'b.jpg')} (a symbolic link loop)`)
    })
  })

  describe('images: empty inputs, every image failing, pixel limits', () => {
    it('classify and embed-images on an empty folder fail naming it, and write nothing', async () => {
      const empty = join(dir, 'empty')
      mkdirSync(empty)
      const classify = await runCli(['classify', '--model', 'x/y', empty])
      expect(classify.code).to.equal(1)
      expect(classify.stderr).to.equal(`laionet classify: images: no image files in ${empty}. Expected files ending in .jpg, .jpeg, .png, .webp, .gif (or name the files directly)\n`)
      const out = join(dir, 'empty.npy')
      const embed = await runCli(['embed-images', '--model', 'x/y', empty, '--out', out])
      expect(embed.code).to.equal(1)
      expect(existsSync(out)).to.equal(false)
    })

    it('classify exits 1 when every image failed, after one line per image', async function () {
      skipWithoutShared(this, VIT)
      const bad = join(dir, 'bad.jpg')
      writeFileSync(bad, 'not an image')
      const { code, stdout, stderr } = await runCli(['classify', '--model', shared(VIT), bad, '--json'])
      expect(code).to.equal(1)
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
      expect(lines[0]).to.have.keys(['file', 'error'])
      expect(lines[1]).to.deep.equal({ error: { message: `laionet classify: none of the 1 images could be used (first error: ${lines[0].error})`, code: 'invalid-input' } })
      expect(stderr).to.equal('')
    })

    it('classify --max-pixels: an image over the limit is an error naming it, the others are classified', async function () {
      skipWithoutShared(this, MOBILENET)
      const folder = join(dir, 'pixels')
      mkdirSync(folder)
      copyFileSync(shared(TENCH), join(folder, 'a_tench.jpg'))
      const huge = join(folder, 'b_huge.png')
      writeFileSync(huge, pngHeader(20000, 20000))
      const { code, stdout, stderr } = await runCli(['classify', '--model', shared(MOBILENET), folder, '--max-pixels', '500000000', '--threads', '1', '--json'])
      expect(code, stderr).to.equal(0)
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string, error?: string, top5?: { wnid: string }[] })
      expect(lines.map((l) => l.file)).to.deep.equal([join(folder, 'a_tench.jpg'), huge])
      expect(lines[0].top5).to.have.length(5)
      // Under --max-pixels it is decoded shrunk to 1280 x 1280 (the model's limit applies to that), and this header
      // has no pixel data: an error naming it, the others classified.
      expect(lines[1].error).to.match(new RegExp(`^image: ${huge.replace(/[.\\/]/g, '\\$&')} could not be decoded \\(`))
      const low = await runCli(['classify', '--model', shared(MOBILENET), join(folder, 'a_tench.jpg'), '--max-pixels', '1000', '--threads', '1', '--json'])
      expect(low.code).to.equal(1)
      expect(JSON.parse(low.stdout.split('\n')[0]).error).to.match(/above the limit of 1000 \(raise maxPixels to accept it\)$/)
    })
  })

  describe('intra-class checks its rows and labels', () => {
    const d = 8
    let wnids: string[]
    before(async () => { wnids = (await loadImageNetClasses()).slice(0, 2).map((c) => c.wnid) })
    const labels = () => Array.from({ length: 12 }, (_, i) => wnids[i % 2])
    const write = async (name: string, X: Float32Array, labelList: string[] = labels()) => {
      await writeNpy(join(dir, `${name}.npy`), { dtype: 'float32', shape: [labelList.length, d], data: X })
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(labelList))
      return ['--embeddings', join(dir, `${name}.npy`), '--labels', join(dir, `${name}.json`)]
    }

    it('normalises rows that are not unit length, with a warning, to the statistics of the unit rows', async () => {
      const unit = await runCli(['intra-class', ...await write('unit', unitRows(1, 12, d)), '--json'])
      const scaled = await runCli(['intra-class', ...await write('scaled', unitRows(1, 12, d, 3)), '--json'])
      expect(unit.stderr).to.equal('')
      expect(scaled.stderr).to.equal(`intra-class: 12 of 12 rows of ${join(dir, 'scaled.npy')} are not unit length (first: row 0; norms 3.00 to 3.00); normalised them, so dot products are cosines\n`)
      const [a, b] = [JSON.parse(unit.stdout), JSON.parse(scaled.stdout)] as { mean: number, var: number }[][]
      a.forEach((r, i) => {
        expect(b[i].mean).to.be.closeTo(r.mean, 1e-6)
        expect(b[i].var).to.be.closeTo(r.var, 1e-6)
      })
    })

    it('refuses a zero row and a NaN row, naming the row', async () => {
      const zero = unitRows(2, 12, d)
      zero.fill(0, 5 * d, 6 * d)
      const z = await runCli(['intra-class', ...await write('zero', zero), '--json'])
      expect(z.code).to.equal(1)
      expect(JSON.parse(z.stdout)).to.deep.equal({ error: { message: `laionet intra-class: ${join(dir, 'zero.npy')} row 5 is a zero vector (it has no direction, so no cosine). Recompute or drop that embedding`, code: 'invalid-input' } })
      const nan = unitRows(3, 12, d)
      nan[7 * d + 2] = NaN
      const n = await runCli(['intra-class', ...await write('nan', nan)])
      expect(n.stderr).to.equal(`laionet intra-class: ${join(dir, 'nan.npy')} row 7 holds NaN or infinite values. Recompute or drop that embedding\n`)
    })

    it('refuses labels that are not ImageNet wnids unless --any-labels', async () => {
      const args = await write('labels', unitRows(4, 12, d), Array.from({ length: 12 }, (_, i) => (i === 3 ? 'cat' : wnids[i % 2])))
      const refused = await runCli(['intra-class', ...args])
      expect(refused.code).to.equal(1)
      expect(refused.stderr).to.equal(`laionet intra-class: ${join(dir, 'labels.json')} holds labels that are not ImageNet class wnids (row 3: "cat"). ` +
        'Label each row with the wnid of its class (n01440764, ...), or pass --any-labels (knownLabels: undefined) to accept other labels\n')
      expect((await runCli(['intra-class', ...args, '--any-labels'])).code).to.equal(0)
    })
  })

  describe('manners: --json errors, exit codes, flag names', () => {
    it('under --json an error is {"error": {"message", "code"}} on stdout, with the exit code kept', async () => {
      const usage = await runCli(['build', '--json'])
      expect(usage.code).to.equal(2)
      expect(JSON.parse(usage.stdout)).to.deep.equal({ error: { message: 'laionet build: --input: at least one parquet file is required', code: 'usage' } })
      expect(usage.stderr).to.equal('')
      const missing = await runCli(['data', 'fetch', 'no/such-file.json', '--json'])
      expect(missing.code).to.equal(1)
      expect(Object.keys(JSON.parse(missing.stdout).error)).to.deep.equal(['message', 'code'])
      const unknown = await runCli(['nope', '--json'])
      expect([unknown.code, JSON.parse(unknown.stdout).error.code]).to.deep.equal([2, 'usage'])
    })

    it('--threshold outside [-1, 1], --threshold with --top-k and --top-k 0 are usage errors (exit 2) before any work', async () => {
      const input = join(dir, 'one.parquet')
      parquetWriteFile({ filename: input, columnData: [{ name: 'TEXT', data: ['a tench'], type: 'STRING' }] })
      const base = ['build', '--input', input, '--model', 'no/such-model', '--out', join(dir, 'never')]
      const high = await runCli([...base, '--threshold', '1.5'])
      expect(high.code).to.equal(2)
      expect(high.stderr.split('\n')[0]).to.equal('laionet build: --threshold: expected a number in [-1, 1], got "1.5"')
      const both = await runCli([...base, '--threshold', '0.5', '--top-k', '5'])
      expect(both.code).to.equal(2)
      expect(both.stderr.split('\n')[0]).to.equal('laionet build: --threshold and --top-k exclude each other (top-k keeps the K most similar captions per class instead of thresholding)')
      const zero = await runCli([...base, '--top-k', '0'])
      expect(zero.code).to.equal(2)
      expect(zero.stderr.split('\n')[0]).to.equal('laionet build: --top-k: expected an integer in [1, 9007199254740991], got "0"')
      const top = await runCli(['classify', '--model', 'no/such-model', join(dir, 'x.jpg'), '--top', '0'])
      expect([top.code, top.stderr.split('\n')[0]]).to.deep.equal([2, 'laionet classify: --top: expected an integer in [1, 1000], got "0"'])
      expect(existsSync(join(dir, 'never'))).to.equal(false)
    })

    it('laionet data list | head: no EPIPE stack trace', async function () {
      this.timeout(60_000)
      expect(runBin).to.be.a('function') // the bin's entry point, called by name in the child below
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then((m) => m.runBin(['data', 'list']))`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
      // Read one chunk, then close the pipe as `head -1` does.
      await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve() }))
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
      expect(stderr).to.not.contain('EPIPE')
      expect(code).to.equal(0)
    })
  })
})

describe('cli: progress on a terminal only', () => {
  it('draws throttled lines with rate and ETA on a TTY, nothing when not a TTY or under --json', async () => {
    const { cliProgress, progressText } = await import('../../src/cli/progress.js')
    expect(progressText('build', 'row groups', 3, 10, 6)).to.equal('build: 3/10 row groups (30.0%) | 0.5 row groups/s | ETA 14s')
    expect(progressText('embed-text', 'texts', 500, undefined, 2, 'note')).to.equal('embed-text: 500 texts | 250 texts/s | note')
    const capture = (isTTY: boolean) => {
      const chunks: string[] = []
      const stderr = Object.assign(new PassThrough(), { isTTY })
      stderr.on('data', (c: Buffer) => chunks.push(c.toString()))
      return { io: { stdout: process.stdout, stderr, stdin: process.stdin }, chunks }
    }
    const tty = capture(true)
    const bar = cliProgress(tty.io, 'classify', { unit: 'images', total: 4, intervalMs: 0 })
    bar.update(2)
    bar.update(4)
    bar.end()
    await new Promise((r) => setImmediate(r))
    // Each redraw returns to the line start and clears it (ESC [2K).
    expect(tty.chunks.join('').replaceAll('\r\u001b[2K', '<redraw>')).to.match(/^<redraw>classify: 2\/4 images \(50\.0%\) \| [\d.]+ images\/s( \| ETA \d+s)?<redraw>classify: 4\/4 images \(100\.0%\) \| [\d.]+ images\/s\n$/)
    for (const [isTTY, json] of [[false, false], [true, true]]) {
      const c = capture(isTTY)
      const b = cliProgress(c.io, 'x', { unit: 'rows', total: 2, json, intervalMs: 0 })
      b.update(1)
      b.update(2)
      b.end()
      await new Promise((r) => setImmediate(r))
      expect(c.chunks).to.deep.equal([])
    }
  })
})
