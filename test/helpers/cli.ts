import { PassThrough, Readable } from 'node:stream'
import { main } from '../../src/cli/main.js'
import { currentContext, type LaionetContext } from '../../src/util/context.js'

/** What a command printed and returned. */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * The environment that describes `context` (the command line reads its context from the environment): the suite's
 * context (see useContext) reaches an in-process command without touching process.env.
 */
export function contextEnv(context: LaionetContext = currentContext()): Record<string, string | undefined> {
  return {
    ...process.env,
    LAIONET_DATA_MIRROR: context.dataMirror ?? undefined,
    LAIONET_CACHE: context.cacheDir,
    LAIONET_OUT: context.outDir,
    LAIONET_MODELS: context.modelCache,
    LAIONET_OFFLINE: context.offline ? '1' : '0',
    LAIONET_FIXTURES: context.fixturesDir,
    LAIONET_THREADS: context.threads === null ? undefined : String(context.threads),
    LAIONET_REMOTE_HOST: context.remoteHost,
    LAIONET_KEY_FILE: context.keyFile,
    LAIONET_CHROMIUM: context.chromium,
  }
}

/**
 * Runs `laionet ...argv` in-process with captured output, optionally feeding `stdin`, under `env` (the command's
 * environment; default: the one describing the context in force, so a suite's useContext applies).
 * @example const { code, stdout } = await runCli(['classes', '--json'])
 */
export async function runCli(argv: string[], stdin = '', env: Readonly<Record<string, string | undefined>> = contextEnv()): Promise<CliResult> {
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
