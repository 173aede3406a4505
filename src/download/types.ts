import type { Shard } from '../io/parquet-shard.js'

/** Outcome of one input row, as written to `<out>/status.jsonl`. */
export type DownloadStatus =
  | 'ok'
  | `http_${number}`
  | 'timeout'
  | 'not_image'
  | 'too_large'
  | 'blocked'
  | 'noai'
  | 'too_many_redirects'
  | 'bad_url'
  | 'credentials'
  | 'network_error'
  | 'connection_reset'
  | 'truncated'
  | 'decode_error'
  | 'no_url'

/** One line of `<out>/status.jsonl`. The last line for a row wins. */
export interface StatusRecord {
  /** 0-based row number in the concatenated inputs. */
  row: number
  /** The row's URL ('' when the row had none). */
  url: string
  /** What happened. */
  status: DownloadStatus
  /** Shard file holding the sample (ok only), e.g. '00003.tar'. */
  shard?: string
  /** WebDataset key of the sample (ok only): the zero-padded row number. */
  key?: string
  /** Details for failures (e.g. the address that was refused, the error code). */
  detail?: string
}

/** Resolves a host name to IP addresses; injected in tests so no real DNS query is made. */
export type Resolver = (hostname: string) => Promise<string[]>

/** Limits and safety options of one HTTP fetch. */
export interface FetchImageOptions {
  /** Total time allowed per attempt (connect, headers and body), in ms. Default: 10000. */
  timeoutMs?: number
  /** Largest body accepted, in bytes; enforced while streaming. Default: 20_000_000. */
  maxBytes?: number
  /** Redirect hops followed (each one re-checked). Default: 5. */
  maxRedirects?: number
  /** Retries after a 429 or 5xx answer (or a timeout). Default: 2. */
  retries?: number
  /** First backoff delay in ms, doubled at each retry; a Retry-After header (capped at 30 s) wins. Default: 1000. */
  backoffMs?: number
  /** Allow 127.0.0.0/8 and ::1 (tests and local mirrors only). Default: false. */
  allowLoopback?: boolean
  /**
   * Send URLs that carry a user name or password (`http://user:secret@host/`) as Basic authentication instead of
   * refusing them with status `credentials`. Stored URLs never keep the secret either way. Default: false.
   */
  allowCredentials?: boolean
  /** X-Robots-Tag directives that forbid use, as img2dataset. Default: noai, noimageai, noindex, noimageindex. */
  disallowedDirectives?: string[]
  /** User-Agent header, also the robot name matched in `X-Robots-Tag: <name>: <directive>`. Default: 'laionet/0.1.0'. */
  userAgent?: string
  /** Host name resolver. Default: node:dns lookup (all addresses). */
  resolver?: Resolver
  /** Aborts the request. */
  signal?: AbortSignal
}

/** Image checks and the re-encoding applied to each downloaded body. */
export interface ImageOptions {
  /** Longest side of the stored image in pixels; larger images are shrunk, smaller ones kept. Default: 512. */
  maxSide?: number
  /** Largest decoded image accepted, in pixels (width * height). Default: 89_478_485 (PIL's default limit). */
  maxPixels?: number
  /** Stored format. Default: 'jpeg'. */
  format?: 'jpeg' | 'png' | 'webp'
  /** Encoder quality for jpeg and webp (1-100). Default: 95. */
  quality?: number
}

/** Options of {@link downloadImages}. */
export interface DownloadOptions extends FetchImageOptions, ImageOptions {
  /** Requests in flight at once. Default: 16. */
  concurrency?: number
  /** Column holding the URL. Default: auto-detected, 'URL' or 'url'. */
  urlColumn?: string
  /** Column copied into each sample's json as `caption`. Default: auto-detected, 'TEXT', 'caption' or 'text'. */
  captionColumn?: string
  /** Samples per shard. Default: 1000. */
  shardSize?: number
  /** Process at most this many input rows (counting from the first). Default: all. */
  maxRows?: number
  /** Only this shard's rows (`--shard i/n`: parquet row groups and other files dealt round-robin; see `inputRows`). Default: all. */
  shard?: Shard
  /** Statuses redone on a rerun instead of skipped. Default: none (every recorded row is done). */
  retryStatuses?: string[]
  /**
   * Redo the rows recorded with a transient failure (timeout, connection_reset, http_5xx), never the others (404,
   * not_image, blocked, ...) and never an ok row. Default: false.
   */
  retryFailed?: boolean
  /** Called after each row with running totals (for a progress display). */
  onProgress?: (progress: DownloadProgress) => void
  /** Told of what the run works around (a stale lock of a killed run taken over). */
  onWarning?: (message: string) => void
}

/** Running totals of a download. */
export interface DownloadProgress {
  /** Rows finished in this run. */
  done: number
  /** Rows skipped because an earlier run recorded them. */
  skipped: number
  /** Finished rows per status in this run. */
  counts: Record<string, number>
  /** Image bytes stored in this run. */
  bytes: number
  /** Seconds since the start of this run. */
  seconds: number
}

/** What {@link downloadImages} returns. */
export interface DownloadSummary extends DownloadProgress {
  /** Output folder. */
  out: string
  /** Rows finished per second in this run. */
  rowsPerSecond: number
  /** Rows stored ok / rows finished, in this run (0 when none finished). */
  successRate: number
  /** Samples that were stored (ok) in this run. */
  stored: number
  /** Shards finalised in this run. */
  shards: string[]
  /** Samples recovered from shards an interrupted run had renamed but not yet recorded. */
  recovered: number
  /** True when the run stopped on its AbortSignal (rerun to continue). */
  aborted: boolean
}
