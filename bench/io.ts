/**
 * Benchmark of src/io and src/data, each against a baseline measured in the same run:
 * - parquet: streaming the LAION-400M sample (TEXT) and the paper's 50,000-row results, vs hyparquet's whole-file read;
 * - npy: parsing 50,000 x 5 int64 predictions, float16 encode/decode of 1M values (baseline: a Float32Array copy);
 * - jsonl: writing and streaming 100,000 rows, vs JSON.parse of the whole text;
 * - data: fetchData over the 1070 files from the mirror (cold), then again (stamped), and dataFolder over the 1000 samples.
 * Run: node --import tsx bench/io.ts   (writes bench/results/<cpu>/io.json; needs ../shared/data, else those parts are skipped)
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { dataFolder, fetchData, parquetRowGroups } from '../src/index.js'
import { encodeNpy, parseNpy } from '../src/io/npy.js'
import { readJsonl, writeJsonl } from '../src/io/jsonl.js'
import { bestOfAsync as time, writeResults } from './best-of.js'

const here = dirname(fileURLToPath(import.meta.url))
const mirror = join(here, '..', '..', 'shared', 'data')
const hasMirror = existsSync(join(mirror, 'SHA256SUMS'))
const work = join(tmpdir(), `laionet-bench-io-${process.pid}`)
mkdirSync(work, { recursive: true })

const results: Record<string, unknown> = { node: process.version, when: new Date().toISOString(), mirror: hasMirror }

if (hasMirror) {
  const laion = join(mirror, 'laion/laion400m-sample-10000.parquet')
  const paper = join(mirror, 'paper/ILSVRC2012_val.parquet')
  const stream = await time(async () => {
    let chars = 0
    for await (const b of parquetRowGroups(laion, { columns: ['TEXT'], batchSize: 1024 })) for (const t of b.columns.TEXT) chars += (t as string | null)?.length ?? 0
    return chars
  })
  const whole = await time(async () => (await parquetReadObjects({ file: await asyncBufferFromFile(laion), columns: ['TEXT'], compressors })).length)
  const paperStream = await time(async () => {
    let n = 0
    for await (const b of parquetRowGroups(paper, { columns: ['top_1_is_correct_resnet-50'] })) n += b.rows
    return n
  })
  const paperWhole = await time(async () => (await parquetReadObjects({ file: await asyncBufferFromFile(paper), columns: ['top_1_is_correct_resnet-50'], compressors })).length)
  results.parquet = {
    laionTextStreamMs: stream.ms, laionTextWholeFileBaselineMs: whole.ms, laionRows: 10000,
    paperOneColumnStreamMs: paperStream.ms, paperOneColumnWholeFileBaselineMs: paperWhole.ms, paperRows: paperStream.value,
  }
  const predBytes = readFileSync(join(mirror, 'imagenetv2/predictions/imagenet-validation-original/resnet50.npy'))
  const parse = await time(() => parseNpy(predBytes))
  results.npyInt64 = { shape: parse.value.shape, parseMs: parse.ms }
}

{
  const n = 1_000_000
  const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1000)
  const enc = await time(() => encodeNpy({ dtype: 'float16', shape: [n], data }))
  const dec = await time(() => parseNpy(enc.value))
  const f32 = await time(() => parseNpy(encodeNpy({ dtype: 'float32', shape: [n], data })))
  results.npyFloat16 = { values: n, encodeMs: enc.ms, decodeMs: dec.ms, float32RoundTripBaselineMs: f32.ms }
}

{
  const file = join(work, 'rows.jsonl')
  const rows = Array.from({ length: 100_000 }, (_, i) => ({ i, url: `http://example.com/${i}.jpg`, ok: i % 3 !== 0 }))
  const write = await time(() => writeJsonl(file, rows))
  const writeBaseline = await time(() => writeFileSync(join(work, 'naive.jsonl'), rows.map((r) => JSON.stringify(r) + '\n').join('')))
  const read = await time(async () => {
    let n = 0
    for await (const _ of readJsonl(file)) n++
    return n
  })
  const baseline = await time(() => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).length)
  results.jsonl = { rows: read.value, writeMs: write.ms, naiveWriteFileBaselineMs: writeBaseline.ms, streamReadMs: read.ms, wholeFileParseBaselineMs: baseline.ms }
}

if (hasMirror) {
  const cache = join(work, 'cache')
  const cold = await time(() => fetchData('all', { cache, mirror }), 1)
  const warm = await time(() => fetchData('all', { cache, mirror }))
  const folder = await time(() => dataFolder('imagenet/samples/', { cache, mirror }))
  const mb = cold.value.reduce((s, r) => s + r.bytes, 0) / 1e6
  results.data = { files: cold.value.length, coldMirrorMs: cold.ms, coldMB: Math.round(mb * 10) / 10, stampedRerunMs: warm.ms, dataFolderSamplesWarmMs: folder.ms }
}

rmSync(work, { recursive: true, force: true })
writeResults('io', results)
console.log(JSON.stringify(results, null, 2))
