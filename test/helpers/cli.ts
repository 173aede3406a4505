import { PassThrough, Readable } from 'node:stream'
import { main } from '../../src/cli/main.js'

/** What a command printed and returned. */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `laionet ...argv` in-process with captured output, optionally feeding `stdin`, under `env` (the command's
 * environment: tests pass one instead of changing process.env).
 * @example const { code, stdout } = await runCli(['classes', '--json'], '', { LAIONET_DATA_MIRROR: shared('data') })
 */
export async function runCli(argv: string[], stdin = '', env: Readonly<Record<string, string | undefined>> = process.env): Promise<CliResult> {
  const out = new PassThrough()
  const err = new PassThrough()
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] }
  out.on('data', (c: Buffer) => chunks.out.push(c))
  err.on('data', (c: Buffer) => chunks.err.push(c))
  const code = await main(argv, { stdout: out, stderr: err, stdin: Readable.from([stdin]) }, env)
  out.end()
  err.end()
  return { code, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') }
}
