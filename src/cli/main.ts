#!/usr/bin/env node
import { commands } from './commands.js'
import type { CommandIO } from './types.js'

/** Runs `laionet <command> ...args` and resolves to the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CommandIO = process): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await overview())
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    io.stdout.write('laionet 0.1.0\n')
    return 0
  }
  const load = commands[name]
  if (!load) {
    io.stderr.write(`laionet: unknown command "${name}". Run "laionet --help" for the list.\n`)
    return 2
  }
  const { default: command } = await load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.trimEnd() + '\n')
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    // By name, not instanceof: under tsx a lazily imported command can load its own copy of args.ts.
    if (err instanceof Error && err.name === 'UsageError') {
      io.stderr.write(`laionet ${name}: ${err.message}\n\n${command.usage.trimEnd()}\n`)
      return 2
    }
    const message = err instanceof Error ? err.message : String(err)
    // Module errors already start with their prefix ("data: ..."); do not say "laionet data: data:".
    io.stderr.write(message.startsWith(`${name}: `) ? `laionet ${message}\n` : `laionet ${name}: ${message}\n`)
    if (process.env.LAIONET_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`)
    return 1
  }
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
    'Most commands take --json for machine-readable output.',
    '',
  ].join('\n')
}

// Run only when executed as the bin, not when imported by tests.
const invokedAs = process.argv[1] ?? ''
if (/(?:^|[/\\])(?:main\.js|laionet)$/.test(invokedAs)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code })
}
