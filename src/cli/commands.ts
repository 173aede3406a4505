import type { Command } from './types.js'

/**
 * Every `laionet` subcommand, loaded lazily so `laionet --help` and each command start fast
 * (transformers.js, onnxruntime and parquet are only imported by the commands that use them).
 * One line per command; the module's default export is its Command.
 */
export const commands: Record<string, () => Promise<{ default: Command }>> = {
  // foundation
  // (commands are added here, one line each, in their area's block)
}
