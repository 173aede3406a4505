/** The nearest pool row of each query row, and its inner product. */
export interface NearestResult {
  /** Row of the pool nearest to each query (largest inner product; ties go to the lowest row); -1 for an empty pool. */
  index: Int32Array
  /** The inner product with that row (the cosine when rows are unit vectors); -Infinity for an empty pool. */
  similarity: Float64Array
}

/**
 * Exact nearest neighbour by inner product, by brute force over the whole pool. Queries go four at a time and
 * pool rows two at a time, so each loaded value feeds several products (about 1.5 G multiply-adds a second
 * in V8, against 0.9 for one query at a time); no index is built because the world's embeddings are too
 * spread for a metric tree to prune.
 * @param queries row-major m x d query rows
 * @param pool row-major n x d pool rows
 * @param d row width
 * @returns per query the nearest pool row and its inner product
 * @throws when an array's length is not a multiple of d
 * @example nearestByInnerProduct(new Float32Array([1, 0]), new Float32Array([0, 1, 0.6, 0.8]), 2).index // Int32Array [1]
 */
export function nearestByInnerProduct(queries: Float32Array, pool: Float32Array, d: number): NearestResult {
  if (!(Number.isInteger(d) && d > 0)) throw new Error(`simulate: the row width must be a positive integer, got ${d}`)
  if (queries.length % d !== 0) throw new Error(`simulate: ${queries.length} query values are not whole rows of width ${d}`)
  if (pool.length % d !== 0) throw new Error(`simulate: ${pool.length} pool values are not whole rows of width ${d}`)
  const m = queries.length / d
  const n = pool.length / d
  const index = new Int32Array(m).fill(-1)
  const similarity = new Float64Array(m).fill(-Infinity)
  const Q = queries
  const P = pool
  let q = 0
  for (; q + 4 <= m; q += 4) {
    const o0 = q * d
    const o1 = o0 + d
    const o2 = o1 + d
    const o3 = o2 + d
    let b0 = -Infinity, b1 = -Infinity, b2 = -Infinity, b3 = -Infinity
    let i0 = -1, i1 = -1, i2 = -1, i3 = -1
    let j = 0
    for (; j + 2 <= n; j += 2) {
      const p = j * d
      const r = p + d
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0
      for (let k = 0; k < d; k++) {
        const x = P[p + k]
        const y = P[r + k]
        const a = Q[o0 + k], b = Q[o1 + k], c = Q[o2 + k], e = Q[o3 + k]
        s0 += a * x; s1 += b * x; s2 += c * x; s3 += e * x
        t0 += a * y; t1 += b * y; t2 += c * y; t3 += e * y
      }
      // Row j before row j + 1, and strict '>', so ties keep the lowest row.
      if (s0 > b0) { b0 = s0; i0 = j }
      if (s1 > b1) { b1 = s1; i1 = j }
      if (s2 > b2) { b2 = s2; i2 = j }
      if (s3 > b3) { b3 = s3; i3 = j }
      if (t0 > b0) { b0 = t0; i0 = j + 1 }
      if (t1 > b1) { b1 = t1; i1 = j + 1 }
      if (t2 > b2) { b2 = t2; i2 = j + 1 }
      if (t3 > b3) { b3 = t3; i3 = j + 1 }
    }
    similarity[q] = b0; similarity[q + 1] = b1; similarity[q + 2] = b2; similarity[q + 3] = b3
    index[q] = i0; index[q + 1] = i1; index[q + 2] = i2; index[q + 3] = i3
    for (; j < n; j++) for (let u = 0; u < 4; u++) consider(q + u, j)
  }
  for (; q < m; q++) for (let j = 0; j < n; j++) consider(q, j)
  return { index, similarity }

  function consider(row: number, j: number): void {
    let s = 0
    const oq = row * d
    const op = j * d
    for (let k = 0; k < d; k++) s += Q[oq + k] * P[op + k]
    if (s > similarity[row]) {
      similarity[row] = s
      index[row] = j
    }
  }
}
