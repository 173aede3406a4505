/**
 * Benchmark of the Fig. 9 nearest-caption search (src/simulate/text-nearest.ts), beside a baseline from the
 * same run: the plain loop, one query against one pool row at a time, on the same data (and the same answers).
 * Also the whole Fig. 9 experiment on the default world (10 captions per class against the 50k web pool).
 * Run: node --import tsx bench/simulate-nearest.ts   (writes bench/results/<cpu>/simulate-nearest.json)
 */
import { createRandom, selectByImageNetTexts, selectImageAware, createWorld } from '../src/index.js'
import { measureSelection } from '../src/simulate/study.js'
import { nearestByInnerProduct } from '../src/simulate/text-nearest.js'
import { bestOf, writeResults } from './best-of.js'

const time = <T>(f: () => T, runs = 2) => bestOf(f, runs)

function plain(Q: Float32Array, P: Float32Array, d: number): Int32Array {
  const m = Q.length / d
  const n = P.length / d
  const out = new Int32Array(m)
  for (let q = 0; q < m; q++) {
    let best = -Infinity
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < d; k++) s += Q[q * d + k] * P[j * d + k]
      if (s > best) {
        best = s
        out[q] = j
      }
    }
  }
  return out
}

const d = 48
const m = 1000
const n = 50_000
const rng = createRandom(1)
const Q = Float32Array.from({ length: m * d }, () => rng.normal())
const P = Float32Array.from({ length: n * d }, () => rng.normal())
const blocked = time(() => nearestByInnerProduct(Q, P, d))
const baseline = time(() => plain(Q, P, d))
const same = blocked.value.index.every((v, i) => v === baseline.value[i])

const world = createWorld({}, { seed: 1 })
const imageAware = measureSelection(world, selectImageAware(world))
const fig9 = time(() => selectByImageNetTexts(world, imageAware), 1)

const result = {
  nearest: {
    queries: m, pool: n, dim: d,
    blocked_ms: blocked.ms, plain_ms: baseline.ms, speedup: Math.round(baseline.ms / blocked.ms * 100) / 100,
    multiply_adds_per_s: Math.round(m * n * d / (blocked.ms / 1000)),
    same_answers: same,
  },
  fig9_default_world: { queries: fig9.value.captions.rows.length, ms: fig9.ms },
}
writeResults('simulate-nearest', result)
console.log(JSON.stringify(result))
