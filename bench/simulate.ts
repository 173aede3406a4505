/**
 * Benchmark of src/simulate, each number beside a baseline from the same run:
 * - world generation at 25k, 100k (the default) and 400k candidates; baseline: drawing the same number of
 *   standard normals (2 x n x d, images and captions) from the seeded generator into a Float32Array, the floor
 *   any generator of this world pays;
 * - the whole study (`runSimulation`, every experiment) on the default world; baseline: generating that world;
 * - determinism: the JSON of two runs with the same seed, compared byte for byte.
 * Run: node --import tsx bench/simulate.ts   (writes bench/results/<cpu>/simulate.json)
 */
import { createRandom, createWorld, runSimulation } from '../src/index.js'
import { bestOf as time, writeResults } from './best-of.js'


function normals(count: number): number {
  const rng = createRandom(1)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i++) out[i] = rng.normal()
  return out[count - 1]
}

const dim = 48
const world = [25_000, 100_000, 400_000].map((candidates) => {
  const runs = candidates > 100_000 ? 1 : 3
  const gen = time(() => createWorld({ candidates }, { seed: 1 }).size, runs)
  const base = time(() => normals(2 * candidates * dim), runs)
  return {
    candidates, classes: 300, dim,
    worldMs: gen.ms, msPer1kCandidates: Math.round((gen.ms / candidates) * 1000 * 100) / 100,
    baselineNormalsMs: base.ms, ratio: Math.round((gen.ms / base.ms) * 100) / 100,
  }
})

const study = time(() => JSON.stringify(runSimulation({}, { seed: 1 })), 2)
const worldOnly = time(() => createWorld({}, { seed: 1 }).size, 2)
const again = JSON.stringify(runSimulation({}, { seed: 1 }))

const result = {
  area: 'simulate',
  date: new Date().toISOString(),
  node: process.version,
  world,
  study: {
    config: 'defaults (300 classes, 100,000 candidates, d = 48)',
    runSimulationMs: study.ms,
    baselineWorldMs: worldOnly.ms,
    ratio: Math.round((study.ms / worldOnly.ms) * 100) / 100,
    jsonBytes: study.value.length,
    byteIdenticalRerun: again === study.value,
  },
  maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
}
writeResults('simulate', result)
console.log(JSON.stringify(result, null, 2))
