// The one table of bounds for every number a user gives (command-line flags and laionet.config.json keys), so
// `--concurrency 1e8`, `--timeout` past Node's timer limit or `--seed 1e20` are refused at the door with the range,
// instead of allocating, overflowing a timer (Node turns > 2^31-1 ms into 1 ms) or losing bits.

/** Bounds of a number: `min` and `max` inclusive, `integer` for whole numbers only. */
export interface NumberRange {
  /** Smallest value accepted (inclusive). */
  readonly min: number
  /** Largest value accepted (inclusive). */
  readonly max: number
  /** Accept whole numbers only. Default: false. */
  readonly integer?: boolean
}

/** Node's timers hold a signed 32-bit number of milliseconds; a longer delay silently becomes 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** The largest Buffer Node allocates (bodies and files are read whole). */
const MAX_BUFFER_BYTES = 2 ** 32

/**
 * The ranges of every numeric flag and configuration key, by what they bound. Flags in seconds use the ms ranges
 * divided by 1000 ({@link secondsRange}).
 */
export const RANGES = {
  /** Requests (or OCR processes) in flight: each holds a body or a process, and one array slot per worker. */
  concurrency: { min: 1, max: 1024, integer: true },
  /** Worker threads of `match` and limits.workers (0 or 1 on the command line: this thread only). */
  workers: { min: 0, max: 256, integer: true },
  /** Threads of onnxruntime (0: its default, all cores). */
  threads: { min: 0, max: 256, integer: true },
  /** Inputs per model call; the decoded pixels of a batch are bounded separately. */
  batchSize: { min: 1, max: 4096, integer: true },
  /** A timeout in milliseconds. */
  timeoutMs: { min: 1, max: MAX_TIMER_MS, integer: true },
  /** Retries of one request. */
  retries: { min: 0, max: 100, integer: true },
  /** A byte limit on one body or file. */
  bytes: { min: 1, max: MAX_BUFFER_BYTES, integer: true },
  /** A pixel limit on one image (width x height). */
  pixels: { min: 1, max: MAX_BUFFER_BYTES, integer: true },
  /** The longest side of a stored image (JPEG and WebP stop at 16383 and 65535). */
  side: { min: 1, max: 16383, integer: true },
  /** A count of rows, samples, pairs or classes: any whole number a double holds exactly. */
  count: { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
  /** A row limit that may be 0 (nothing). */
  rows: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  /** Top-k of a classifier: at most its 1000 classes. */
  topClasses: { min: 1, max: 1000, integer: true },
  /** A cosine similarity. */
  cosine: { min: -1, max: 1 },
  /** A seed of the 32-bit random streams (src/util/random.ts): larger ones would silently share streams. */
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
} as const satisfies Record<string, NumberRange>

/** Returns a range in seconds for one in milliseconds (a timeout flag given in seconds). */
export function secondsRange(ms: NumberRange): NumberRange {
  return { min: ms.min / 1000, max: ms.max / 1000 }
}

/** Returns whether `n` is a finite number inside `range` (and whole when the range asks for it). */
export function inRange(n: unknown, range: NumberRange): n is number {
  return typeof n === 'number' && Number.isFinite(n) && (!range.integer || Number.isInteger(n)) && n >= range.min && n <= range.max
}

/** Returns what a range accepts, for messages: `an integer in [1, 1024]`. */
export function describeRange(range: NumberRange): string {
  return `${range.integer ? 'an integer' : 'a number'} in [${range.min}, ${range.max}]`
}
