import { expect } from 'chai'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cosineSimilarity, readNpy } from '../../src/index.js'
import { cpuFeatures } from '../../src/util/cpu-features.js'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { TINY_CLIP, classifierGolden, clipGolden, unit } from './golden.js'
import { useContext } from '../helpers/context.js'
import { currentContext } from '../../src/util/context.js'

describe('models: laionet embed-text, embed-images, classify', function () {
  let tmp: string
  before(function () {
    skipWithoutShared(this, TINY_CLIP)
    tmp = mkdtempSync(join(tmpdir(), 'laionet-cli-models-'))
  })
  useContext(() => ({ dataMirror: currentContext().dataMirror ?? shared('data') }))
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('embed-text: JSON lines in, normalised embeddings out in the same order; missing text is "None"', async () => {
    const golden = clipGolden().texts
    const stdin = [0, 57 - 3, 6].map((i) => JSON.stringify({ text: golden[i].text })).join('\n') + '\n{"text": null}\n\n{}\n{"text": "None"}\n'
    const { code, stdout, stderr } = await runCli(['embed-text', '--model', shared(TINY_CLIP), '--no-cache', '--batch-size', '2'], stdin)
    expect(stderr).to.equal('')
    expect(code).to.equal(0)
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l).embedding as number[])
    expect(rows).to.have.length(6)
    ;[0, 54, 6].forEach((g, r) => unit(golden[g].text_embeds).forEach((v, j) => expect(Math.abs(v - rows[r][j])).to.be.below(1e-4)))
    expect(rows[3]).to.deep.equal(rows[5])
    expect(rows[4]).to.deep.equal(rows[5])
  })

  it('embed-text: keeps the order across internal chunks of 1024 lines', async () => {
    const texts = Array.from({ length: 1030 }, (_, i) => `caption number ${i}`)
    const { code, stdout } = await runCli(['embed-text', '--model', shared(TINY_CLIP), '--no-cache', '--batch-size', '64'],
      texts.map((text) => JSON.stringify({ text })).join('\n'))
    expect(code).to.equal(0)
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l).embedding as number[])
    expect(rows).to.have.length(1030)
    const single = await runCli(['embed-text', '--model', shared(TINY_CLIP), '--no-cache'], JSON.stringify({ text: texts[1027] }))
    const want = JSON.parse(single.stdout).embedding as number[]
    want.forEach((v, j) => expect(Math.abs(v - rows[1027][j])).to.be.below(1e-6))
  })

  it('embed-text: a bad line names its number; a missing --model is a usage error', async () => {
    const bad = await runCli(['embed-text', '--model', shared(TINY_CLIP), '--no-cache'], '{"text": "a"}\n{"text": 3}\n')
    expect(bad.code).to.equal(1)
    expect(bad.stderr).to.equal('laionet embed-text: stdin line 2: "text" is a number (expected a string or null)\n')
    const usage = await runCli(['embed-text'], '')
    expect(usage.code).to.equal(2)
    expect(usage.stderr).to.match(/^laionet embed-text: --model <id\|dir> is required\n/)
  })

  it('embed-images: writes the .npy, the row files and the per-image errors beside it', async () => {
    const dir = join(tmp, 'imgs')
    const golden = clipGolden().images
    const { mkdirSync } = await import('node:fs')
    mkdirSync(dir)
    copyFileSync(shared('fixtures/images/123_456.jpg'), join(dir, 'a.jpg'))
    writeFileSync(join(dir, 'b.png'), 'garbage')
    copyFileSync(shared('fixtures/images/cmyk_tabby.jpg'), join(dir, 'c.jpg'))
    writeFileSync(join(dir, 'notes.txt'), 'not an image, skipped by extension')
    const out = join(tmp, 'x.npy')
    const { code, stdout } = await runCli(['embed-images', '--model', shared(TINY_CLIP), dir, '--out', out, '--no-cache', '--json'])
    expect(code).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.equal({ out, images: 3, rows: 2, dim: 16, errors: 1, converted: { cmyk: 1 } })
    const npy = await readNpy(out)
    expect([npy.dtype, ...npy.shape]).to.deep.equal(['float32', 2, 16])
    expect(JSON.parse(readFileSync(join(tmp, 'x.files.json'), 'utf8'))).to.deep.equal([join(dir, 'a.jpg'), join(dir, 'c.jpg')])
    const errors = JSON.parse(readFileSync(join(tmp, 'x.errors.json'), 'utf8'))
    expect(errors).to.have.length(1)
    expect(errors[0].file).to.equal(join(dir, 'b.png'))
    expect(errors[0].error).to.match(/^image: .*b\.png is corrupt or not an image \(/)
    const data = npy.data as Float32Array
    expect(cosineSimilarity(data.subarray(0, 16), golden[0].image_embeds)).to.be.at.least(0.99)
    expect(cosineSimilarity(data.subarray(16, 32), golden.find((g) => g.file === 'cmyk_tabby.jpg')!.image_embeds)).to.be.at.least(0.99)
  })

  it('classify --json: one line per image with the top-5 wnids, or the error', async function () {
    skipWithoutShared(this, 'data/imagenet/class_info.json')
    this.timeout(120_000) // the first run extracts WordNet 3.0 for the class table
    const bad = join(tmp, 'bad.jpg')
    writeFileSync(bad, '')
    const files = ['n01440764_tench.JPEG', 'n04552348_warplane.JPEG'].map((f) => shared(`fixtures/images/${f}`))
    const { code, stdout, stderr } = await runCli(['classify', '--model', shared('fixtures/models/tiny-random-vit'), ...files, bad, '--json'])
    expect(code).to.equal(0)
    expect(stderr).to.equal('classify: 1 of 3 images could not be used\n')
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l))
    const golden = classifierGolden('tiny-random-vit')
    files.forEach((f, i) => {
      expect(lines[i].file).to.equal(f)
      expect(lines[i].top5).to.have.length(5)
      expect(Object.keys(lines[i].top5[0])).to.deep.equal(['wnid', 'index', 'score'])
      expect(lines[i].top5[0].index).to.equal(golden.find((g) => f.endsWith(g.file))!.top5[0])
      expect(lines[i].top5[0].wnid).to.match(/^n\d{8}$/)
    })
    expect(lines[2]).to.deep.equal({ file: bad, error: `image: ${bad} is empty (0 bytes)` })
  })

  it('classify: a raw .onnx file (the real MobileNetV2) with the text output, one tab-separated line per image', async function () {
    skipWithoutShared(this, 'data/models/mobilenetv2-12-int8.onnx')
    this.timeout(120_000)
    const file = shared('fixtures/images/n01443537_goldfish.JPEG')
    const { code, stdout } = await runCli(['classify', '--model', shared('data/models/mobilenetv2-12-int8.onnx'), file, '--top', '3', '--threads', '1'])
    expect(code).to.equal(0)
    const fields = stdout.trim().split('\t')
    expect(fields[0]).to.equal(file)
    expect(fields).to.have.length(4)
    expect(fields[1]).to.match(/^n01443537 (0|1)\.\d{3}$/) // goldfish first
  })

  it('classify: an int8 .onnx model says which path ran and on which CPU; --int8-kernels warns without VNNI', async function () {
    skipWithoutShared(this, 'data/models/mobilenetv2-12-int8.onnx')
    this.timeout(120_000)
    const file = shared('fixtures/images/n01443537_goldfish.JPEG')
    const model = shared('data/models/mobilenetv2-12-int8.onnx')
    const cpu = cpuFeatures()
    const json = await runCli(['classify', '--model', model, file, '--threads', '1', '--json'])
    expect(json.code).to.equal(0)
    expect(json.stderr).to.equal('')
    const line = JSON.parse(json.stdout)
    expect(Object.keys(line)).to.deep.equal(['file', 'top5', 'path', 'cpu'])
    expect(line.path).to.equal('float-rewrite')
    expect(line.cpu).to.deep.equal({ model: cpu.model, avx2: cpu.avx2, avx512f: cpu.avx512f, vnni: cpu.vnni })
    expect(line.top5[0].wnid).to.equal('n01443537')
    const text = await runCli(['classify', '--model', model, file, '--threads', '1'])
    expect(text.stderr).to.match(new RegExp(`^classify: mobilenetv2-12-int8\\.onnx: int8 model run as its float rewrite \\(cached .*\\.v2\\.onnx\\) on ${cpu.model.replace(/[()]/g, '.')} .*\n$`))
    const raw = await runCli(['classify', '--model', model, file, '--threads', '1', '--json', '--int8-kernels'])
    expect(raw.code).to.equal(0)
    expect(JSON.parse(raw.stdout).path).to.equal('int8')
    if (cpu.vnni) expect(raw.stderr).to.equal('')
    else expect(raw.stderr).to.match(/^onnx: mobilenetv2-12-int8\.onnx runs on onnxruntime's int8 kernels \(asked for\), and this CPU has no VNNI \(.*\): expect about 8 points of top-1 on MobileNetV2-int8 \(u8 x s8 products saturate in int16\)\. Drop --int8-kernels \(int8Kernels\) to run the float rewrite\n$/)
  })
})
