/** The X-Robots-Tag directives img2dataset refuses by default; laionet refuses the same. */
export const DEFAULT_DISALLOWED_DIRECTIVES: readonly string[] = ['noai', 'noimageai', 'noindex', 'noimageindex']

/**
 * Finds a forbidding directive in X-Robots-Tag header values, with img2dataset's rules: each header value is either
 * `directive, directive` (applies to every robot) or `<robot>: directive, ...` (applies when <robot> is one of
 * `robots`, compared case-insensitively).
 * @param values every X-Robots-Tag header value of the response (one entry per header line)
 * @param robots robot names that address this downloader, e.g. ['laionet', 'img2dataset']
 * @param disallowed directives that forbid use, lowercase
 * @returns the first forbidding directive found, or null
 * @example forbiddingDirective(['otherbot: noai', 'noimageai'], ['laionet'], ['noai', 'noimageai']) // 'noimageai'
 */
export function forbiddingDirective(values: readonly string[], robots: readonly string[], disallowed: readonly string[] = DEFAULT_DISALLOWED_DIRECTIVES): string | null {
  const names = robots.map((r) => r.toLowerCase())
  const forbidden = new Set(disallowed.map((d) => d.toLowerCase()))
  for (const value of values) {
    const colon = value.indexOf(':')
    const robot = colon === -1 ? null : value.slice(0, colon).trim().toLowerCase()
    if (robot !== null && !names.includes(robot)) continue
    const directives = (colon === -1 ? value : value.slice(colon + 1)).split(',').map((d) => d.trim().toLowerCase())
    const hit = directives.find((d) => forbidden.has(d))
    if (hit) return hit
  }
  return null
}
