import type { ClassComparison, CompareOptions, IntraClassComparison, IntraClassStats, TestResult, TestSummary, Verdict } from './types.js'
import { paperValue } from '../paper/registry.js'

/** Per-class statistics keyed by class: a Map or a plain object. */
export type StatsByClass = Map<string, IntraClassStats> | Record<string, IntraClassStats>

function entries(stats: StatsByClass): Map<string, IntraClassStats> {
  return stats instanceof Map ? stats : new Map(Object.entries(stats))
}

function verdict(delta: number, halfWidth: number): Verdict {
  if (delta + halfWidth < 0) return 'lower'
  if (delta - halfWidth > 0) return 'higher'
  return 'none'
}

/**
 * The paper's half-width of one side's mean: z * std / sqrt(#pairs - 1), std over the pair similarities.
 * It treats the n (n - 1) / 2 pairs as independent although each image appears in n - 1 of them,
 * so it is far too narrow when images differ in how typical they are.
 * @example paperHalfWidth({ n: 50, pairs: 1225, mean: 0.7, var: 0.01, se: 0.01 }) // 0.0056...
 */
export function paperHalfWidth(s: IntraClassStats, z = 1.96): number {
  return z * Math.sqrt(s.var) / Math.sqrt(s.pairs - 1)
}

function test(delta: number, halfWidth: number): TestResult {
  return { halfWidth, verdict: verdict(delta, halfWidth) }
}

function summarise(classes: ClassComparison[], pick: (c: ClassComparison) => Verdict): TestSummary {
  let lower = 0
  let higher = 0
  for (const c of classes) {
    const v = pick(c)
    if (v === 'lower') lower++
    else if (v === 'higher') higher++
  }
  const m = classes.length
  return { lower, higher, lowerShare: m ? lower / m : 0, higherShare: m ? higher / m : 0 }
}

/**
 * Compares two datasets' intra-class similarity class by class, with the paper's test (pairs as
 * independent), a corrected test (jackknife over images) and the plain comparison of means (no test, the
 * ICLR text's "almost two-thirds"), and lists the classes where the two tests disagree.
 * A verdict is about a relative to b: 'lower' means dataset a is significantly less self-similar
 * (more diverse) in that class.
 * @param a per-class statistics of dataset a (e.g. LAIONet), from {@link intraClassByLabel}
 * @param b per-class statistics of dataset b (e.g. ImageNet validation)
 * @param options `minPairs` (default 7: the paper's), `z` (default 1.96)
 * @returns per-class comparisons, both tests' and the plain shares of lower/higher, skipped classes and disagreements
 * @example compareIntraClass(laionStats, imagenetStats).paper.lowerShare // 0.576 in the paper
 */
export function compareIntraClass(a: StatsByClass, b: StatsByClass, { minPairs = paperValue('fig6.minPairs'), z = 1.96 }: CompareOptions = {}): IntraClassComparison {
  if (!(minPairs >= 3)) throw new Error(`compare: minPairs must be at least 3 (the paper's interval divides by pairs - 1 and the jackknife needs 3 images), got ${minPairs}`)
  const A = entries(a)
  const B = entries(b)
  const keys = [...new Set([...A.keys(), ...B.keys()])].sort()
  const classes: ClassComparison[] = []
  const skipped: string[] = []
  for (const key of keys) {
    const sa = A.get(key)
    const sb = B.get(key)
    if (!sa || !sb || sa.pairs < minPairs || sb.pairs < minPairs) {
      skipped.push(key)
      continue
    }
    const delta = sa.mean - sb.mean
    classes.push({
      key,
      a: sa,
      b: sb,
      delta,
      paper: test(delta, Math.hypot(paperHalfWidth(sa, z), paperHalfWidth(sb, z))),
      corrected: test(delta, z * Math.hypot(sa.se, sb.se)),
    })
  }
  return {
    classes,
    compared: classes.length,
    skipped,
    paper: summarise(classes, (c) => c.paper.verdict),
    corrected: summarise(classes, (c) => c.corrected.verdict),
    plain: summarise(classes, (c) => (c.delta < 0 ? 'lower' : c.delta > 0 ? 'higher' : 'none')),
    disagreements: classes.filter((c) => c.paper.verdict !== c.corrected.verdict).map((c) => c.key),
  }
}

/** One ImageNetV2 version for {@link compareWithVersions}: its per-class statistics and selection frequency. */
export interface VersionStats {
  /** Version name, e.g. `MatchedFrequency`. */
  name: string
  /** Its mean MTurk selection frequency (0.73, 0.85, 0.93). */
  selectionFrequency: number
  /** Its per-class intra-class statistics. */
  stats: StatsByClass
}

/**
 * Fig. 7's comparisons on real data: LAIONet vs each ImageNetV2 version and ImageNet vs each version, class by class
 * with both tests and the plain means (what `fig7Panels` draws, via each comparison's `paper` or `corrected` shares).
 * @param laionet per-class statistics of LAIONet
 * @param imagenet per-class statistics of ImageNet validation
 * @param versions the ImageNetV2 versions, any order
 * @param options as {@link compareIntraClass}
 * @returns one entry per version, sorted by selection frequency
 * @example compareWithVersions(laion, imagenet, [{ name: 'MatchedFrequency', selectionFrequency: 0.73, stats: v2 }])[0].laionet.paper.lowerShare
 */
export function compareWithVersions(laionet: StatsByClass, imagenet: StatsByClass, versions: readonly VersionStats[], options: CompareOptions = {}): { name: string, selectionFrequency: number, laionet: IntraClassComparison, imagenet: IntraClassComparison }[] {
  return [...versions].sort((p, q) => p.selectionFrequency - q.selectionFrequency).map((v) => ({
    name: v.name,
    selectionFrequency: v.selectionFrequency,
    laionet: compareIntraClass(laionet, v.stats, options),
    imagenet: compareIntraClass(imagenet, v.stats, options),
  }))
}
