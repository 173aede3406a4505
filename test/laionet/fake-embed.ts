import { createHash } from 'node:crypto'
import { createRandom } from '../../src/index.js'

/**
 * A deterministic stand-in for CLIP in build tests: each text gets a unit vector seeded by its sha256, so
 * similarities are reproducible and spread over about -0.7..0.7 (8 dimensions). Counts its calls.
 */
export function fakeEmbedder(dim = 8): { embed: (texts: string[]) => Promise<Float32Array[]>, calls: { texts: number, batches: number } } {
  const calls = { texts: 0, batches: 0 }
  const embed = async (texts: string[]) => {
    calls.batches++
    calls.texts += texts.length
    return texts.map((t) => {
      const rng = createRandom(createHash('sha256').update(t).digest().readUInt32LE(0))
      const v = Float32Array.from({ length: dim }, () => rng.normal())
      const n = Math.hypot(...v)
      return v.map((x) => x / n)
    })
  }
  return { embed, calls }
}
