import type { ClassEntry } from './types.js'

/** How a classifier's output labels map onto the 1000 ImageNet classes. */
export interface LabelMap {
  /** For each class (classes order): the model output index holding it, or -1 when the model has none. */
  outputOf: Int32Array
  /** For each model output: the class index it maps to, or -1 (a 22k label outside the 1000). */
  classOf: Int32Array
  /** Number of classes the model can predict. */
  covered: number
}

const WNID = /\bn\d{8}\b/

/** Lowercases, turns underscores into spaces and collapses whitespace, so "Tinca_tinca" = "tinca tinca". */
function norm(s: string): string {
  return s.toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ').trim()
}

/**
 * Maps a classifier's `id2label` onto the ImageNet classes, robustly:
 * 1. a label holding a wnid (`n01440764`, `n01440764 tench`) maps by wnid;
 * 2. a label whose comma-separated lemma list equals a class's lemmas ("tench, Tinca tinca"), case and
 *    underscores ignored; identical lists (the two "crane" classes) are given out in order of appearance,
 *    as both the model heads and the class table are sorted by wnid;
 * 3. else a label whose first lemma is the first lemma of exactly one class not yet taken.
 * Labels matching nothing (the other 21k classes of an ImageNet-22k head) map to -1: restricting a head to
 * the 1000 classes keeps only the mapped logits, as the paper does.
 * @param id2label the model's config.id2label (keys are output indices).
 * @param classes the 1000 classes in sorted-wnid order.
 * @returns the mapping both ways and the number of classes covered.
 * @example mapLabelsToClasses({ 0: 'tench, Tinca tinca' }, classes).outputOf[0] // 0
 */
export function mapLabelsToClasses(id2label: Record<string | number, string>, classes: readonly ClassEntry[]): LabelMap {
  const outputs = Object.keys(id2label).map(Number).filter((k) => Number.isInteger(k) && k >= 0)
  if (outputs.length === 0) throw new Error('classify: the model config has no id2label (expected {"0": "tench, Tinca tinca", ...}); pass a model with ImageNet labels')
  const size = outputs.reduce((a, b) => Math.max(a, b), -Infinity) + 1
  const classOf = new Int32Array(size).fill(-1)
  const outputOf = new Int32Array(classes.length).fill(-1)
  const byWnid = new Map(classes.map((c, i) => [c.wnid, i]))
  const byList = new Map<string, number[]>()
  const byFirst = new Map<string, number[]>()
  classes.forEach((c, i) => {
    const list = c.lemmas.map(norm).join(', ')
    byList.set(list, [...(byList.get(list) ?? []), i])
    const first = norm(c.lemmas[0] ?? '')
    byFirst.set(first, [...(byFirst.get(first) ?? []), i])
  })
  const take = (out: number, cls: number | undefined) => {
    if (cls === undefined || outputOf[cls] !== -1 || classOf[out] !== -1) return false
    outputOf[cls] = out
    classOf[out] = cls
    return true
  }
  const sorted = outputs.sort((a, b) => a - b)
  for (const out of sorted) {
    const wnid = WNID.exec(String(id2label[out]))
    if (wnid) take(out, byWnid.get(wnid[0]))
  }
  for (const out of sorted) {
    if (classOf[out] !== -1) continue
    const list = String(id2label[out]).split(',').map(norm).filter(Boolean).join(', ')
    const candidates = byList.get(list) ?? []
    candidates.some((cls) => take(out, cls))
  }
  for (const out of sorted) {
    if (classOf[out] !== -1) continue
    const first = norm(String(id2label[out]).split(',')[0] ?? '')
    const candidates = (byFirst.get(first) ?? []).filter((cls) => outputOf[cls] === -1)
    if (candidates.length === 1) take(out, candidates[0])
  }
  const covered = outputOf.reduce((s, o) => s + (o === -1 ? 0 : 1), 0)
  return { outputOf, classOf, covered }
}

/**
 * Restricts one row of model logits to the classes: entry i is the logit of class i, -Infinity for a class
 * the model cannot predict.
 */
export function restrictLogits(logits: ArrayLike<number>, map: LabelMap): Float32Array {
  const out = new Float32Array(map.outputOf.length)
  map.outputOf.forEach((o, i) => { out[i] = o === -1 ? -Infinity : logits[o] })
  return out
}
