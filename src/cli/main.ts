#!/usr/bin/env node
import { environmentContext } from '../config/context.js'
import { withContext } from '../util/context.js'
import { errorCode, isLaionetError } from '../util/errors.js'
import { commands } from './commands.js'
import type { CommandIO } from './types.js'

/**
 * Runs `laionet <command> ...args` and resolves to the exit code (0 ok, 1 failure, 2 usage error: a bad flag, a
 * missing argument or a value out of range). Under `--json` an error is printed on stdout as one JSON document
 * `{"error": {"message", "code"}}` (code: usage, invalid-input, not-found, mismatch, ... from src/util/errors.ts),
 * with the same exit code; otherwise it goes to stderr as text. `env` is read once, into the context the command runs in
 * (LAIONET_DATA_MIRROR, LAIONET_CACHE, ...: see `environmentContext`); tests pass a plain object.
 */
export async function main(argv: string[], io: CommandIO = process, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await overview())
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    io.stdout.write('laionet 0.1.0\n')
    return 0
  }
  const json = rest.includes('--json')
  const load = commands[name]
  if (!load) {
    return fail(io, json, `laionet: unknown command "${name}". Run "laionet --help" for the list.`, 'usage', 2)
  }
  const { default: command } = await load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.trimEnd() + '\n')
    return 0
  }
  try {
    const context = environmentContext(env)
    return await withContext(context, () => command.run(rest, io))
  } catch (err) {
    // By brand and code, not instanceof: under tsx a lazily imported command can load its own copy of args.ts.
    if (isLaionetError(err, 'usage')) {
      const message = `laionet ${name}: ${(err as Error).message}`
      return fail(io, json, message, 'usage', 2, `${message}\n\n${command.usage.trimEnd()}`)
    }
    const message = err instanceof Error ? err.message : String(err)
    // Module errors already start with their prefix ("data: ..."); do not say "laionet data: data:".
    const text = message.startsWith(`${name}: `) ? `laionet ${message}` : `laionet ${name}: ${message}`
    if (env.LAIONET_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`)
    return fail(io, json, text, errorCode(err), 1)
  }
}

// Prints an error as JSON on stdout (under --json) or as text on stderr, and returns the exit code.
function fail(io: CommandIO, json: boolean, message: string, code: string, exit: number, text = message): number {
  if (json) io.stdout.write(JSON.stringify({ error: { message, code } }) + '\n')
  else io.stderr.write(`${text}\n`)
  return exit
}

async function overview(): Promise<string> {
  const names = Object.keys(commands).sort()
  const lines = await Promise.all(names.map(async (name) => {
    const { default: command } = await commands[name]()
    return `  ${name.padEnd(14)} ${command.summary}`
  }))
  return [
    'laionet: rebuild and measure LAIONet (Shirali & Hardt, "What Makes ImageNet Look Unlike LAION").',
    '',
    'Usage: laionet <command> [options]     laionet <command> --help',
    '',
    'Commands:',
    ...lines,
    '',
    'Most commands take --json for machine-readable output; under --json an error is {"error": {"message", "code"}} on stdout.',
    'Exit codes: 0 done, 1 failed, 2 usage error (bad flag, missing argument, value out of range).',
    '',
  ].join('\n')
}

/**
 * Runs the command line as the `laionet` bin: exit code on process.exitCode, and a reader that stops early
 * (`laionet data list | head`) ends the process quietly instead of an EPIPE stack trace.
 */
export function runBin(argv: string[]): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
  return main(argv).then((code) => { process.exitCode = code })
}

// Run only when executed as the bin, not when imported by tests.
const invokedAs = process.argv[1] ?? ''
if (/(?:^|[/\\])(?:main\.js|laionet)$/.test(invokedAs)) void runBin(process.argv.slice(2))
