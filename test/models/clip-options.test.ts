import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embedImages, embedTexts, loadClip, type Clip } from '../../src/index.js'
import { CLIP_DEFAULT_BATCH } from '../../src/models/clip.js'
import { runCli } from '../helpers/cli.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'
import { clipGolden, TINY_CLIP } from './golden.js'

const err = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message)

describe('models: CLIP batch size, threads and device as options; each image read once', function () {
  let clip: Clip
  let tmp: string
  before(async function () {
    skipWithoutShared(this, TINY_CLIP)
    clip = await loadClip(shared(TINY_CLIP), { threads: 1 })
    tmp = mkdtempSync(join(tmpdir(), 'laionet-clip-options-'))
  })
  after(async () => {
    await clip?.dispose()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('carries the measured default batch sizes, or the one passed, and embedTexts / embedImages use them', async () => {
    expect(clip.batchSize).to.deep.equal({ text: CLIP_DEFAULT_BATCH.text, image: CLIP_DEFAULT_BATCH.image })
    expect([clip.device, clip.threads]).to.deep.equal(['cpu', 1])
    const small = await loadClip(shared(TINY_CLIP), { batchSize: 4 })
    try {
      expect(small.batchSize).to.deep.equal({ text: 4, image: 4 })
      let calls = 0
      await embedTexts(small, clipGolden().texts.slice(0, 10).map((t) => t.text), { cache: false, onBatch: () => { calls++ } })
      expect(calls).to.equal(3) // 4 + 4 + 2
      calls = 0
      const images = ['123_456.jpg', '208_495.jpg', '321_421.jpg', '389_535.jpg', '416_264.jpg'].map((f) => shared(`fixtures/images/${f}`))
      await embedImages(small, images, { cache: false, onBatch: () => { calls++ } })
      expect(calls).to.equal(2) // 4 + 1
    } finally {
      await small.dispose()
    }
  })

  it('batches texts by length yet returns rows in input order, equal to one-at-a-time embeddings', async () => {
    const texts = clipGolden().texts.map((t) => t.text).slice(0, 30)
    const one = await embedTexts(clip, texts, { batchSize: 1, cache: false, normalize: false })
    const batched = await embedTexts(clip, texts, { batchSize: 8, cache: false, normalize: false })
    let worst = 0
    one.data.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - batched.data[i])) })
    expect(worst).to.be.below(1e-5)
  })

  it('refuses an unknown device, bad threads or batch size; cuda names what is missing', async () => {
    const dir = shared(TINY_CLIP)
    expect(await err(loadClip(dir, { device: 'gpu' as 'cpu' }))).to.equal('clip: unknown device "gpu" (expected cpu or cuda)')
    expect(await err(loadClip(dir, { threads: 0 }))).to.equal('clip: threads must be a positive integer, got 0')
    expect(await err(loadClip(dir, { batchSize: 2.5 }))).to.equal('clip: batchSize must be a positive integer, got 2.5')
    // This machine's onnxruntime-node has no CUDA provider (it is not bundled in the npm package).
    expect(await err(loadClip(dir, { device: 'cuda' }))).to.match(/^clip: device cuda is not available: onnxruntime-node runs CUDA on Linux x64 only, with its CUDA 12 provider at .*libonnxruntime_providers_cuda\.so \(missing; .*\)\. Use device cpu$/)
  })

  it('the commands take --batch-size, --threads and --device; bad values are usage errors naming the flag', async () => {
    const model = shared(TINY_CLIP)
    const ok = await runCli(['embed-text', '--model', model, '--no-cache', '--threads', '1', '--batch-size', '3', '--device', 'cpu'], '{"text": "a cat"}\n')
    expect([ok.code, ok.stderr]).to.deep.equal([0, ''])
    expect(JSON.parse(ok.stdout).embedding).to.have.length(16)
    for (const [flag, value, message] of [
      ['--device', 'gpu', '--device: expected cpu or cuda, got "gpu"'],
      ['--threads', '0', '--threads: expected an integer in [1, 256], got "0"'],
      ['--batch-size', 'x', '--batch-size: expected an integer in [1, 4096], got "x"'],
    ]) {
      for (const command of [['embed-text'], ['embed-images', '--out', join(tmp, 'x.npy'), shared('fixtures/images/123_456.jpg')], ['build', '--input', 'x.parquet', '--out', tmp]]) {
        const r = await runCli([...command, '--model', model, flag, value], '')
        expect(r.code, `${command[0]} ${flag}`).to.equal(2)
        expect(r.stderr, `${command[0]} ${flag}`).to.include(message)
      }
    }
  })

  it('reads each image file once: a named pipe (readable a single time) embeds like the file it carries', async function () {
    const file = shared('fixtures/images/n01443537_goldfish.JPEG')
    const fifo = join(tmp, 'goldfish.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = createWriteStream(fifo)
    writer.end(readFileSync(file))
    const cache = join(tmp, 'cache')
    const fromPipe = await embedImages(clip, [fifo], { cache }) // hashed for the cache key and decoded: one read
    expect(fromPipe.errors).to.deep.equal([])
    const fromFile = await embedImages(clip, [file], { cache: false })
    expect(Array.from(fromPipe.data)).to.deep.equal(Array.from(fromFile.data))
  })
})
