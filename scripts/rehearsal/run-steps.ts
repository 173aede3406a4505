import { spawn } from 'node:child_process'
import { PassThrough, Readable } from 'node:stream'
import { commands } from '../../src/cli/commands.js'
import { main } from '../../src/cli/main.js'

/** What an in-process `laionet` command printed and returned. */
export interface StepResult {
  code: number
  stdout: string
}

/**
 * Runs `laionet ...argv` in-process: its stdout is captured (JSON), its stderr (progress) goes to ours with a prefix.
 * @param argv the command line after `laionet`
 * @param env the command's environment. Default: ours.
 */
export async function laionet(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<StepResult> {
  const out = new PassThrough()
  const err = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  let pending = ''
  err.on('data', (c: Buffer) => {
    pending += c.toString('utf8')
    const lines = pending.split('\n')
    pending = lines.pop()!
    for (const line of lines) process.stderr.write(`  ${line}\n`)
  })
  const code = await main(argv, { stdout: out, stderr: err, stdin: Readable.from([]) }, env)
  out.end()
  err.end()
  if (pending) process.stderr.write(`  ${pending}\n`)
  const stdout = Buffer.concat(chunks).toString('utf8')
  if (code !== 0) process.stderr.write(`  laionet ${argv[0]} exited with ${code}: ${stdout.slice(0, 2000)}\n`)
  return { code, stdout }
}

/** True when the CLI has the command (the experiments command arrives with the experiments layer). */
export function hasCommand(name: string): boolean {
  return Object.hasOwn(commands, name)
}

/**
 * Runs a child process with inherited output and extra environment variables; resolves to its exit code.
 * @example await run('npm', ['run', 'reproduce'], { LAIONET_CONFIG: config })
 */
export function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
