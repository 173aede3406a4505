/**
 * Benchmark of the caption matcher (src/laionet), against the peer a researcher would pick, in the same run:
 * 1. in memory: the one-pass automaton against the authors' per-lemma loop, on 1M captions made by repeating the
 *    10,000 real LAION captions;
 * 2. end to end: `laionet match` (dist/cli/main.js, process start included) against MetaCLIP-style pyarrow +
 *    pyahocorasick (bench/match-peer.py) on the same 100 copies of the real 10,000-row parquet, both pinned to the
 *    same cores (taskset), 1 core and 2 cores, paper and extended rules; the matched counts must agree.
 * The compiled lemma map is read from the cache as after a user's first run (an untimed run stores it first).
 * Run: npm run build && node --import tsx bench/match.ts   (writes bench/results/<cpu>/match.json)
 * Needs LAIONET_DATA_MIRROR (e.g. ../shared/data). The peer's packages are installed with pip (local wheel folders)
 * when missing; without them the end-to-end part is skipped with a message. Options: BENCH_REPEAT (default 100),
 * BENCH_LOOP_CAPTIONS (default 2000), BENCH_RUNS (best of, default 3).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'
import { createLemmaMatcher, dataPath, loadLemmaMap, type LemmaMap } from '../src/index.js'
import { matchCaptionPerLemma } from '../src/laionet/lemma-matcher.js'
import { planParquet, readCaptionBytes, readRowGroup } from '../src/laionet/read-captions.js'
import { describeCpu } from '../src/util/cpu-features.js'
import { bestOfAsync, interleavedBest, timedCommand, writeResults } from './best-of.js'

const repeat = Number(process.env.BENCH_REPEAT ?? 100)
const loopCaptions = Number(process.env.BENCH_LOOP_CAPTIONS ?? 2000)
const runs = Number(process.env.BENCH_RUNS ?? 3)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

let peakRss = 0
const sampleMemory = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }
const timer = setInterval(sampleMemory, 20)

const sampleFile = await dataPath('laion/laion400m-sample-10000.parquet')
const sample = (await parquetReadObjects({ file: await asyncBufferFromFile(sampleFile), columns: ['TEXT'] }))
  .map((r) => (r.TEXT as string | null) ?? '')
const corpus: string[] = []
for (let k = 0; k < repeat; k++) corpus.push(...sample)
const bytes = corpus.reduce((n, c) => n + Buffer.byteLength(c), 0)

const results: Record<string, unknown> = { captions: corpus.length, captionMB: round(bytes / 1e6), node: process.version, cores: availableParallelism(), loadAverageAtStart: loadavg().map(round) }
const maps: Record<string, LemmaMap> = {}
for (const mode of ['paper', 'extended'] as const) {
  const map = maps[mode] = await loadLemmaMap(mode)
  let t = performance.now()
  const matcher = createLemmaMatcher(map)
  const buildMs = performance.now() - t

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
  results[mode] = {
    lemmaEntries: map.entries.length,
    automatonStates: matcher.automaton.stateCount,
    buildMs: round(buildMs),
    matched,
    automaton: {
      seconds: round(automatonS), captionsPerSecond: Math.round(corpus.length / automatonS), MBPerSecond: round(bytes / 1e6 / automatonS),
      cpuSeconds: round(automatonCpuS), captionsPerCpuSecond: Math.round(corpus.length / automatonCpuS), MBPerCpuSecond: round(bytes / 1e6 / automatonCpuS),
    },
    perLemmaLoop: { captionsTimed: loopCaptions, matchedInTimed: loopMatched, seconds: round(loopS), captionsPerSecond: Math.round(loopCaptions / loopS), cpuSeconds: round(loopCpuS), captionsPerCpuSecond: Math.round(loopCaptions / loopCpuS) },
    // Per caption, the loop's time over the automaton's (wall clock and CPU time, same run).
    speedup: Math.round((loopS / loopCaptions) / (automatonS / corpus.length)),
    speedupCpu: Math.round((loopCpuS / loopCaptions) / (automatonCpuS / corpus.length)),
  }
  console.log(mode, JSON.stringify(results[mode]))
}

// Where the end-to-end time goes, in this thread: reading the TEXT column of the same 1M rows (100 row groups of the
// real file) as strictly decoded strings through hyparquet (the reader before) and as bytes (the reader now).
{
  const plan = await planParquet(sampleFile, 'bench')
  const span = plan.rowGroups[0]
  const reps = Math.max(1, Math.round(repeat / 4))
  const strings = await bestOfAsync(async () => { for (let k = 0; k < reps; k++) await readRowGroup(plan, span, ['TEXT'], 'bench') }, runs)
  const asBytes = await bestOfAsync(async () => { for (let k = 0; k < reps; k++) await readCaptionBytes(plan, span, 'TEXT', 'bench') }, runs)
  const rows = reps * span.rows
  results.readTextColumn = {
    rows,
    hyparquetStrictStrings: { ms: strings.ms, rowsPerSecond: Math.round(rows / strings.ms * 1000) },
    byteReader: { ms: asBytes.ms, rowsPerSecond: Math.round(rows / asBytes.ms * 1000) },
    speedup: round(strings.ms / asBytes.ms),
  }
  console.log('read TEXT', JSON.stringify(results.readTextColumn))
}

// End to end against the peer, on the same files and cores.
const cli = join(root, 'dist', 'cli', 'main.js')
const peer = join(root, 'bench', 'match-peer.py')
const peerReady = ensurePeer()
if (!existsSync(cli)) {
  results.endToEnd = { skipped: 'dist/cli/main.js is missing: run npm run build (npm run bench does)' }
} else if (peerReady !== true) {
  results.endToEnd = { skipped: peerReady }
  console.log(`match: end-to-end comparison skipped: ${peerReady}`)
} else {
  const dir = mkdtempSync(join(tmpdir(), 'laionet-bench-match-'))
  try {
    const files = Array.from({ length: repeat }, (_, k) => join(dir, `part-${String(k).padStart(5, '0')}-copy.parquet`))
    for (const f of files) copyFileSync(sampleFile, f)
    const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0
    const endToEnd: Record<string, unknown> = { files: files.length, rows: files.length * sample.length, pinnedWithTaskset: pin, bestOf: runs }
    for (const mode of ['paper', 'extended'] as const) {
      // As users run it after their first match: the compiled lemma map is in the cache (<cache>/match). This untimed
      // run stores it when it is not there yet, and says which it was.
      const warm = timedCommand([process.execPath, cli, 'match', '--json', '--mode', mode, '--workers', '0', '--out', join(dir, 'out.jsonl'), '--input', files[0]], root)
      endToEnd[`${mode}StartUp`] = { mapCacheBeforeTiming: (JSON.parse(warm.stdout) as { mapCache: string }).mapCache, oneFileSeconds: warm.seconds, oneFileCpuSeconds: warm.cpuSeconds }
      const mapFile = join(dir, `map-${mode}.json`)
      const map = maps[mode]
      writeFileSync(mapFile, JSON.stringify({
        collapse: map.mode === 'extended' && map.options.punctuation,
        entries: map.entries.filter((e) => e.matchable).map((e) => ({ pattern: e.pattern, caseSensitive: e.caseSensitive, wnids: e.wnids })),
      }))
      const byCores: Record<string, unknown> = {}
      for (const cores of [1, 2].filter((c) => c <= availableParallelism())) {
        const cpus = pin ? ['taskset', '-c', Array.from({ length: cores }, (_, i) => i).join(',')] : []
        // Interleaved (ours, peer, ours, ...) so both see the same moments of a shared machine; best of `runs` each.
        const [ours, theirs] = interleavedBest([
          () => timedCommand([...cpus, process.execPath, cli, 'match', '--json', '--mode', mode, '--workers', String(cores === 1 ? 0 : cores), '--out', join(dir, 'out.jsonl'), '--input', ...files], root),
          () => timedCommand([...cpus, 'python3', peer, mapFile, String(cores), ...files], root),
        ], runs).map(({ stdout, ...t }) => ({ ...t, matched: (JSON.parse(stdout) as { matched: number }).matched }))
        const rows = files.length * sample.length
        byCores[`${cores}core`] = {
          // Captions per second and, beside them, MB of caption text (UTF-8) per second: the physical limit is memory bandwidth.
          ours: { ...ours, captionsPerSecondPerCore: Math.round(rows / ours.seconds / cores), captionsPerCpuSecond: Math.round(rows / ours.cpuSeconds), captionMBPerCpuSecond: round(bytes / 1e6 / ours.cpuSeconds) },
          peer: { ...theirs, captionsPerSecondPerCore: Math.round(rows / theirs.seconds / cores), captionsPerCpuSecond: Math.round(rows / theirs.cpuSeconds), captionMBPerCpuSecond: round(bytes / 1e6 / theirs.cpuSeconds) },
          sameMatches: ours.matched === theirs.matched,
          // Wall clock per core on the same cores, and CPU seconds (robust when other processes share the machine).
          ratio: round(theirs.seconds / ours.seconds),
          ratioCpu: round(theirs.cpuSeconds / ours.cpuSeconds),
        }
        console.log(`match end to end, ${mode} rule, ${cores} core(s), ${rows} captions: ours ${ours.cpuSeconds} CPU-s (${ours.seconds} s wall), pyarrow + pyahocorasick ${theirs.cpuSeconds} CPU-s (${theirs.seconds} s wall): ${round(theirs.cpuSeconds / ours.cpuSeconds)}x per CPU-second (goal >= 3), ${round(theirs.seconds / ours.seconds)}x wall; ours ${Math.round(rows / ours.cpuSeconds)} captions and ${round(bytes / 1e6 / ours.cpuSeconds)} MB of caption text per CPU-second (peer ${Math.round(rows / theirs.cpuSeconds)}, ${round(bytes / 1e6 / theirs.cpuSeconds)} MB); on ${describeCpu()}, load ${loadavg().map(round).join(' ')}`)
        console.log(mode, `${cores} core(s)`, JSON.stringify(byCores[`${cores}core`]))
        if (ours.matched !== theirs.matched) throw new Error(`match bench: ${mode} rule: ours matched ${ours.matched}, the peer ${theirs.matched}`)
      }
      endToEnd[mode] = byCores
    }
    results.endToEnd = endToEnd
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// Issue 14: one 10.8 MB caption through `match` and `build` (tiny fixture CLIP when ../shared has it): time and peak
// resident memory of the whole process, with the reader's 64 KiB bound on one caption.
if (existsSync(cli) && existsSync('/usr/bin/time')) {
  const dir = mkdtempSync(join(tmpdir(), 'laionet-bench-huge-'))
  try {
    const file = join(dir, 'huge.parquet')
    const huge = 'a tench ' + 'lorem ipsum dolor sit amet '.repeat(400_000)
    parquetWriteFile({ filename: file, columnData: [{ name: 'URL', data: ['u0', 'u1', 'u2'], type: 'STRING' }, { name: 'TEXT', data: ['a cougar', huge, 'tench'], type: 'STRING' }] })
    const measure = (args: string[]) => {
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, ...args], { encoding: 'utf8', cwd: root })
      const [seconds, kb] = r.stderr.trim().split('\n').slice(-1)[0].split(' ').map(Number)
      return { exitCode: r.status, seconds, maxRssMB: Math.round(kb / 1024) }
    }
    const model = join(root, '..', 'shared', 'fixtures', 'models', 'tiny-random-clip')
    results.hugeCaption = {
      captionBytes: Buffer.byteLength(huge),
      match: measure(['match', '--input', file, '--out', join(dir, 'm.jsonl'), '--workers', '0']),
      build: existsSync(model) ? measure(['build', '--input', file, '--model', model, '--out', join(dir, 'build'), '--threshold=-1']) : 'skipped: no tiny fixture CLIP in ../shared',
      goal: 'build under 600 MB and 10 s',
    }
    console.log('huge caption', JSON.stringify(results.hugeCaption))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

clearInterval(timer)
results.peakRssMB = Math.round(peakRss / 1e6)
results.loadAverageAtEnd = loadavg().map(round)
results.goals = { speedupAtLeast: 100, captionsPerSecondPerCoreAtLeast: 1_000_000, endToEndRatioOverPeerAtLeast: 3 }
writeResults('match', results)
console.log(JSON.stringify(results, null, 2))

/** True when python3 can import pyarrow and ahocorasick (installing them with pip when missing), else why not. */
function ensurePeer(): true | string {
  const check = () => spawnSync('python3', ['-c', 'import pyarrow, ahocorasick'], { encoding: 'utf8' })
  const first = check()
  if (first.error) return `python3 is not available (${first.error.message})`
  if (first.status === 0) return true
  console.log('match: installing the peer (pyarrow, pyahocorasick) with pip ...')
  const pip = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', 'pyarrow', 'pyahocorasick'], { encoding: 'utf8', timeout: 600_000 })
  if (pip.status !== 0) return `pip could not install pyarrow and pyahocorasick (${(pip.stderr || pip.error?.message || '').trim().split('\n').slice(-1)[0]})`
  return check().status === 0 ? true : 'pyarrow or pyahocorasick still fails to import after pip install'
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

