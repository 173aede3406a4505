/**
 * Benchmark of the caption matcher (src/laionet): the one-pass automaton against the authors' per-lemma
 * loop in the same run, on >= 1M captions made by repeating the 10,000 real LAION captions; then the
 * streaming parquet engine end to end on a temporary 1M-row parquet file (row groups on worker threads).
 * Run: node --import tsx bench/match.ts   (writes bench/results/match.json)
 * Needs LAIONET_DATA_MIRROR (e.g. ../shared/data). Options: BENCH_REPEAT (default 100 = 1M captions),
 * BENCH_LOOP_CAPTIONS (captions timed with the per-lemma loop, default 2000), BENCH_WORKERS (default 2).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'
import { createLemmaMatcher, dataPath, loadLemmaMap, matchCaptionPerLemma, matchParquetFiles } from '../src/index.js'
import { writeResults } from './best-of.js'

const repeat = Number(process.env.BENCH_REPEAT ?? 100)
const loopCaptions = Number(process.env.BENCH_LOOP_CAPTIONS ?? 2000)
const workers = Number(process.env.BENCH_WORKERS ?? 2)

let peakRss = 0
const sampleMemory = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }
const timer = setInterval(sampleMemory, 20)

const sample = (await parquetReadObjects({ file: await asyncBufferFromFile(await dataPath('laion/laion400m-sample-10000.parquet')), columns: ['TEXT'] }))
  .map((r) => (r.TEXT as string | null) ?? '')
const corpus: string[] = []
for (let k = 0; k < repeat; k++) corpus.push(...sample)
const bytes = corpus.reduce((n, c) => n + Buffer.byteLength(c), 0)

const results: Record<string, unknown> = { captions: corpus.length, captionMB: round(bytes / 1e6), node: process.version, cores: availableParallelism(), loadAverageAtStart: loadavg().map(round) }
for (const mode of ['paper', 'extended'] as const) {
  const map = await loadLemmaMap(mode)
  let t = performance.now()
  const matcher = createLemmaMatcher(map)
  const buildMs = performance.now() - t

  // Warm up, then time the whole corpus on one thread.
  for (let i = 0; i < 20000; i++) matcher.match(sample[i % sample.length])
  t = performance.now()
  const cpu0 = process.cpuUsage()
  let matched = 0
  for (const c of corpus) if (matcher.match(c)) matched++
  const automatonS = (performance.now() - t) / 1000
  const cpu = process.cpuUsage(cpu0)
  // CPU seconds of this thread's work: the per-core rate even when other processes share the cores.
  const automatonCpuS = (cpu.user + cpu.system) / 1e6
  sampleMemory()

  t = performance.now()
  const loopCpu0 = process.cpuUsage()
  let loopMatched = 0
  for (let i = 0; i < loopCaptions; i++) if (matchCaptionPerLemma(sample[i], map)) loopMatched++
  const loopS = (performance.now() - t) / 1000
  const loopCpu = process.cpuUsage(loopCpu0)
  const loopCpuS = (loopCpu.user + loopCpu.system) / 1e6
  const loopPerCaption = loopS / loopCaptions
  const automatonPerCaption = automatonS / corpus.length

  results[mode] = {
    lemmaEntries: map.entries.length,
    automatonStates: matcher.automaton.stateCount,
    buildMs: round(buildMs),
    matched,
    automaton: {
      seconds: round(automatonS), captionsPerSecond: Math.round(corpus.length / automatonS), MBPerSecond: round(bytes / 1e6 / automatonS),
      cpuSeconds: round(automatonCpuS), captionsPerCpuSecond: Math.round(corpus.length / automatonCpuS), MBPerCpuSecond: round(bytes / 1e6 / automatonCpuS),
    },
    perLemmaLoop: { captionsTimed: loopCaptions, matchedInTimed: loopMatched, seconds: round(loopS), captionsPerSecond: Math.round(1 / loopPerCaption), cpuSeconds: round(loopCpuS), captionsPerCpuSecond: Math.round(loopCaptions / loopCpuS) },
    // Per caption, the loop's time over the automaton's (wall clock and CPU time, same run).
    speedup: Math.round(loopPerCaption / automatonPerCaption),
    speedupCpu: Math.round((loopCpuS / loopCaptions) / (automatonCpuS / corpus.length)),
  }
  console.log(mode, JSON.stringify(results[mode]))
}

// End to end: a 1M-row parquet streamed by row group through the worker pool.
const dir = mkdtempSync(join(tmpdir(), 'laionet-bench-'))
try {
  const file = join(dir, 'part-00000-bench.parquet')
  parquetWriteFile({ filename: file, columnData: [{ name: 'TEXT', data: corpus, type: 'STRING' }], rowGroupSize: 100_000 })
  const map = await loadLemmaMap('paper')
  const t = performance.now()
  let matched = 0
  for await (const f of matchParquetFiles([file], map, { workers })) matched += f.records.length
  const s = (performance.now() - t) / 1000
  sampleMemory()
  results.parquetEndToEnd = { workers, rowGroups: Math.ceil(corpus.length / 100_000), seconds: round(s), captionsPerSecond: Math.round(corpus.length / s), MBPerSecond: round(bytes / 1e6 / s), matched }
  console.log('parquet', JSON.stringify(results.parquetEndToEnd))
} finally {
  rmSync(dir, { recursive: true, force: true })
}

clearInterval(timer)
results.peakRssMB = Math.round(peakRss / 1e6)
results.loadAverageAtEnd = loadavg().map(round)
results.goals = { speedupAtLeast: 100, captionsPerSecondPerCoreAtLeast: 1_000_000 }
writeResults('match', results)
console.log(JSON.stringify(results, null, 2))

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
