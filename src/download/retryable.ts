/**
 * Which recorded failures `--retry-failed` fetches again: the transient ones. A timeout, a server error (5xx) or a
 * connection reset may well succeed on a later try; a 404, a page that is not an image, a refused address or a
 * robots opt-out will not, and refetching them would only load the servers again.
 */
const RETRYABLE = /^(?:timeout|connection_reset|http_5\d\d)$/

/**
 * Returns true when a recorded download status is transient (timeout, connection_reset, http_5xx).
 * @example isRetryableStatus('http_503') // true; isRetryableStatus('http_404') // false
 */
export function isRetryableStatus(status: string): boolean {
  return RETRYABLE.test(status)
}
