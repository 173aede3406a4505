import { readFile } from 'node:fs/promises'
import { parseJsonText } from '../util/json-text.js'
import { readNpy } from '../io/npy.js'
import { LaionetError } from '../util/errors.js'
import { intraClassByLabelAsync } from './intra-class-by-label.js'
import { compareIntraClass } from './compare.js'
import type { CompareOptions, GroupOptions, IntraClassComparison, IntraClassStats, Matrix } from './types.js'

/** An embedding matrix with one label per row, as loaded by {@link loadLabelledEmbeddings}. */
export interface LabelledEmbeddings {
  /** Row-major n x d embeddings (float16 files are decoded to float32). */
  X: Matrix
  /** Rows. */
  n: number
  /** Embedding width. */
  d: number
  /** One label (wnid) per row. */
  labels: string[]
}

/** Checks of {@link loadLabelledEmbeddings} and {@link intraClassFiles}. */
export interface EmbeddingCheckOptions {
  /**
   * The labels accepted (the 1000 ImageNet wnids, say); a row with another label is refused, naming it. Default: any
   * label.
   */
  knownLabels?: ReadonlySet<string>
  /** Rows whose L2 norm is off 1 by more than `normTolerance`: 'normalize' them (with a warning) or 'refuse'. Default: 'normalize'. */
  unitRows?: 'normalize' | 'refuse'
  /** Relative tolerance of a unit norm (float16 files round to about 1e-3). Default: 0.01. */
  normTolerance?: number
  /** Receives warnings (rows normalised). Default: none. */
  onWarning?: (message: string) => void
}

/**
 * Loads an n x d embedding matrix (.npy, float16/float32/float64) and its labels (a JSON array with one wnid per row),
 * checking every row: a row holding NaN or an infinity, or a zero vector, is refused naming the row; rows that are not
 * unit length are normalised with a warning (or refused); labels outside `knownLabels` are refused.
 * @param embeddingsFile the .npy file
 * @param labelsFile the labels .json file
 * @param options label set, norm handling, warnings
 * @returns `{ X, n, d, labels }`, with unit rows
 * @example const { X, labels, d } = await loadLabelledEmbeddings('laionet.npy', 'laionet.json')
 */
export async function loadLabelledEmbeddings(embeddingsFile: string, labelsFile: string, options: EmbeddingCheckOptions = {}): Promise<LabelledEmbeddings> {
  const npy = await readNpy(embeddingsFile)
  if (npy.shape.length !== 2) throw new Error(`intra-class: ${embeddingsFile} has shape [${npy.shape.join(', ')}] (expected a 2-D [images, width] matrix)`)
  if (!(npy.data instanceof Float32Array || npy.data instanceof Float64Array)) {
    throw new Error(`intra-class: ${embeddingsFile} has dtype ${npy.dtype} (expected float16, float32 or float64 embeddings)`)
  }
  const [n, d] = npy.shape
  let text: string
  try {
    text = await readFile(labelsFile, 'utf8')
  } catch (err) {
    throw new Error(`intra-class: cannot read labels ${labelsFile}: ${(err as Error).message}`, { cause: err })
  }
  const labels = parseJsonText(text, labelsFile, 'intra-class')
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    throw new Error(`intra-class: ${labelsFile} must be a JSON array of strings (one wnid per row of ${embeddingsFile})`)
  }
  if (labels.length !== n) {
    throw new Error(`intra-class: ${labelsFile} has ${labels.length} labels but ${embeddingsFile} has ${n} rows (expected one label per row)`)
  }
  if (options.knownLabels) checkLabels(labels as string[], labelsFile, options.knownLabels)
  checkRows(npy.data, n, d, embeddingsFile, options)
  return { X: npy.data, n, d, labels: labels as string[] }
}

function checkLabels(labels: readonly string[], file: string, known: ReadonlySet<string>): void {
  const bad = labels.flatMap((l, i) => (known.has(l) ? [] : [i]))
  if (bad.length === 0) return
  const shown = bad.slice(0, 3).map((i) => `row ${i}: ${JSON.stringify(labels[i])}`).join(', ')
  throw new LaionetError('intra-class', `${file} holds labels that are not ImageNet class wnids (${shown}${bad.length > 3 ? `, and ${bad.length - 3} more rows` : ''})`, {
    code: 'invalid-input', value: bad, fix: 'Label each row with the wnid of its class (n01440764, ...), or pass --any-labels (knownLabels: undefined) to accept other labels',
  })
}

// Refuses non-finite and zero rows; normalises (or refuses) rows that are not unit length, in place.
function checkRows(X: Float32Array | Float64Array, n: number, d: number, file: string, { unitRows = 'normalize', normTolerance = 0.01, onWarning }: EmbeddingCheckOptions): void {
  let off = 0
  let first = -1
  let low = Infinity
  let high = 0
  for (let i = 0; i < n; i++) {
    const sq = squaredNorm(X, i * d, (i + 1) * d)
    if (!Number.isFinite(sq)) {
      throw new LaionetError('intra-class', `${file} row ${i} holds NaN or infinite values`, { code: 'invalid-input', value: i, fix: 'Recompute or drop that embedding' })
    }
    if (sq === 0) {
      throw new LaionetError('intra-class', `${file} row ${i} is a zero vector (it has no direction, so no cosine)`, { code: 'invalid-input', value: i, fix: 'Recompute or drop that embedding' })
    }
    const norm = Math.sqrt(sq)
    if (Math.abs(norm - 1) <= normTolerance) continue
    if (first < 0) first = i
    off++
    low = Math.min(low, norm)
    high = Math.max(high, norm)
    if (unitRows === 'normalize') for (let k = i * d; k < (i + 1) * d; k++) X[k] /= norm
  }
  if (off === 0) return
  const what = `${off} of ${n} rows of ${file} are not unit length (first: row ${first}; norms ${low.toPrecision(3)} to ${high.toPrecision(3)})`
  if (unitRows === 'refuse') {
    throw new LaionetError('intra-class', `${what}, so their dot products are not cosines`, { code: 'invalid-input', value: first, fix: 'L2-normalise the embeddings' })
  }
  onWarning?.(`intra-class: ${what}; normalised them, so dot products are cosines`)
}

/** sum of X[k]^2 over [from, to), four running sums (a quarter of the loop's dependency chain: twice as fast). */
function squaredNorm(X: Float32Array | Float64Array, from: number, to: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0
  let k = from
  for (; k + 3 < to; k += 4) { s0 += X[k] * X[k]; s1 += X[k + 1] * X[k + 1]; s2 += X[k + 2] * X[k + 2]; s3 += X[k + 3] * X[k + 3] }
  for (; k < to; k++) s0 += X[k] * X[k]
  return (s0 + s1) + (s2 + s3)
}

/** The result of {@link intraClassFiles}: per-class statistics of a, and with `vs` those of b and the comparison. */
export interface IntraClassFilesResult {
  /** Per-class statistics of the first dataset, sorted by wnid. */
  a: Map<string, IntraClassStats>
  /** Per-class statistics of the `vs` dataset, when given. */
  b?: Map<string, IntraClassStats>
  /** a vs b with both tests, when `vs` is given. */
  comparison?: IntraClassComparison
}

/**
 * Computes per-class intra-class similarity of one labelled embedding file, and optionally compares it
 * class by class with a second one (the paper's test and the jackknife-corrected test).
 * @param embeddings `[a.npy, a.json]`
 * @param options `vs: [b.npy, b.json]`, `maxPerClass`, `minPairs`, `z`, and the row and label checks
 * @returns `{ a, b?, comparison? }`
 * @example await intraClassFiles(['laionet.npy', 'laionet.json'], { vs: ['val.npy', 'val.json'], maxPerClass: 100 })
 */
export async function intraClassFiles([embeddingsFile, labelsFile]: [string, string], options: GroupOptions & CompareOptions & EmbeddingCheckOptions & { vs?: [string, string] } = {}): Promise<IntraClassFilesResult> {
  const { vs, maxPerClass, minPairs, z } = options
  const A = await loadLabelledEmbeddings(embeddingsFile, labelsFile, options)
  // b is read while a's statistics run: the read waits on the disk and the kernel, the statistics on the cores.
  const loadingB = vs ? loadLabelledEmbeddings(vs[0], vs[1], options) : undefined
  loadingB?.catch(() => {}) // awaited below; this only keeps a failure during a's statistics from going unhandled
  const a = await intraClassByLabelAsync(A.X, A.labels, A.d, { maxPerClass })
  if (!vs || !loadingB) return { a }
  const B = await loadingB
  if (B.d !== A.d) throw new Error(`intra-class: ${vs[0]} has width ${B.d} but ${embeddingsFile} has ${A.d} (compare embeddings of the same encoder)`)
  const b = await intraClassByLabelAsync(B.X, B.labels, B.d, { maxPerClass })
  return { a, b, comparison: compareIntraClass(a, b, { minPairs, z }) }
}
