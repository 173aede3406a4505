import { checkShape, intraClassStats, statsFromSums } from './intra-class.js'
import { attr, doubleInitializer, int64Initializer, node, ONNX_DOUBLE, ONNX_FLOAT, onnxModel, tensor } from './onnx-graph.js'
import { cachedSession, loadOrt } from './onnx-session.js'
import type { IntraClassAsyncOptions, IntraClassStats, Matrix } from './types.js'

/**
 * Why onnxruntime: the statistics need the float64 Gram X^T X (O(n d^2)), and the fastest float64 matrix product
 * this package can reach is onnxruntime's (MLAS DGEMM: AVX2 / AVX-512 FMA kernels, all cores). On the 2-core bench
 * machine at n = 100,000, d = 512 (bench/results/unknown-cpu/metrics.json): the register-tiled JavaScript loop about 8 s;
 * WebAssembly SIMD has 2 float64 lanes and no FMA, at best a quarter of one AVX-512 FMA core; onnxruntime
 * about 0.3 s. The graph is generated here (src/metrics/onnx-graph.ts), no .onnx file is shipped.
 *
 * One Gram gives everything. Per chunk of rows, the graph casts X to float64, appends two columns, each row's
 * squared norm q_i and a 1, and multiplies in two column halves A = X[:, :h], B = [X[:, h:] | q | 1]:
 * A^T A, A^T B, B^T B (the Gram is symmetric: B^T A is never computed). These hold the X Gram G, the sum vector
 * S = X^T 1, w = X^T q, sum q, sum q^2 and n, all sums over rows, so chunks simply add. With t_i = x_i.S - q_i
 * (so s_i = t_i / (n - 1), each image's mean similarity to the others):
 *   sum t_i = S.S - sum q,   sum t_i^2 = S^T G S - 2 w.S + sum q^2,
 * which is all the jackknife needs (it depends on the s_i only through their sum and sum of squares).
 * Everything is float64; the results agree with a float64 brute force to about 1e-12 (test/metrics).
 */

/**
 * Rows per onnxruntime call by default: a 32 MiB float64 chunk (8192 rows at d = 512). Measured at n = 100,000: as
 * fast as one call for the whole class (0.33 s either way), with a peak RSS of 480 MB instead of 1.95 GB.
 */
function defaultChunkRows(d: number): number {
  return Math.max(1, Math.floor(2 ** 22 / d))
}

/**
 * Below this many multiply-adds (n d^2) the JavaScript engine runs the class (no session, no copy). The earlier
 * threshold of 2048 rows was too high on the 2-core AMD EPYC (AVX2): at n = 1000, d = 512 (2.6e8) onnxruntime took
 * 136 ms against the JavaScript loop's 929 ms (bench/results/amd-epyc-avx2-2c/metrics.json, load average 23).
 */
const ONNX_MIN_WORK = 1e7

/** The graph's bytes for width `d` (d >= 2) and float32 or float64 input: outputs G00 = A^T A, G01 = A^T B, G11 = B^T B. */
function gramGraph(d: number, input: 'float32' | 'float64'): Uint8Array {
  const h = Math.floor(d / 2)
  const e = d - h + 2
  const nodes = input === 'float32' ? [node('Cast', ['X'], ['Xd'], [attr('to', ONNX_DOUBLE)])] : []
  const x = input === 'float32' ? 'Xd' : 'X'
  nodes.push(
    node('ReduceSumSquare', [x], ['q'], [attr('axes', [1]), attr('keepdims', 1)]),
    node('Shape', ['X'], ['rows'], [attr('end', 1)]),
    node('Concat', ['rows', 'one64'], ['colShape'], [attr('axis', 0)]),
    node('Expand', ['oneF', 'colShape'], ['ones']),
    node('Slice', [x, 'zero64', 'h64', 'one64'], ['A']),
    node('Slice', [x, 'h64', 'd64', 'one64'], ['Bx']),
    node('Concat', ['Bx', 'q', 'ones'], ['B'], [attr('axis', 1)]),
    node('Gemm', ['A', 'A'], ['G00'], [attr('transA', 1)]),
    node('Gemm', ['A', 'B'], ['G01'], [attr('transA', 1)]),
    node('Gemm', ['B', 'B'], ['G11'], [attr('transA', 1)]),
  )
  return onnxModel({
    nodes,
    inputs: [tensor('X', input === 'float32' ? ONNX_FLOAT : ONNX_DOUBLE, ['m', d])],
    outputs: [tensor('G00', ONNX_DOUBLE, [h, h]), tensor('G01', ONNX_DOUBLE, [h, e]), tensor('G11', ONNX_DOUBLE, [e, e])],
    initializers: [int64Initializer('zero64', [0]), int64Initializer('one64', [1]), int64Initializer('h64', [h]),
      int64Initializer('d64', [d]), doubleInitializer('oneF', [1], [1, 1])],
  })
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
  const input = X instanceof Float64Array ? 'float64' : 'float32'
  const s = await cachedSession(`gram|${d}|${input}`, () => gramGraph(d, input), threads)
  const { Tensor } = await loadOrt()
  let G00: Float64Array | undefined, G01: Float64Array | undefined, G11: Float64Array | undefined
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start)
    const out = await s.run({ X: new Tensor(input, X.subarray(start * d, (start + m) * d), [m, d]) })
    G00 = add(G00, out.G00.data as Float64Array)
    G01 = add(G01, out.G01.data as Float64Array)
    G11 = add(G11, out.G11.data as Float64Array)
  }
  return statsFromGram(n, d, G00!, G01!, G11!)
}

function add(acc: Float64Array | undefined, v: Float64Array): Float64Array {
  if (!acc) return Float64Array.from(v)
  for (let i = 0; i < v.length; i++) acc[i] += v[i]
  return acc
}

/** The statistics from the three blocks of the augmented Gram (see the comment at the top). */
function statsFromGram(n: number, d: number, G00: Float64Array, G01: Float64Array, G11: Float64Array): IntraClassStats {
  const h = Math.floor(d / 2)
  const b = d - h // width of B's X part; B's column b is q, b + 1 is 1
  const e = b + 2
  const S = new Float64Array(d)
  const w = new Float64Array(d)
  for (let i = 0; i < h; i++) { S[i] = G01[i * e + b + 1]; w[i] = G01[i * e + b] }
  for (let j = 0; j < b; j++) { S[h + j] = G11[j * e + b + 1]; w[h + j] = G11[j * e + b] }
  const sumQ = G11[b * e + b + 1]
  const sumQ2 = G11[b * e + b]
  // ||G||_F^2 and S^T G S over the three blocks (the lower-left block is the transpose of G01's X part).
  let frobenius = 0
  let sGs = 0
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < h; j++) { const g = G00[i * h + j]; frobenius += g * g; sGs += S[i] * g * S[j] }
    for (let j = 0; j < b; j++) { const g = G01[i * e + j]; frobenius += 2 * g * g; sGs += 2 * S[i] * g * S[h + j] }
  }
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) { const g = G11[i * e + j]; frobenius += g * g; sGs += S[h + i] * g * S[h + j] }
  }
  let SS = 0, wS = 0
  for (let k = 0; k < d; k++) { SS += S[k] * S[k]; wS += w[k] * S[k] }
  // sum T_i = S.S - sum q and sum T_i^2 = S^T G S - 2 w.S + sum q^2 (T_i = x_i.S - q_i).
  const sumT = SS - sumQ
  const sumT2 = sGs - 2 * wS + sumQ2
  return statsFromSums(n, { SS, sumQ, sumQ2, frobenius, spreadT: Math.max(0, sumT2 - (sumT * sumT) / n) })
}
