import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { isLaionetError } from '../util/errors.js'
import { resolveSafely, systemResolver } from './address-guard.js'
import { DEFAULT_DISALLOWED_DIRECTIVES, forbiddingDirective } from './robots-tag.js'
import type { DownloadStatus, FetchImageOptions } from './types.js'
import { redactUrl } from './url-credentials.js'

/** The body of a successful fetch, or why there is none. */
export type FetchResult =
  | { status: 'ok', body: Buffer, url: string, redirects: number, attempts: number }
  | { status: Exclude<DownloadStatus, 'ok'>, detail: string, url: string, attempts: number }

type Failure = Extract<FetchResult, { status: Exclude<DownloadStatus, 'ok'> }>
type AttemptResult = { status: 'ok', body: Buffer, url: string, redirects: number } | Omit<Failure, 'attempts'> & { retryAfterMs?: number }

const ROBOT_NAMES = ['laionet', 'img2dataset']
const MAX_RETRY_AFTER_MS = 30_000

/**
 * Fetches one untrusted URL safely: http(s) only; every host (and every redirect hop) resolved and refused when any of
 * its addresses is loopback, private, link-local or a cloud-metadata endpoint, and the connection made to exactly the
 * checked addresses; X-Robots-Tag noai/noimageai honoured; body size capped while streaming; a time limit per
 * attempt; retries with exponential backoff on 429, 5xx and timeouts.
 * @param url the URL to fetch
 * @returns the body, or a status (`http_404`, `timeout`, `blocked`, `noai`, `too_large`, ...) with a detail
 * @example const r = await fetchUrl('https://example.org/a.jpg', { timeoutMs: 5000 })
 */
export async function fetchUrl(url: string, options: FetchImageOptions = {}): Promise<FetchResult> {
  const { retries = 2, backoffMs = 1000, signal } = options
  for (let attempt = 1; ; attempt++) {
    const result = await fetchAttempt(url, options)
    const retryable = result.status === 'timeout' || result.status === 'http_429' || /^http_5\d\d$/.test(result.status)
    if (result.status === 'ok' || !retryable || attempt > retries) {
      const { retryAfterMs: _ignored, ...rest } = result as AttemptResult & { retryAfterMs?: number }
      return { ...rest, attempts: attempt } as FetchResult
    }
    const delay = (result as { retryAfterMs?: number }).retryAfterMs ?? backoffMs * 2 ** (attempt - 1)
    await sleep(delay, signal)
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined
}

async function fetchAttempt(startUrl: string, options: FetchImageOptions): Promise<AttemptResult> {
  const { timeoutMs = 10_000, maxRedirects = 5, signal } = options
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
  const onAbort = () => controller.abort(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  let url = startUrl
  try {
    for (let redirects = 0; ; redirects++) {
      const hop = await fetchHop(url, options, controller.signal)
      if (hop.kind === 'redirect') {
        if (redirects >= maxRedirects) return { status: 'too_many_redirects', detail: `more than ${maxRedirects} redirects, last to ${redactUrl(hop.location)}`, url }
        url = hop.location
        continue
      }
      if (hop.kind === 'ok') return { status: 'ok', body: hop.body, url, redirects }
      return { ...hop.failure, url }
    }
  } catch (err) {
    if (signal?.aborted) throw signal.reason
    if (controller.signal.aborted) return { status: 'timeout', detail: `no complete answer within ${timeoutMs} ms`, url }
    if (isLaionetError(err, 'blocked-address')) return { status: 'blocked', detail: err.message, url }
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message
    // A reset before the answer is transient (an overloaded server drops connections): --retry-failed redoes it.
    if (code === 'ECONNRESET') return { status: 'connection_reset', detail: `${code}: ${(err as Error).message}`, url }
    return { status: 'network_error', detail: String(code), url }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

type Hop =
  | { kind: 'ok', body: Buffer }
  | { kind: 'redirect', location: string }
  | { kind: 'fail', failure: Omit<Failure, 'attempts' | 'url'> & { retryAfterMs?: number } }

async function fetchHop(url: string, options: FetchImageOptions, signal: AbortSignal): Promise<Hop> {
  const { maxBytes = 20_000_000, allowLoopback = false, resolver = systemResolver, userAgent = 'laionet/0.1.0' } = options
  const disallowed = options.disallowedDirectives ?? DEFAULT_DISALLOWED_DIRECTIVES
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { kind: 'fail', failure: { status: 'bad_url', detail: `not a URL: ${url.slice(0, 200)}` } }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { kind: 'fail', failure: { status: 'bad_url', detail: `scheme ${parsed.protocol} is not http or https` } }
  }
  // Checked at every hop: a redirect can add credentials too.
  if ((parsed.username || parsed.password) && !options.allowCredentials) {
    return { kind: 'fail', failure: { status: 'credentials', detail: `the URL ${redactUrl(url).slice(0, 200)} carries a user name or password; refused (allowCredentials to send it)` } }
  }
  const addresses = await resolveSafely(parsed.hostname, { allowLoopback, resolver })
  // Connect only to the addresses just checked, so a second DNS answer cannot swap in a private one.
  const lookup: LookupFunction = (_host, opts, callback) => {
    const entries = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
    if ((opts as { all?: boolean }).all) (callback as (e: null, a: typeof entries) => void)(null, entries)
    else callback(null, entries[0].address, entries[0].family)
  }
  const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest
  const robots = [...ROBOT_NAMES, userAgent.split('/')[0]]
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(parsed, { lookup, signal, headers: { 'user-agent': userAgent, accept: 'image/*,*/*;q=0.8' } }, resolve)
    req.on('error', reject)
    req.end()
  })
  const status = res.statusCode ?? 0
  if (status >= 300 && status < 400 && res.headers.location) {
    res.resume()
    return { kind: 'redirect', location: new URL(res.headers.location, parsed).href }
  }
  if (status !== 200) {
    res.resume()
    return { kind: 'fail', failure: { status: `http_${status}`, detail: res.statusMessage ?? '', retryAfterMs: parseRetryAfter(res.headers['retry-after']) } }
  }
  const directive = forbiddingDirective(res.headersDistinct['x-robots-tag'] ?? [], robots, disallowed)
  if (directive) {
    res.destroy()
    return { kind: 'fail', failure: { status: 'noai', detail: `X-Robots-Tag: ${directive}` } }
  }
  const declared = Number(res.headers['content-length'] ?? NaN)
  if (declared > maxBytes) {
    res.destroy()
    return { kind: 'fail', failure: { status: 'too_large', detail: `Content-Length ${declared} exceeds maxBytes ${maxBytes}` } }
  }
  return readBody(res, maxBytes, declared, signal)
}

function readBody(res: IncomingMessage, maxBytes: number, declared: number, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (hop: Hop) => {
      if (settled) return
      settled = true
      // A close caused by our own timeout or abort is reported as such, not as a truncated body.
      if (signal.aborted) reject(signal.reason)
      else resolve(hop)
    }
    res.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        settle({ kind: 'fail', failure: { status: 'too_large', detail: `body exceeds maxBytes ${maxBytes}` } })
        res.destroy()
        return
      }
      chunks.push(chunk)
    })
    res.on('end', () => {
      if (Number.isFinite(declared) && size < declared) {
        settle({ kind: 'fail', failure: { status: 'truncated', detail: `received ${size} of ${declared} bytes` } })
      } else settle({ kind: 'ok', body: Buffer.concat(chunks, size) })
    })
    res.on('aborted', () => settle({ kind: 'fail', failure: { status: 'truncated', detail: `connection closed after ${size} bytes` } }))
    res.on('error', (err) => {
      if (settled) return
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || err.message === 'aborted') {
        settle({ kind: 'fail', failure: { status: 'truncated', detail: `connection closed after ${size} bytes` } })
      } else {
        settled = true
        reject(err)
      }
    })
  })
}
