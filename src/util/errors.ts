/**
 * One error family for the whole package: every error we raise on purpose is a `LaionetError` carrying the module
 * that raised it (the message's prefix), a stable machine `code` (what the CLI prints as `{"error": {"message",
 * "code"}}`), optionally the bad value and the fix. Classify with `isLaionetError(err, code?)` / `errorCode(err)`,
 * never by `instanceof` (under tsx a lazily imported module can load a second copy of this file), by `err.name` or by
 * the message text.
 */

/** The codes in use; a code names the kind of failure, not the module (the module is its own field). */
export const ERROR_CODES = [
  /** Bad command-line input: unknown flag, missing argument, value out of range (CLI exit code 2). */
  'usage',
  /** Bad input data: a malformed file, row, field or option value handed to a public function. */
  'invalid-input',
  /** A named file, folder, class or key does not exist. */
  'not-found',
  /** A network request never got an answer (no network, DNS failure, refused connection). */
  'no-connection',
  /** A host resolves to an address the download guard refuses (private, loopback, link-local, ...). */
  'blocked-address',
  /** Stored state or a cached file disagrees with what it should be (checksum, resume state, corrupt chunk). */
  'mismatch',
  /** An external program or optional dependency is missing (tesseract, a model file). */
  'missing-dependency',
  /** Anything else we raise on purpose. */
  'failed',
] as const

/** A machine-readable error kind: one of ERROR_CODES. */
export type ErrorCode = typeof ERROR_CODES[number]

/** What a LaionetError carries besides its message. */
export interface LaionetErrorOptions {
  /** The kind of failure. Default 'failed'. */
  code?: ErrorCode
  /** The offending value (a flag value, a row, a file name), kept for callers; not printed by itself. */
  value?: unknown
  /** How to fix it, appended to the message as its last sentence. */
  fix?: string
  /** The underlying error when rethrowing. */
  cause?: unknown
}

const BRAND = Symbol.for('laionet.error')

/**
 * An error raised on purpose by `module`. The message starts with `<module>: ` (added when missing; module '' leaves
 * the prefix to the caller, as the CLI does for usage errors) and ends with the fix when one is given:
 * `data: no entry "x" in the manifest. Run "laionet data list"`.
 * @example throw new LaionetError('simulate', `samples must be a positive integer, got ${n}`, { code: 'invalid-input', value: n, fix: 'Pass samples >= 1' })
 */
export class LaionetError extends Error {
  override name = 'LaionetError'
  /** The module prefix ('data', 'build', 'address guard', a flag such as '--top-k'); '' when the caller prefixes it. */
  readonly module: string
  /** The kind of failure (stable, for machines). */
  readonly code: ErrorCode
  /** The offending value, when there is one. */
  declare readonly value?: unknown
  /** How to fix it, when known. */
  declare readonly fix?: string

  constructor(module: string, message: string, { code = 'failed', value, fix, cause }: LaionetErrorOptions = {}) {
    const prefixed = module === '' || message.startsWith(`${module}: `) ? message : `${module}: ${message}`
    super(fix ? `${prefixed.replace(/\.?\s*$/, '')}. ${fix}` : prefixed, cause === undefined ? undefined : { cause })
    this.module = module
    this.code = code
    if (value !== undefined) this.value = value
    if (fix !== undefined) this.fix = fix
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/**
 * True when `err` is a LaionetError (from any copy of this module), and, when `code` is given, of that code.
 * @example if (isLaionetError(err, 'usage')) return 2
 */
export function isLaionetError(err: unknown, code?: ErrorCode): err is LaionetError {
  if (typeof err !== 'object' || err === null || (err as Record<symbol, unknown>)[BRAND] !== true) return false
  return code === undefined || (err as LaionetError).code === code
}

/**
 * The machine code of any thrown value: the LaionetError's code, 'failed' for anything else.
 * @example errorCode(new Error('x')) // 'failed'
 */
export function errorCode(err: unknown): ErrorCode {
  return isLaionetError(err) ? err.code : 'failed'
}
