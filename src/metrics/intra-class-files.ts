import { readFile } from 'node:fs/promises'
import { readNpy } from '../io/npy.js'
import { intraClassByLabel } from './group-rows.js'
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

/**
 * Loads an n x d embedding matrix (.npy, float16/float32/float64) and its labels (a JSON array with one wnid per row).
 * @param embeddingsFile the .npy file
 * @param labelsFile the labels .json file
 * @returns `{ X, n, d, labels }`
 * @example const { X, labels, d } = await loadLabelledEmbeddings('laionet.npy', 'laionet.json')
 */
export async function loadLabelledEmbeddings(embeddingsFile: string, labelsFile: string): Promise<LabelledEmbeddings> {
  const npy = await readNpy(embeddingsFile)
  if (npy.shape.length !== 2) throw new Error(`intra-class: ${embeddingsFile} has shape [${npy.shape.join(', ')}] (expected a 2-D [images, width] matrix)`)
  if (!(npy.data instanceof Float32Array || npy.data instanceof Float64Array)) {
    throw new Error(`intra-class: ${embeddingsFile} has dtype ${npy.dtype} (expected float16, float32 or float64 embeddings)`)
  }
  const [n, d] = npy.shape
  let labels: unknown
  try {
    labels = JSON.parse(await readFile(labelsFile, 'utf8'))
  } catch (err) {
    throw new Error(`intra-class: cannot read labels ${labelsFile}: ${(err as Error).message}`, { cause: err })
  }
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
    throw new Error(`intra-class: ${labelsFile} must be a JSON array of strings (one wnid per row of ${embeddingsFile})`)
  }
  if (labels.length !== n) {
    throw new Error(`intra-class: ${labelsFile} has ${labels.length} labels but ${embeddingsFile} has ${n} rows (expected one label per row)`)
  }
  return { X: npy.data, n, d, labels: labels as string[] }
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
 * @param options `vs: [b.npy, b.json]`, `maxPerClass`, `minPairs`, `z`
 * @returns `{ a, b?, comparison? }`
 * @example await intraClassFiles(['laionet.npy', 'laionet.json'], { vs: ['val.npy', 'val.json'], maxPerClass: 100 })
 */
export async function intraClassFiles([embeddingsFile, labelsFile]: [string, string], { vs, maxPerClass, minPairs, z }: GroupOptions & CompareOptions & { vs?: [string, string] } = {}): Promise<IntraClassFilesResult> {
  const A = await loadLabelledEmbeddings(embeddingsFile, labelsFile)
  const a = intraClassByLabel(A.X, A.labels, A.d, { maxPerClass })
  if (!vs) return { a }
  const B = await loadLabelledEmbeddings(vs[0], vs[1])
  if (B.d !== A.d) throw new Error(`intra-class: ${vs[0]} has width ${B.d} but ${embeddingsFile} has ${A.d} (compare embeddings of the same encoder)`)
  const b = intraClassByLabel(B.X, B.labels, B.d, { maxPerClass })
  return { a, b, comparison: compareIntraClass(a, b, { minPairs, z }) }
}
