import { paperValue } from '../paper/registry.js'
import { compareIntraClass, type StatsByClass, type VersionStats } from './compare.js'
import type { IntraClassComparison, IntraClassStats } from './types.js'

function entries(stats: StatsByClass): Map<string, IntraClassStats> {
  return stats instanceof Map ? stats : new Map(Object.entries(stats))
}

/**
 * Fig. 7's one class set: the classes of LAIONet's label file (a class listed with no index does not count, as the
 * authors drop empty lists) that have at least `minPairs` pairs in LAIONet, in every ImageNetV2 version and in the
 * reference (ImageNet validation) when given. The authors' notebook (compare_intra_class_similarites_of_laionet_vs_others)
 * intersects the classes of its prefixes and requires >= 7 pairs in each; it ran one pair of prefixes at a time, so
 * each panel had its own set. One set for all panels (issue #21 item 8) makes the panels comparable; with ImageNetV2's
 * 10 images per class (45 pairs) and ImageNet's 50 a class differs only where a set has fewer than 5 decodable images.
 * @param laionetClasses the wnids LAIONet's labels list with at least one index (null: every class LAIONet's stats have)
 * @returns the class keys, sorted
 * @example fig7ClassSet(laionStats, [v2b, v2a, v2c], imagenetStats, new Set(Object.keys(wnid2laionindices)))
 */
export function fig7ClassSet(laionet: StatsByClass, versions: readonly StatsByClass[], reference: StatsByClass | null, laionetClasses: ReadonlySet<string> | null = null, minPairs: number = paperValue('fig6.minPairs')): string[] {
  const sides = [laionet, ...versions, ...(reference ? [reference] : [])].map(entries)
  const keys = [...sides[0].keys()].filter((k) => laionetClasses === null || laionetClasses.has(k))
  return keys.filter((k) => sides.every((s) => (s.get(k)?.pairs ?? 0) >= minPairs)).sort()
}

/** One version's comparisons on the common class set. */
export interface Fig7Comparison {
  name: string
  selectionFrequency: number
  /** LAIONet vs the version ('lower': LAIONet significantly less similar). */
  laionet: IntraClassComparison
  /** ImageNet validation vs the version ('lower': ImageNet less similar); null without a reference. */
  imagenet: IntraClassComparison | null
}

/**
 * Fig. 7's comparisons on one class set ({@link fig7ClassSet}): LAIONet vs each ImageNetV2 version and, when the
 * reference is given, ImageNet validation vs each version, with the paper's per-class test (mean +- 1.96 std /
 * sqrt(#pairs - 1), significantly lower when UCB < 0, higher when LCB > 0), the corrected test and the plain means.
 * @returns the class set and one entry per version, sorted by selection frequency
 * @example compareFig7(laion, [{ name: 'MatchedFrequency', selectionFrequency: 0.73, stats: v2b }], imagenet).versions[0].laionet.paper.lowerShare
 */
export function compareFig7(laionet: StatsByClass, versions: readonly VersionStats[], reference: StatsByClass | null, { laionetClasses = null, minPairs = paperValue('fig6.minPairs') }: { laionetClasses?: ReadonlySet<string> | null, minPairs?: number } = {}): { classes: string[], versions: Fig7Comparison[] } {
  const classes = fig7ClassSet(laionet, versions.map((v) => v.stats), reference, laionetClasses, minPairs)
  const keep = (s: StatsByClass) => {
    const m = entries(s)
    return new Map(classes.map((k) => [k, m.get(k)!]))
  }
  const l = keep(laionet)
  const r = reference ? keep(reference) : null
  return {
    classes,
    versions: [...versions].sort((p, q) => p.selectionFrequency - q.selectionFrequency).map((v) => {
      const s = keep(v.stats)
      return { name: v.name, selectionFrequency: v.selectionFrequency, laionet: compareIntraClass(l, s, { minPairs }), imagenet: r ? compareIntraClass(r, s, { minPairs }) : null }
    }),
  }
}
