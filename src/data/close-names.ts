/** Levenshtein distance between two strings (insert, delete, substitute cost 1). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]
}

/**
 * Returns up to `limit` candidates closest to `name`: those sharing its last path segment first, then by edit distance.
 * @example closeNames('imagenet/class_info.jsn', names) // ['imagenet/class_info.json', ...]
 */
export function closeNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const base = name.split('/').filter(Boolean).pop()?.toLowerCase() ?? ''
  const scored = [...candidates].map((c) => {
    const cBase = c.split('/').filter(Boolean).pop()?.toLowerCase() ?? ''
    const sameBase = base !== '' && cBase === base ? 0 : 1
    return { c, sameBase, d: editDistance(name.toLowerCase(), c.toLowerCase()) }
  })
  scored.sort((x, y) => x.sameBase - y.sameBase || x.d - y.d || (x.c < y.c ? -1 : 1))
  return scored.slice(0, limit).map((s) => s.c)
}
