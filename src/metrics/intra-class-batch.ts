import { statsFromSums } from './intra-class.js'
import { attr, int64Initializer, node, ONNX_DOUBLE, ONNX_FLOAT, onnxModel, tensor } from './onnx-graph.js'
import { cachedSession, loadOrt } from './onnx-session.js'
import type { IntraClassStats, Matrix } from './types.js'

/**
 * Why a second onnxruntime engine: a class with fewer rows than the embedding width (the paper's 100 images per
 * class at d = 512) is cheapest through its n x n Gram K = X X^T (n^2 d multiply-adds) rather than the d x d one
 * (n d^2), and a thousand such classes are far too small for one onnxruntime call each. So classes go in batches,
 * one [classes, m, d] tensor per call, each class zero-padded to m rows: a zero row adds nothing to any sum below.
 * Per class the graph casts to float64 and returns ||K||_F^2 (= ||X^T X||_F^2), the row sums t_i = sum_j K_ij
 * (= x_i.S) and the squared norms q_i; everything else is O(n) here (statsFromSums).
 */

/** Rows are padded to a multiple of this, so classes of nearby sizes share a batch (at most 3 zero rows each). */
const ROW_QUANTUM = 4

/** The graph for width `d`: input X [c, m, d], outputs F [c], t [c, m], q [c, m], all float64. */
function batchGraph(d: number, input: 'float32' | 'float64'): Uint8Array {
  const nodes = input === 'float32' ? [node('Cast', ['X'], ['Xd'], [attr('to', ONNX_DOUBLE)])] : []
  const x = input === 'float32' ? 'Xd' : 'X'
  nodes.push(
    node('Transpose', [x], ['XT'], [attr('perm', [0, 2, 1])]),
    node('MatMul', [x, 'XT'], ['K']),
    node('ReduceSumSquare', ['K'], ['F'], [attr('axes', [1, 2]), attr('keepdims', 0)]),
    node('ReduceSum', ['K', 'lastAxis'], ['t'], [attr('keepdims', 0)]),
    node('ReduceSumSquare', [x], ['q'], [attr('axes', [2]), attr('keepdims', 0)]),
  )
  return onnxModel({
    nodes,
    inputs: [tensor('X', input === 'float32' ? ONNX_FLOAT : ONNX_DOUBLE, ['c', 'm', d])],
    outputs: [tensor('F', ONNX_DOUBLE, ['c']), tensor('t', ONNX_DOUBLE, ['c', 'm']), tensor('q', ONNX_DOUBLE, ['c', 'm'])],
    initializers: [int64Initializer('lastAxis', [2])],
  })
}

/**
 * Returns the statistics of many small classes of one matrix (each class >= 2 rows), computed in batches on
 * onnxruntime; equal to {@link intraClassStats} within float64 rounding.
 * @param X row-major embeddings (float32 or float64), rows L2-normalised
 * @param classes each class's row numbers in X (at least 2 each)
 * @param d embedding width
 * @param options `threads` (onnxruntime intra-op threads), `batchValues` (values per call, default 2^22: 32 MiB of float64)
 * @returns one `{ n, pairs, mean, var, se }` per class, in the order given
 * @example await smallClassStats(X, [[0, 1, 2], [3, 4]], 512)
 */
export async function smallClassStats(X: Matrix, classes: readonly (readonly number[])[], d: number, { threads, batchValues = 2 ** 22 }: { threads?: number, batchValues?: number } = {}): Promise<IntraClassStats[]> {
  if (!(Number.isInteger(batchValues) && batchValues >= 1)) throw new Error(`intra-class: batchValues must be a positive integer, got ${batchValues}`)
  for (const [c, rows] of classes.entries()) {
    if (rows.length < 2) throw new Error(`intra-class: class ${c} of the batch has ${rows.length} row(s) (expected at least 2; a single image has no pair)`)
    for (const r of rows) if (!(Number.isInteger(r) && r >= 0 && (r + 1) * d <= X.length)) throw new Error(`intra-class: class ${c} names row ${r}, outside the matrix of ${X.length / d} rows`)
  }
  const input = X instanceof Float64Array ? 'float64' : 'float32'
  const session = await cachedSession(`batch|${d}|${input}`, () => batchGraph(d, input), threads)
  const { Tensor } = await loadOrt()
  const out = new Array<IntraClassStats>(classes.length)
  // Largest classes first, so each batch holds classes of one padded size.
  const order = classes.map((_, i) => i).sort((a, b) => classes[b].length - classes[a].length)
  let next = 0
  while (next < order.length) {
    const m = Math.ceil(classes[order[next]].length / ROW_QUANTUM) * ROW_QUANTUM
    const perCall = Math.max(1, Math.floor(batchValues / (m * d)))
    const batch: number[] = []
    while (next < order.length && batch.length < perCall && Math.ceil(classes[order[next]].length / ROW_QUANTUM) * ROW_QUANTUM === m) batch.push(order[next++])
    const buffer = input === 'float64' ? new Float64Array(batch.length * m * d) : new Float32Array(batch.length * m * d)
    batch.forEach((c, b) => {
      const rows = classes[c]
      for (let r = 0; r < rows.length; r++) buffer.set(X.subarray(rows[r] * d, rows[r] * d + d), (b * m + r) * d)
    })
    const res = await session.run({ X: new Tensor(input, buffer, [batch.length, m, d]) })
    const F = res.F.data as Float64Array, t = res.t.data as Float64Array, q = res.q.data as Float64Array
    batch.forEach((c, b) => { out[c] = fromRows(classes[c].length, F[b], t.subarray(b * m, b * m + m), q.subarray(b * m, b * m + m)) })
  }
  return out
}

/** One class's statistics from ||K||_F^2 and its first n row sums and squared norms (the rest are padding). */
function fromRows(n: number, frobenius: number, t: Float64Array, q: Float64Array): IntraClassStats {
  let SS = 0, sumQ = 0, sumQ2 = 0
  for (let i = 0; i < n; i++) { SS += t[i]; sumQ += q[i]; sumQ2 += q[i] * q[i] }
  const meanT = (SS - sumQ) / n
  let spreadT = 0
  for (let i = 0; i < n; i++) spreadT += (t[i] - q[i] - meanT) ** 2
  return statsFromSums(n, { SS, sumQ, sumQ2, frobenius, spreadT })
}
