/**
 * Benchmark of src/models: texts/s and images/s at batch sizes 1, 8 and 32, with onnxruntime's intra-op threads
 * at 1 and 2, for the tiny fixture CLIP (text and vision towers), the tiny ViT classifier and the real MobileNetV2
 * (int8); then MobileNetV2 end to end on the 1000 ImageNet samples (top-1, top-5, time). Baselines measured in the
 * same run: image decoding alone (sharp), which every image path pays before any model.
 * Peak memory is the process's max RSS.
 * Run: node --import tsx bench/models.ts   (writes bench/results/models.json; needs ../shared, else it stops)
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  classifyImages, decodeImage, embedTexts, listImageFiles, loadClassifier, loadClip, scorePredictions, wnidFromFileName,
  type DecodedImage,
} from '../src/index.js'
import { writeResults } from './best-of.js'

const here = dirname(fileURLToPath(import.meta.url))
const shared = join(here, '..', '..', 'shared')
if (!existsSync(join(shared, 'fixtures', 'models'))) {
  console.error(`bench/models: ${shared} is missing (fixtures and data); nothing to measure`)
  process.exit(1)
}
const fixtures = join(shared, 'fixtures')
const info = JSON.parse(readFileSync(join(shared, 'data/imagenet/class_info.json'), 'utf8')) as { cid: number, wnid: string, synset: string[] }[]
const classes = info.map((c) => ({ index: c.cid, wnid: c.wnid, lemmas: c.synset }))
const samples = await listImageFiles([join(shared, 'data/imagenet/samples')])
const mobilenetFile = join(shared, 'data/models/mobilenetv2-12-int8.onnx')

const BATCHES = [1, 8, 32]
const THREADS = [1, 2]
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20)

/** Best of `runs` wall times in ms (the machine is shared: the minimum is the least disturbed run). */
async function best(f: () => Promise<unknown>, runs = 2): Promise<number> {
  let ms = Infinity
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    await f()
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return ms
}
const perSecond = (n: number, ms: number) => Math.round((10 * n * 1000) / ms) / 10

async function batched<T>(items: T[], size: number, run: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let b = 0; b < items.length; b += size) await run(items.slice(b, b + size))
}

const results: Record<string, unknown> = { node: process.version, when: new Date().toISOString(), cores: (await import('node:os')).cpus().length }

// Baseline: decoding alone.
const imageFiles = samples.slice(0, 64)
let decoded: DecodedImage[] = []
const decodeMs = await best(async () => { decoded = await Promise.all(imageFiles.map((f) => decodeImage(f))) }, 1)
results.decodeBaseline = { images: imageFiles.length, imagesPerSecond: perSecond(imageFiles.length, decodeMs) }

// Tiny CLIP: texts and images, model only (inputs pre-decoded, cache off).
const golden = JSON.parse(readFileSync(join(fixtures, 'golden/clip_golden.json'), 'utf8')) as { texts: { text: string }[] }
const texts = Array.from({ length: 256 }, (_, i) => `${golden.texts[i % golden.texts.length].text} ${i}`)
const tinyClip: Record<string, unknown>[] = []
for (const threads of THREADS) {
  const clip = await loadClip(join(fixtures, 'models/tiny-random-clip'), { threads })
  await embedTexts(clip, texts.slice(0, 8), { cache: false }) // load the towers before timing
  await clip.embedImageBatch(decoded.slice(0, 1))
  for (const batchSize of BATCHES) {
    const textMs = await best(() => embedTexts(clip, texts, { batchSize, cache: false }))
    const imageMs = await best(() => batched(decoded, batchSize, (b) => clip.embedImageBatch(b)))
    tinyClip.push({ threads, batchSize, textsPerSecond: perSecond(texts.length, textMs), imagesPerSecond: perSecond(decoded.length, imageMs) })
  }
  await clip.dispose()
}
results.tinyClip = { texts: texts.length, images: decoded.length, runs: tinyClip, rssMiB: rss() }

// Classifiers, model and preprocessing only (pre-decoded images).
async function classifierRuns(spec: string, images: DecodedImage[]): Promise<Record<string, unknown>[]> {
  const runs: Record<string, unknown>[] = []
  for (const threads of THREADS) {
    const classifier = await loadClassifier(spec, { classes, threads })
    await classifier.logits(images.slice(0, 1))
    for (const batchSize of BATCHES) {
      const ms = await best(() => batched(images, batchSize, (b) => classifier.logits(b)))
      runs.push({ threads, batchSize, imagesPerSecond: perSecond(images.length, ms) })
    }
    await classifier.dispose()
  }
  return runs
}
results.tinyVit = { images: decoded.length, runs: await classifierRuns(join(fixtures, 'models/tiny-random-vit'), decoded), rssMiB: rss() }
results.mobilenetV2 = { images: decoded.length, runs: await classifierRuns(mobilenetFile, decoded), rssMiB: rss() }

// MobileNetV2 end to end on the 1000 samples (decode, preprocess, model), onnxruntime's default threads.
{
  const classifier = await loadClassifier(mobilenetFile, { classes })
  const t0 = process.hrtime.bigint()
  const run = await classifyImages(classifier, samples, { batchSize: 32 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  await classifier.dispose()
  const score = scorePredictions(run.predictions, samples.map(wnidFromFileName))
  results.mobilenetV2Samples = {
    images: score.n, seconds: Math.round(ms / 100) / 10, imagesPerSecond: perSecond(score.n, ms),
    top1: Math.round(1000 * score.top1) / 10, top5: Math.round(1000 * score.top5) / 10, errors: run.errors.length, converted: run.converted,
  }
}

results.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
results.loadAverage = (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10)
writeResults('models', results)
console.log(JSON.stringify(results, null, 2))
