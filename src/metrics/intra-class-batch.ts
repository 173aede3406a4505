import { statsFromSums } from './intra-class.js'
import { attr, int64Initializer, node, ONNX_DOUBLE, onnxModel, tensor } from './onnx-graph.js'
import { cachedSession, loadOrt } from './onnx-session.js'
import type { IntraClassStats, Matrix } from './types.js'

/**
 * Why a second onnxruntime engine: a class with fewer rows than the embedding width (the paper's 100 images per
 * class at d = 512) is cheapest through its n x n Gram K = X X^T (n^2 d multiply-adds) rather than the d x d one
 * (n d^2), and a thousand such classes are far too small for one onnxruntime call each. So classes go in batches:
 * each class's rows are cut in two halves, X1 (the first ceil(n/2) rows) and X2 (the rest), each zero-padded to the
 * same h rows (a zero row adds nothing to any sum below), one [classes, h, d] tensor per half per call. K is
 * symmetric, so the graph multiplies only K11 = X1 X1^T, K12 = X1 X2^T and K22 = X2 X2^T, three quarters of K
 * (numpy's X X^T for one class is a symmetric rank-k update: half). Per class it returns, in float64, the squared
 * Frobenius norms of the three blocks (||K||_F^2 = ||K11||^2 + 2 ||K12||^2 + ||K22||^2 = ||X^T X||_F^2), the row
 * sums t_i = sum_j K_ij (= x_i.S) of each half, and the squared norms q_i; everything else is O(n) here
 * (statsFromSums). Measured on 1000 classes x 100 rows, d = 512 (2-core AMD EPYC, AVX2): the full K 257 ms of
 * matrix products per file (onnxruntime's profile).
 */

/** Half-classes are padded to a multiple of this many rows, so classes of nearby sizes share a batch (at most 3 zero rows a half). */
const ROW_QUANTUM = 4

/** The padded rows of each half of a class of `n` rows. */
const halfRows = (n: number) => Math.ceil(Math.ceil(n / 2) / ROW_QUANTUM) * ROW_QUANTUM

/**
 * The graph for width `d`: inputs X1, X2 [c, h, d]; outputs F11, F12, F22 [c] (squared Frobenius norms of the three
 * blocks), t1, t2 [c, h] (row sums of K over each half's rows), q1, q2 [c, h] (squared row norms), all float64.
 */
function batchGraph(d: number): Uint8Array {
  const x1 = 'X1'
  const x2 = 'X2'
  const nodes = [
    node('Transpose', [x1], ['X1T'], [attr('perm', [0, 2, 1])]),
    node('Transpose', [x2], ['X2T'], [attr('perm', [0, 2, 1])]),
    node('MatMul', [x1, 'X1T'], ['K11']),
    node('MatMul', [x1, 'X2T'], ['K12']),
    node('MatMul', [x2, 'X2T'], ['K22']),
    node('ReduceSumSquare', ['K11'], ['F11'], [attr('axes', [1, 2]), attr('keepdims', 0)]),
    node('ReduceSumSquare', ['K12'], ['F12'], [attr('axes', [1, 2]), attr('keepdims', 0)]),
    node('ReduceSumSquare', ['K22'], ['F22'], [attr('axes', [1, 2]), attr('keepdims', 0)]),
    node('ReduceSum', ['K11', 'lastAxis'], ['r11'], [attr('keepdims', 0)]),
    node('ReduceSum', ['K12', 'lastAxis'], ['r12'], [attr('keepdims', 0)]),
    node('ReduceSum', ['K12', 'middleAxis'], ['c12'], [attr('keepdims', 0)]),
    node('ReduceSum', ['K22', 'lastAxis'], ['r22'], [attr('keepdims', 0)]),
    node('Add', ['r11', 'r12'], ['t1']),
    node('Add', ['c12', 'r22'], ['t2']),
    node('ReduceSumSquare', [x1], ['q1'], [attr('axes', [2]), attr('keepdims', 0)]),
    node('ReduceSumSquare', [x2], ['q2'], [attr('axes', [2]), attr('keepdims', 0)]),
  ]
  return onnxModel({
    nodes,
    inputs: [tensor('X1', ONNX_DOUBLE, ['c', 'h', d]), tensor('X2', ONNX_DOUBLE, ['c', 'h', d])],
    outputs: [...['F11', 'F12', 'F22'].map((f) => tensor(f, ONNX_DOUBLE, ['c'])), ...['t1', 't2', 'q1', 'q2'].map((f) => tensor(f, ONNX_DOUBLE, ['c', 'h']))],
    initializers: [int64Initializer('lastAxis', [2]), int64Initializer('middleAxis', [1])],
  })
}

/**
 * Returns the statistics of many small classes of one matrix (each class >= 2 rows), computed in batches on
 * onnxruntime; equal to {@link intraClassStats} within float64 rounding.
 * @param X row-major embeddings (float32 or float64), rows L2-normalised
 * @param classes each class's row numbers in X (at least 2 each)
 * @param d embedding width
 * @param options `threads` (onnxruntime intra-op threads), `batchValues` (values of both halves per call, default
 *   2^20: 8 MiB of float64, so a call's products run from cache)
 * @returns one `{ n, pairs, mean, var, se }` per class, in the order given
 * @example await smallClassStats(X, [[0, 1, 2], [3, 4]], 512)
 */
export async function smallClassStats(X: Matrix, classes: readonly (readonly number[])[], d: number, { threads, batchValues = 2 ** 20 }: { threads?: number, batchValues?: number } = {}): Promise<IntraClassStats[]> {
  if (!(Number.isInteger(batchValues) && batchValues >= 1)) throw new Error(`intra-class: batchValues must be a positive integer, got ${batchValues}`)
  for (const [c, rows] of classes.entries()) {
    if (rows.length < 2) throw new Error(`intra-class: class ${c} of the batch has ${rows.length} row(s) (expected at least 2; a single image has no pair)`)
    for (const r of rows) if (!(Number.isInteger(r) && r >= 0 && (r + 1) * d <= X.length)) throw new Error(`intra-class: class ${c} names row ${r}, outside the matrix of ${X.length / d} rows`)
  }
  const session = await cachedSession(`batch2|${d}`, () => batchGraph(d), threads)
  const { Tensor } = await loadOrt()
  const out = new Array<IntraClassStats>(classes.length)
  // Largest classes first, so each batch holds classes of one padded size.
  const order = classes.map((_, i) => i).sort((a, b) => classes[b].length - classes[a].length)
  let next = 0
  let buffers = [new Float64Array(0), new Float64Array(0)]
  while (next < order.length) {
    const h = halfRows(classes[order[next]].length)
    const perCall = Math.max(1, Math.floor(batchValues / (2 * h * d)))
    const batch: number[] = []
    while (next < order.length && batch.length < perCall && halfRows(classes[order[next]].length) === h) batch.push(order[next++])
    // The two halves' buffers are float64 (float32 rows are converted as they are copied, faster than a Cast node) and
    // reused from batch to batch (fresh memory costs a page fault per 4 KiB).
    if (buffers[0].length < batch.length * h * d) buffers = [0, 1].map(() => new Float64Array(batch.length * h * d))
    const halves = buffers.map((buffer) => buffer.subarray(0, batch.length * h * d))
    batch.forEach((c, b) => {
      const rows = classes[c]
      const first = Math.ceil(rows.length / 2)
      copyRows(X, rows.slice(0, first), d, halves[0], b * h * d, h)
      copyRows(X, rows.slice(first), d, halves[1], b * h * d, h)
    })
    const res = await session.run({ X1: new Tensor('float64', halves[0], [batch.length, h, d]), X2: new Tensor('float64', halves[1], [batch.length, h, d]) })
    const [F11, F12, F22, t1, t2, q1, q2] = ['F11', 'F12', 'F22', 't1', 't2', 'q1', 'q2'].map((name) => res[name].data as Float64Array)
    batch.forEach((c, b) => {
      const n = classes[c].length
      const first = Math.ceil(n / 2)
      const at = b * h
      out[c] = fromRows(n, F11[b] + 2 * F12[b] + F22[b],
        [t1.subarray(at, at + first), t2.subarray(at, at + n - first)], [q1.subarray(at, at + first), q2.subarray(at, at + n - first)])
    })
  }
  return out
}

/**
 * Copies the given rows of X into `into` from `offset`, one copy per run of consecutive rows (a class stored together
 * is one copy), and zeroes the rest of its `padded` rows.
 */
function copyRows(X: Matrix, rows: readonly number[], d: number, into: Float64Array, offset: number, padded: number): void {
  let r = 0
  while (r < rows.length) {
    let end = r + 1
    while (end < rows.length && rows[end] === rows[end - 1] + 1) end++
    into.set(X.subarray(rows[r] * d, (rows[end - 1] + 1) * d), offset + r * d)
    r = end
  }
  into.fill(0, offset + rows.length * d, offset + padded * d)
}

/** One class's statistics from ||K||_F^2 and the row sums and squared norms of its real rows, half by half (the rest are padding). */
function fromRows(n: number, frobenius: number, t: readonly Float64Array[], q: readonly Float64Array[]): IntraClassStats {
  let SS = 0, sumQ = 0, sumQ2 = 0
  for (const [h, th] of t.entries()) for (let i = 0; i < th.length; i++) { SS += th[i]; sumQ += q[h][i]; sumQ2 += q[h][i] * q[h][i] }
  const meanT = (SS - sumQ) / n
  let spreadT = 0
  for (const [h, th] of t.entries()) for (let i = 0; i < th.length; i++) spreadT += (th[i] - q[h][i] - meanT) ** 2
  return statsFromSums(n, { SS, sumQ, sumQ2, frobenius, spreadT })
}
