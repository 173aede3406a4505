import { parseCommandArgs, printJson, UsageError } from './args.js'
import type { Command } from './types.js'
import { parseShard, type Shard } from '../io/parquet-shard.js'
import { mergeBuilds } from '../laionet/merge-builds.js'

/** Parses `--shard i/n` (shared by build and download); a bad value is a usage error naming the flag. */
export function shardFlag(value: string): Shard {
  try {
    return parseShard(value)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

const command: Command = {
  summary: 'combine the output folders of `laionet build --shard i/n` into what one machine would have written',
  usage: `Usage: laionet merge --out <dir> <shard folder>... [--json]

Reads the --out folders of every shard of one sharded build (laionet build --shard 0/n ... (n-1)/n, e.g. one per
task of a Slurm job array or a Kubernetes indexed Job), checks that they are the shards of one job (every shard once,
the same inputs, model, lemma map, synset texts, column, threshold and top-k), and writes <dir>/laionet.parquet,
labels.json, candidates.parquet and summary.json byte for byte as a single-machine build writes them, with the
chunks and state.json beside them. A file that failed on any shard is reported and left out, as in a single run.
  --out    the merged folder (not one of the shards)
  --json   print the summary as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' } }, { positionals: true })
    if (!values.out) throw new UsageError('--out: the merged output folder is required')
    if (positionals.length === 0) throw new UsageError('at least one shard folder is required (the --out folders of laionet build --shard i/n)')
    const summary = mergeBuilds(positionals, values.out)
    for (const e of summary.errors) io.stderr.write(`${e.error}\n`)
    if (values.json) printJson(io.stdout, summary, true)
    else io.stdout.write(`${summary.samples} samples over ${summary.classes} classes (of ${summary.matched} matched captions in ${summary.rows} rows) from ${positionals.length} shards -> ${values.out}\n`)
    return summary.errors.length > 0 ? 1 : 0
  },
}
export default command
