import { checkShape, intraClassStats, statsFromSums } from './intra-class.js'
import { attr, doubleInitializer, int64Initializer, node, ONNX_DOUBLE, onnxModel, tensor } from './onnx-graph.js'
import { cachedSession, loadOrt } from './onnx-session.js'
import type { IntraClassAsyncOptions, IntraClassStats, Matrix } from './types.js'

/**
 * Why onnxruntime: the statistics need the float64 Gram X^T X (O(n d^2)), and the fastest float64 matrix product
 * this package can reach is onnxruntime's (MLAS DGEMM: AVX2 / AVX-512 FMA kernels, all cores). On the 2-core bench
 * machine at n = 100,000, d = 512: the register-tiled JavaScript loop about 8 s; WebAssembly SIMD has 2 float64 lanes
 * and no FMA, at best a quarter of one FMA core; onnxruntime well under a second. The graph is generated here
 * (src/metrics/onnx-graph.ts), no .onnx file is shipped.
 *
 * One Gram gives everything. Per chunk of rows (in float64: float32 files are converted chunk by chunk), the graph
 * appends two columns, each row's squared norm q_i and a 1, and cuts the columns into k blocks B_0 .. B_{k-1} (the
 * last one holds q and 1); it multiplies only the blocks on and above the diagonal, B_i^T B_j for i <= j: the Gram is
 * symmetric, so the ones below are transposes. These hold the X Gram G, the sum vector S = X^T 1, w = X^T q, sum q,
 * sum q^2 and n, all sums over rows, so chunks simply add: each product takes the running sum as its Gemm addend C
 * (Y = B_i^T B_j + C) and writes into a buffer of ours, so chunks add inside the DGEMM and nothing is allocated per
 * call. With t_i = x_i.S - q_i (so s_i = t_i / (n - 1), each image's mean similarity to the others):
 *   sum t_i = S.S - sum q,   sum t_i^2 = S^T G S - 2 w.S + sum q^2,
 * which is all the jackknife needs (it depends on the s_i only through their sum and sum of squares).
 * Everything is float64; the results agree with a float64 brute force to about 1e-12 (test/metrics).
 */

/**
 * Rows per onnxruntime call by default: 2^20 float64 values, 8 MiB (2048 rows at d = 512), so a chunk's blocks stay
 * in cache while DGEMM packs them. Measured on the 2-core AMD EPYC (AVX2) at n = 100,000, d = 512, 4 blocks: 2048
 * rows 0.52-0.65 s, 8192 rows 0.63 s, 32,768 rows 0.76 s, 512 rows 0.85 s (call overhead).
 */
function defaultChunkRows(d: number): number {
  return Math.max(1, Math.floor(2 ** 20 / d))
}

/**
 * Below this many multiply-adds (n d^2) the JavaScript engine runs the class (no session, no copy). The earlier
 * threshold of 2048 rows was too high on the 2-core AMD EPYC (AVX2): at n = 1000, d = 512 (2.6e8) onnxruntime took
 * 136 ms against the JavaScript loop's 929 ms (bench/results/amd-epyc-avx2-2c/metrics.json, load average 23).
 */
const ONNX_MIN_WORK = 1e7

/**
 * The column blocks of a width-d Gram: k blocks of about 128 columns (at most 8), as boundaries [0, .., d]. The
 * products on and above the diagonal cost (k + 1) / 2k of the full Gram: 4 blocks at d = 512 do 62.5% of its
 * multiply-adds. Measured at n = 100,000, d = 512 (2-core AMD EPYC, AVX2): the full Gram 1.04-1.07 s, 2 blocks
 * 0.76-0.80 s, 4 blocks 0.52-0.65 s, 8 blocks of 64 columns 0.66-0.70 s (smaller products run less efficiently).
 */
export function gramBlocks(d: number): number[] {
  const k = Math.max(1, Math.min(8, Math.floor(d / 128)))
  return Array.from({ length: k + 1 }, (_, i) => Math.round((i * d) / k))
}

/** The output name of block product B_i^T B_j, and of its running sum (the input it adds to). */
const blockName = (i: number, j: number) => `G${i}_${j}`
const sumName = (i: number, j: number) => `C${i}_${j}`

/** The graph's bytes for width `d` (float64 input): per pair of blocks i <= j, output B_i^T B_j + C_i_j. */
function gramGraph(d: number): Uint8Array {
  const bounds = gramBlocks(d)
  const k = bounds.length - 1
  const nodes = []
  const x = 'X'
  const initializers = [int64Initializer('one64', [1]), doubleInitializer('oneF', [1], [1, 1])]
  nodes.push(
    node('ReduceSumSquare', [x], ['q'], [attr('axes', [1]), attr('keepdims', 1)]),
    node('Shape', ['X'], ['rows'], [attr('end', 1)]),
    node('Concat', ['rows', 'one64'], ['colShape'], [attr('axis', 0)]),
    node('Expand', ['oneF', 'colShape'], ['ones']),
  )
  const block = (i: number) => `B${i}`
  for (let i = 0; i < k; i++) {
    const last = i === k - 1
    const cut = last ? `B${i}x` : block(i)
    if (k === 1) nodes.push(node('Concat', [x, 'q', 'ones'], [block(i)], [attr('axis', 1)]))
    else {
      initializers.push(int64Initializer(`from${i}`, [bounds[i]]), int64Initializer(`to${i}`, [bounds[i + 1]]))
      nodes.push(node('Slice', [x, `from${i}`, `to${i}`, 'one64'], [cut]))
      if (last) nodes.push(node('Concat', [cut, 'q', 'ones'], [block(i)], [attr('axis', 1)]))
    }
  }
  const inputs = [tensor('X', ONNX_DOUBLE, ['m', d])]
  const outputs = []
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      nodes.push(node('Gemm', [block(i), block(j), sumName(i, j)], [blockName(i, j)], [attr('transA', 1)]))
      inputs.push(tensor(sumName(i, j), ONNX_DOUBLE, blockShape(bounds, i, j)))
      outputs.push(tensor(blockName(i, j), ONNX_DOUBLE, blockShape(bounds, i, j)))
    }
  }
  return onnxModel({ nodes, inputs, outputs, initializers })
}

/** The shape of block product B_i^T B_j (the last block has the two extra columns q and 1). */
function blockShape(bounds: readonly number[], i: number, j: number): [number, number] {
  const width = (b: number) => bounds[b + 1] - bounds[b] + (b === bounds.length - 2 ? 2 : 0)
  return [width(i), width(j)]
}

/**
 * Returns the same statistics as {@link intraClassStats} (exact mean and variance of the pair cosines, jackknife
 * standard error), computing the float64 Gram with onnxruntime when the class is large (n d^2 >= 1e7 and n >= d):
 * within 1e-9 of the float64 brute force, several times faster than the JavaScript loop.
 * @param X row-major n x d embeddings (float32 or float64), rows L2-normalised
 * @param n number of rows
 * @param d embedding width
 * @param options `engine`: 'auto' (default: onnxruntime for large classes), 'onnx' or 'js'; `threads`
 *   (onnxruntime intra-op threads, default all cores); `chunkRows`; `method` as in {@link intraClassStats} (JS engine)
 * @returns `{ n, pairs, mean, var, se }`
 * @example await intraClassStatsAsync(X, 100_000, 512) // { n: 100000, pairs: 4999950000, mean: 0.31, ... }
 */
export async function intraClassStatsAsync(X: Matrix, n: number, d: number, options: IntraClassAsyncOptions = {}): Promise<IntraClassStats> {
  const { engine = 'auto', threads, method = 'auto', chunkRows: chunk = defaultChunkRows(d) } = options
  if (engine !== 'auto' && engine !== 'onnx' && engine !== 'js') throw new Error(`intra-class: unknown engine "${engine}" (expected auto, onnx or js)`)
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`intra-class: threads must be a positive integer, got ${threads}`)
  if (!(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`intra-class: chunkRows must be a positive integer, got ${chunk}`)
  checkShape(X, n, d)
  const useOnnx = d >= 2 && (engine === 'onnx' || (engine === 'auto' && method !== 'pairs' && n * d * d >= ONNX_MIN_WORK && n >= d))
  if (!useOnnx || n < 2) return intraClassStats(X, n, d, { method })
  const s = await cachedSession(`gram|${d}`, () => gramGraph(d), threads)
  const { Tensor } = await loadOrt()
  // Two buffers per block product, in turn the running sum fed in and the new sum written out.
  const bounds = gramBlocks(d)
  const sums = new Map<string, [Float64Array, Float64Array]>()
  for (let i = 0; i < bounds.length - 1; i++) {
    for (let j = i; j < bounds.length - 1; j++) {
      const [r, c] = blockShape(bounds, i, j)
      sums.set(blockName(i, j), [new Float64Array(r * c), new Float64Array(r * c)])
    }
  }
  const chunkBuffer = new Float64Array(X instanceof Float64Array ? 0 : Math.min(chunk, n) * d)
  let into = 1
  for (let start = 0; start < n; start += chunk, into = 1 - into) {
    const m = Math.min(chunk, n - start)
    const rows = X.subarray(start * d, (start + m) * d)
    // float32 rows are converted into a reused float64 chunk here: V8's conversion is about 3x faster than a Cast node.
    if (!(rows instanceof Float64Array)) chunkBuffer.set(rows)
    const feeds: Record<string, InstanceType<typeof Tensor>> = { X: new Tensor('float64', rows instanceof Float64Array ? rows : chunkBuffer.subarray(0, m * d), [m, d]) }
    const fetches: Record<string, InstanceType<typeof Tensor>> = {}
    for (let i = 0; i < bounds.length - 1; i++) {
      for (let j = i; j < bounds.length - 1; j++) {
        const shape = blockShape(bounds, i, j)
        const buffers = sums.get(blockName(i, j))!
        feeds[sumName(i, j)] = new Tensor('float64', buffers[1 - into], shape)
        fetches[blockName(i, j)] = new Tensor('float64', buffers[into], shape)
      }
    }
    await s.run(feeds, fetches)
  }
  const last = 1 - into // the buffer the last call wrote
  return statsFromGram(n, bounds, (i, j) => sums.get(blockName(i, j))![last])
}

/**
 * The statistics from the block products of the augmented Gram (see the comment at the top): `block(i, j)` is
 * B_i^T B_j (i <= j), row-major; the last block's two extra columns are q and 1.
 */
function statsFromGram(n: number, bounds: readonly number[], block: (i: number, j: number) => Float64Array): IntraClassStats {
  const k = bounds.length - 1
  const d = bounds[k]
  const L = k - 1
  const wl = bounds[k] - bounds[L] // the last block's X columns; its column wl is q, wl + 1 is 1
  const stride = (j: number) => (j === L ? wl + 2 : bounds[j + 1] - bounds[j])
  const S = new Float64Array(d)
  const w = new Float64Array(d)
  for (let i = 0; i < k; i++) {
    const g = block(i, L)
    for (let r = 0; r < bounds[i + 1] - bounds[i]; r++) { S[bounds[i] + r] = g[r * (wl + 2) + wl + 1]; w[bounds[i] + r] = g[r * (wl + 2) + wl] }
  }
  const last = block(L, L)
  const sumQ = last[wl * (wl + 2) + wl + 1]
  const sumQ2 = last[wl * (wl + 2) + wl]
  // ||G||_F^2 and S^T G S: each block above the diagonal stands for itself and its transpose below.
  let frobenius = 0
  let sGs = 0
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const g = block(i, j)
      const e = stride(j)
      const twice = i === j ? 1 : 2
      let f = 0, sg = 0
      for (let r = 0; r < bounds[i + 1] - bounds[i]; r++) {
        const sr = S[bounds[i] + r]
        for (let c = 0; c < bounds[j + 1] - bounds[j]; c++) { const v = g[r * e + c]; f += v * v; sg += sr * v * S[bounds[j] + c] }
      }
      frobenius += twice * f
      sGs += twice * sg
    }
  }
  let SS = 0, wS = 0
  for (let c = 0; c < d; c++) { SS += S[c] * S[c]; wS += w[c] * S[c] }
  // sum T_i = S.S - sum q and sum T_i^2 = S^T G S - 2 w.S + sum q^2 (T_i = x_i.S - q_i).
  const sumT = SS - sumQ
  const sumT2 = sGs - 2 * wS + sumQ2
  return statsFromSums(n, { SS, sumQ, sumQ2, frobenius, spreadT: Math.max(0, sumT2 - (sumT * sumT) / n) })
}
