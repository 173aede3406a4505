import { parseArgs, type ParseArgsConfig } from 'node:util'
import { LaionetError } from '../util/errors.js'
import { describeRange, inRange, type NumberRange } from '../util/number-ranges.js'

/**
 * Thrown for bad command-line input (code 'usage'); main prints `laionet <command>: <message>` and the usage, exit
 * code 2. A message that starts with the flag (`--top-k: ...`) keeps it as its module.
 */
export class UsageError extends LaionetError {
  override name = 'UsageError'
  constructor(message: string, { value, cause }: { value?: unknown, cause?: unknown } = {}) {
    super(/^(--?[\w-]+): /.exec(message)?.[1] ?? '', message, { code: 'usage', value, cause })
  }
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

/**
 * Returns the value of a numeric flag, or `fallback` when absent; a non-number, or a value outside `range` (every
 * numeric flag has one: src/util/number-ranges.ts), raises a UsageError naming the flag and its range.
 * @example numberFlag('top-k', values['top-k'], 50, RANGES.count)
 */
export function numberFlag(name: string, value: string | undefined, fallback: number, range: NumberRange): number {
  if (value === undefined) return fallback
  const n = value.trim() === '' ? NaN : Number(value)
  if (!inRange(n, range)) throw new UsageError(`--${name}: expected ${describeRange(range)}, got "${value.slice(0, 100)}"`)
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
