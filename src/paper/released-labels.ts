import { dataPath } from '../data/data-path.js'
import { readIndexPickle } from '../io/pickle.js'
import type { DataOptions } from '../data/types.js'

/** The text encoders of the authors' two released top-50 label files (Appendix B and Appendix A). */
export type ReleasedEncoder = 'clip' | 'mpnet'

/** The data file of each released label pickle (origin: laion400m/processed/ilsvrc_labels/ of the authors' repository). */
const RELEASED_LABEL_FILES: Record<ReleasedEncoder, string> = {
  clip: 'paper/laionet_clip_top50_labels.pkl',
  mpnet: 'paper/laionet_mpnet_top50_labels.pkl',
}

/** What a released `{wnid: [global LAION index, ...]}` file holds, counted. Tier `released`. */
export interface ReleasedLabelsSummary {
  /** Keys: the classes with at least one lemma match in all of LAION-400M (978 in both files). */
  classes: number
  /** Keys that are ILSVRC-2012 classes, when `ilsvrcWnids` is given (977: the husky typo n02112837 is not). */
  ilsvrcClasses: number | null
  /** Keys with at least one sample: Appendix B's class coverage. */
  coveredClasses: number
  /** Samples (list items) over all keys: Appendix B's size. */
  samples: number
  /** Distinct LAION indices (equals `samples` when no image carries two labels). */
  distinctSamples: number
  /** Classes holding the full `k` samples (the most any class holds). */
  fullClasses: number
  /** The most samples any class holds (50 for a top-50 file). */
  maxPerClass: number
  /** LAION-400M parquet parts the indices fall in (index / 1e8). */
  parts: number
}

/**
 * Counts a released label dict: keys, covered classes, samples, full classes, parts.
 * @param labels the parsed pickle (`readIndexPickle`)
 * @param ilsvrcWnids the 1000 ILSVRC wnids, to count keys that are ImageNet classes. Default: not counted.
 * @example summarizeReleasedLabels(await loadReleasedLabels('clip')).samples // 39006
 */
export function summarizeReleasedLabels(labels: ReadonlyMap<string, readonly number[]>, ilsvrcWnids?: Iterable<string>): ReleasedLabelsSummary {
  const ilsvrc = ilsvrcWnids ? new Set(ilsvrcWnids) : null
  const distinct = new Set<number>()
  const parts = new Set<number>()
  let samples = 0
  let covered = 0
  let maxPerClass = 0
  for (const list of labels.values()) {
    samples += list.length
    if (list.length) covered++
    maxPerClass = Math.max(maxPerClass, list.length)
    for (const index of list) {
      distinct.add(index)
      parts.add(Math.floor(index / 1e8))
    }
  }
  let full = 0
  for (const list of labels.values()) if (list.length === maxPerClass && maxPerClass > 0) full++
  return {
    classes: labels.size,
    ilsvrcClasses: ilsvrc ? [...labels.keys()].filter((w) => ilsvrc.has(w)).length : null,
    coveredClasses: covered,
    samples,
    distinctSamples: distinct.size,
    fullClasses: full,
    maxPerClass,
    parts: parts.size,
  }
}

/**
 * Loads one of the authors' released top-50 label files through the data manifest (`dataPath`).
 * @param encoder `clip` (Appendix B, CLIP ViT-B/32 > 0.82) or `mpnet` (Appendix A encoder, > 0.58)
 * @param options data options (cache, mirror)
 * @returns the dict `{wnid: [global LAION index, ...]}` in the file's key order
 * @example (await loadReleasedLabels('clip')).size // 978
 */
export async function loadReleasedLabels(encoder: ReleasedEncoder, options: DataOptions = {}): Promise<Map<string, number[]>> {
  const name = RELEASED_LABEL_FILES[encoder]
  if (!name) throw new Error(`released-labels: unknown encoder ${JSON.stringify(encoder)} (expected 'clip' or 'mpnet')`)
  return readIndexPickle(await dataPath(name, options))
}

/**
 * Returns the classes the authors evaluate accuracy over: the label file's keys that `present` holds (the 977
 * classes of LAIONet's label dictionary that ImageNet validation has), in the label file's order.
 * @param labels a released label dict (or any map keyed by wnid)
 * @param present the classes a validation set has
 * @example evaluatedClasses(labels, validationWnids).length // 977
 */
export function evaluatedClasses(labels: ReadonlyMap<string, unknown> | Iterable<string>, present: Iterable<string>): string[] {
  const have = new Set(present)
  const keys = labels instanceof Map ? [...labels.keys()] : [...(labels as Iterable<string>)]
  return keys.filter((w) => have.has(w))
}
