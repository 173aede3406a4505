/**
 * A small seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128-bit state, passes PractRand to 2^42 bytes) seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Pure 32-bit integer arithmetic (Math.imul, >>>), so the stream is identical on every
 * platform and Node version; Math.random is never used.
 */

/** A seeded stream of random numbers. Every random step in laionet takes one of these or a seed. */
export interface Random {
  /** The seed the stream started from. */
  readonly seed: number
  /** A uniform number in [0, 1) with 32 random bits. */
  next(): number
  /** A uniform integer in [0, n) for 1 <= n <= 2^32. */
  int(n: number): number
  /** A standard normal deviate (mean 0, variance 1), Box-Muller. */
  normal(): number
  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T>(array: T[]): T[]
  /** `k` distinct elements of `items` drawn uniformly without replacement, in draw order. */
  sample<T>(items: readonly T[], k: number): T[]
  /** A new independent stream derived from this one (for a sub-task that must not shift this stream). */
  fork(): Random
}

const TWO_POW_32 = 4294967296

/** splitmix32 step: spreads one 32-bit seed over well-mixed 32-bit words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * Creates a deterministic random stream from an integer seed.
 * @param seed any finite number; it is reduced to 32 bits (seeds that differ by a multiple of 2^32 give the same stream).
 * @returns a {@link Random} with `next`, `int`, `normal`, `shuffle`, `sample` and `fork`.
 * @example const rng = createRandom(42); rng.next() // 0.23955312534235418
 */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new Error(`random: seed must be a finite number, got ${seed}`)
  const mixer = { s: Math.trunc(seed) | 0 }
  let a = splitmix32(mixer)
  let b = splitmix32(mixer)
  let c = splitmix32(mixer)
  let d = splitmix32(mixer)
  let spare: number | null = null

  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Discard the first outputs: sfc32's authors recommend a short warm-up after seeding.
  for (let i = 0; i < 12; i++) u32()

  const next = (): number => u32() / TWO_POW_32

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`random: int(n) needs an integer 1 <= n <= 2^32, got ${n}`)
    }
    // Rejection removes the modulo bias that floor(next() * n) would have for n not a power of two.
    const limit = TWO_POW_32 - (TWO_POW_32 % n)
    for (;;) {
      const x = u32()
      if (x < limit) return x % n
    }
  }

  const normal = (): number => {
    if (spare !== null) {
      const z = spare
      spare = null
      return z
    }
    let u = 0
    while (u === 0) u = next() // log(0) would be -Infinity
    const v = next()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  const shuffle = <T>(array: T[]): T[] => {
    for (let i = array.length - 1; i > 0; i--) {
      const j = int(i + 1)
      const tmp = array[i]
      array[i] = array[j]
      array[j] = tmp
    }
    return array
  }

  const sample = <T>(items: readonly T[], k: number): T[] => {
    if (!Number.isInteger(k) || k < 0 || k > items.length) {
      throw new Error(`random: sample needs an integer 0 <= k <= ${items.length} (the number of items), got ${k}`)
    }
    // Partial Fisher-Yates on a copy: O(n) memory, O(k) swaps, the input stays untouched.
    const pool = items.slice()
    for (let i = 0; i < k; i++) {
      const j = i + int(pool.length - i)
      const tmp = pool[i]
      pool[i] = pool[j]
      pool[j] = tmp
    }
    return pool.slice(0, k)
  }

  const fork = (): Random => createRandom(u32() | 0)

  return { seed, next, int, normal, shuffle, sample, fork }
}
