import { RANGES, secondsRange } from '../util/number-ranges.js'
import { loadConfig } from '../config/load-config.js'
import { downloadImages } from '../download/download-images.js'
import { formatSummary, progressPrinter } from '../download/progress.js'
import { choiceFlag, UsageError, numberFlag, parseCommandArgs, printJson, inputFiles } from './args.js'
import { shardFlag } from './merge.js'
import type { Command } from './types.js'

const usage = `Usage: laionet download --input <file>... --out <dir> [options]

Fetches the image of every row of parquet, CSV or JSON-lines files (a URL column) into WebDataset shards
(<out>/NNNNN.tar with <key>.jpg + <key>.json), one status line per row in <out>/status.jsonl, an index in
<out>/index.json and, per shard, <out>/NNNNN_stats.json (rows by status, bytes, duration, success rate) with the
shard's failed rows in <out>/NNNNN_failed.jsonl. Rerunning the same command resumes: rows already recorded are
skipped. A resume with another --format, --max-side, --max-pixels, --max-bytes or column, or onto inputs whose rows
changed, is refused, naming the change (the settings are recorded with the first stored row: a run that failed
before any row fixes nothing). One download at a time per --out: a second is refused while <out>/laionet.lock names
a running process (the lock of a killed run is taken over, with a message). Every number has a range; a value
outside it is a usage error.
Defaults come from laionet.config.json when there is one: --input from sources.laionetBuild, --out from
sources.laionetImages, the limits from limits.download.

Options:
  --input <file>...     input files (several, or repeated --input; rows are numbered across files in order)
  --out <dir>           output folder
  --url-col <name>      URL column (default: URL or url)
  --caption-col <name>  caption column (default: TEXT, caption or text)
  --concurrency <n>     requests in flight (default 16)
  --timeout <s>         seconds per attempt (default 10)
  --retries <n>         retries on 429, 5xx and timeouts (default 2)
  --max-bytes <n>       largest body in bytes (default 20000000)
  --max-pixels <n>      largest image in pixels (default 89478485)
  --max-side <n>        longest side of stored images (default 512)
  --format <f>          jpeg | png | webp (default jpeg)
  --shard-size <n>      samples per shard (default 1000)
  --max-rows <n>        stop after this many input rows
  --shard i/n           only shard i (from 0) of n, for a job array: parquet row groups (and other files whole) go
                        round-robin to the shards; rows keep their numbers (keys) over all inputs, so the shards'
                        folders never share a key
  --retry <status,...>  redo rows recorded with these statuses (e.g. timeout,http_503)
  --retry-failed        redo only the rows that failed transiently (timeout, http_5xx, connection_reset); never
                        a 404, a non-image or a refused row, and never a stored image
  --allow-loopback      allow 127.0.0.1 and ::1 (tests and local mirrors only; other private addresses stay refused)
  --allow-credentials   send URLs with a user name or password (http://user:pw@host/...) as Basic auth; by default
                        such rows get the status "credentials". Stored URLs never keep the secret
  --config <file>       configuration file (default: laionet.config.json at the project root, or LAIONET_CONFIG)
  --json                print the summary as JSON
`

const command: Command = {
  summary: 'download the images of a LAIONet build (or any URL list) into resumable shards',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      input: { type: 'string', multiple: true },
      out: { type: 'string' },
      'url-col': { type: 'string' },
      'caption-col': { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      'max-bytes': { type: 'string' },
      'max-pixels': { type: 'string' },
      'max-side': { type: 'string' },
      format: { type: 'string' },
      'shard-size': { type: 'string' },
      'max-rows': { type: 'string' },
      shard: { type: 'string' },
      retry: { type: 'string' },
      'retry-failed': { type: 'boolean' },
      'allow-loopback': { type: 'boolean' },
      'allow-credentials': { type: 'boolean' },
      config: { type: 'string' },
    }, { positionals: true })
    const config = await loadConfig(values.config, { checkPaths: false })
    const limits = config.limits.download
    const given = inputFiles(values.input, positionals)
    const inputs = given.length ? given : config.sources.laionetBuild ? [config.sources.laionetBuild] : []
    const out = values.out ?? config.sources.laionetImages
    if (!inputs.length) throw new UsageError('--input is required (or sources.laionetBuild in laionet.config.json)')
    if (!out) throw new UsageError('--out is required (or sources.laionetImages in laionet.config.json)')
    const format = choiceFlag('format', values.format ?? 'jpeg', ['jpeg', 'png', 'webp'] as const)
    const shard = values.shard === undefined ? undefined : shardFlag(values.shard)
    const controller = new AbortController()
    const onSigint = () => controller.abort(new Error('interrupted'))
    process.once('SIGINT', onSigint)
    const bar = progressPrinter(io.stderr as NodeJS.WritableStream & { isTTY?: boolean })
    try {
      const summary = await downloadImages(inputs, out, {
        urlColumn: values['url-col'],
        captionColumn: values['caption-col'],
        concurrency: numberFlag('concurrency', values.concurrency, limits.concurrency, RANGES.concurrency),
        timeoutMs: values.timeout === undefined ? limits.timeoutMs : Math.round(numberFlag('timeout', values.timeout, 10, secondsRange(RANGES.timeoutMs)) * 1000),
        retries: numberFlag('retries', values.retries, 2, RANGES.retries),
        maxBytes: numberFlag('max-bytes', values['max-bytes'], limits.maxBytes, RANGES.bytes),
        maxPixels: numberFlag('max-pixels', values['max-pixels'], limits.maxPixels, RANGES.pixels),
        maxSide: numberFlag('max-side', values['max-side'], limits.maxSide, RANGES.side),
        format,
        shardSize: numberFlag('shard-size', values['shard-size'], 1000, RANGES.count),
        maxRows: numberFlag('max-rows', values['max-rows'], Infinity, RANGES.rows),
        shard,
        retryStatuses: values.retry?.split(',').map((s) => s.trim()).filter(Boolean),
        retryFailed: values['retry-failed'] ?? false,
        allowLoopback: values['allow-loopback'] ?? false,
        allowCredentials: values['allow-credentials'] ?? false,
        onProgress: bar.update,
        onWarning: (message) => { io.stderr.write(`${message}\n`) },
        signal: controller.signal,
      })
      bar.end()
      if (values.json) printJson(io.stdout, summary, true)
      else io.stderr.write(formatSummary(summary))
      return summary.aborted ? 1 : 0
    } finally {
      process.removeListener('SIGINT', onSigint)
    }
  },
}

export default command
