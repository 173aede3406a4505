/** One `laionet <name>` subcommand. Commands stay thin: parse flags, call one public function, print. */
export interface Command {
  /** One line shown by `laionet --help`. */
  summary: string
  /** The full usage text shown by `laionet <name> --help`. */
  usage: string
  /** Run with the arguments after the command name; resolves to the process exit code. */
  run(argv: string[], io: CommandIO): Promise<number>
}

/** Where a command writes; injected so tests can capture output without spawning a process. */
export interface CommandIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream
}
