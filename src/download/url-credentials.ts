/**
 * True when `url` carries a user name or password (`http://user:secret@host/...`): such a URL would be sent as Basic
 * authentication and its secret stored with the row, so the downloader refuses it.
 * @example hasCredentials('http://user:secret@example.com/a.jpg') // true
 */
function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.username !== '' || parsed.password !== ''
  } catch {
    return false
  }
}

/**
 * Returns `url` without its user name and password (replaced by `***`), for anything that is stored or printed; other
 * URLs are returned unchanged.
 * @example redactUrl('http://user:secret@example.com/a.jpg') // 'http://***@example.com/a.jpg'
 */
export function redactUrl(url: string): string {
  if (!hasCredentials(url)) return url
  const parsed = new URL(url)
  parsed.username = '***'
  parsed.password = ''
  return parsed.href
}
