import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Thrown for bad command-line input; main prints the message and the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

type Options = NonNullable<ParseArgsConfig['options']>

/** The parsed value of one declared flag: boolean flags give booleans, `multiple` flags arrays. */
type FlagValue<F> = F extends { type: 'boolean' }
  ? (F extends { multiple: true } ? boolean[] : boolean)
  : (F extends { multiple: true } ? string[] : string)

/** What parseCommandArgs returns: every declared flag (undefined when absent) and the positionals. */
export interface ParsedCommandArgs<O extends Options> {
  values: { [K in keyof O]?: FlagValue<O[K]> } & { help?: boolean; json?: boolean }
  positionals: string[]
}

/**
 * Parses `argv` against `options` (node:util parseArgs), always accepting `--help` and `--json`.
 * @returns the parsed values and positionals; unknown flags raise a UsageError naming the flag.
 * @example const { values } = parseCommandArgs(argv, { seed: { type: 'string' } })
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, { positionals = false } = {}): ParsedCommandArgs<O> {
  try {
    return parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' }, ...options },
      allowPositionals: positionals,
      strict: true,
    }) as ParsedCommandArgs<O>
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, ''))
  }
}

/** Returns the value of a numeric flag, or `fallback` when absent; a non-number raises a UsageError. */
export function numberFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: expected a number, got "${value}"`)
  return n
}

/**
 * Returns the value of a flag that takes one of a few words; anything else raises a UsageError listing them.
 * @example choiceFlag('mode', values.mode, ['paper', 'extended'] as const) // 'paper'
 */
export function choiceFlag<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T {
  if (!(choices as readonly (string | undefined)[]).includes(value)) {
    const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}` : choices.join('')
    throw new UsageError(`--${name}: expected ${list}, got "${value}"`)
  }
  return value as T
}

/**
 * Wraps a progress callback so it runs at most once per `ms` milliseconds, and not before `ms` have passed: short
 * runs print no progress at all.
 * @example onProgress: throttled(2000, (p) => io.stderr.write(`${p.done} done\n`))
 */
export function throttled<T>(ms: number, fn: (progress: T) => void): (progress: T) => void {
  let last = Date.now()
  return (progress) => {
    const now = Date.now()
    if (now - last < ms) return
    last = now
    fn(progress)
  }
}

/** Writes `value` as one JSON document (pretty when `pretty`) followed by a newline. */
export function printJson(out: NodeJS.WritableStream, value: unknown, pretty = false): void {
  out.write(JSON.stringify(value, null, pretty ? 2 : undefined) + '\n')
}

/**
 * Returns the input files of a command that takes `--input <file>...`: every `--input` value and the bare
 * arguments after them, so a shell glob (`--input part-*.parquet`) and repeated flags both work.
 * @example inputFiles(values.input, positionals) // ['part-00000.parquet', 'part-00001.parquet']
 */
export function inputFiles(flagged: readonly string[] | undefined, positionals: readonly string[]): string[] {
  return [...(flagged ?? []), ...positionals]
}
